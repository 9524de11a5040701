"""The one-stop forms as printed: one page, the place-and-date line, the QR code pointing at the configured public
address, the barcode of form 01 that a desk scanner reads. Each form is kept in test-artifacts/ to look at."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from motcua.core.actors import SYSTEM
from motcua.dossiers import services
from motcua.dossiers.clock import unit_calendar
from motcua.dossiers.printouts import render_pdf
from tests.builders import a_dossier
from tests.pdfs import codes_on, keep, lines_of, page_count, text_of

pytestmark = pytest.mark.django_db

PUBLIC = "https://motcua.example.gov.vn"
# Thursday 5 February 2026, 09:30 in Hà Nội: a day below 10 and a month below 3 take a leading zero.
MORNING = datetime(2026, 2, 5, 9, 30, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


@pytest.fixture
def public_url(settings):
    settings.MOTCUA = {**settings.MOTCUA, "PUBLIC_URL": PUBLIC + "/"}


def dossier_for(world, slug):
    officer = world.officer_b1
    dossier = a_dossier(world, channel="counter").build()
    if slug == "refusal":
        return services.dossier_refuse_intake(actor=officer, dossier=dossier, reasons=["Không thuộc thẩm quyền"])
    if slug == "supplement":
        return services.dossier_request_supplement_at_desk(
            actor=officer, dossier=dossier, items=["Giấy chứng sinh bản chính"]
        )
    dossier = services.dossier_receive(actor=officer, dossier=dossier)
    if slug == "apology":
        new_due = unit_calendar(dossier.receiving_unit).add_working_days(dossier.due_at, 2)
        dossier = services.dossier_apologise(actor=SYSTEM, dossier=dossier, new_due=new_due, reason="Cần xác minh")
    return dossier


@pytest.mark.parametrize("slug", ["receipt", "supplement", "refusal", "apology", "control-sheet"])
def test_each_form_fits_one_page_dated_in_the_province_and_links_to_the_public_address(world, public_url, slug):
    with time_machine.travel(MORNING, tick=False):
        dossier = dossier_for(world, slug)
        pdf = render_pdf(dossier, slug, internal=True)
    keep(f"form-{slug}", pdf)
    assert page_count(pdf) == 1
    text = text_of(pdf)
    assert "Hà Nội, ngày 05 tháng 02 năm 2026" in text  # the province's name without "Thành phố"
    codes = codes_on(pdf)
    assert codes["QRCode"] == [f"{PUBLIC}/lookup/?code={dossier.code}"]
    if slug == "receipt":
        assert codes["Code128"] == [dossier.code]
    else:
        assert "Code128" not in codes


def test_the_receipt_signatures_line_up(world):
    """Both signers' titles, notes and names stand on the same lines."""
    with time_machine.travel(MORNING, tick=False):
        dossier = dossier_for(world, "receipt")
        pdf = render_pdf(dossier, "receipt", internal=False)
    heights = lines_of(pdf)
    assert heights["NGƯỜI NỘP HỒ SƠ"] == heights["NGƯỜI TIẾP NHẬN HỒ SƠ"]
    assert heights[dossier.applicant_name] == heights[world.officer_b1.get_full_name()]
