import io

import pytest
from pypdf import PdfReader

from motcua.core.actors import SYSTEM
from motcua.dossiers import services
from motcua.dossiers.clock import unit_calendar
from motcua.dossiers.printouts import available, render_pdf
from tests.builders import a_dossier

pytestmark = pytest.mark.django_db


def text_of(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return "\n".join(page.extract_text() for page in reader.pages)


@pytest.mark.parametrize(
    ("slug", "title", "extra"),
    [
        ("receipt", "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ", "Thời gian trả kết quả"),
        ("supplement", "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ", "Giấy chứng sinh bản chính"),
        ("refusal", "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ", "Không thuộc thẩm quyền"),
        ("apology", "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ", "Cần xác minh thêm"),
        ("control-sheet", "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ", "Nguyễn Thị"),
    ],
)
def test_each_form_carries_code_and_readable_vietnamese(world, slug, title, extra):
    officer = world.officer_b1
    dossier = a_dossier(world, channel="counter").build()
    if slug == "refusal":
        dossier = services.dossier_refuse_intake(actor=officer, dossier=dossier, reasons=["Không thuộc thẩm quyền"])
    elif slug == "supplement":
        dossier = services.dossier_request_supplement_at_desk(
            actor=officer, dossier=dossier, items=["Giấy chứng sinh bản chính"]
        )
    else:
        dossier = services.dossier_receive(actor=SYSTEM, dossier=dossier)
        if slug == "apology":
            new_due = unit_calendar(dossier.receiving_unit).add_working_days(dossier.due_at, 2)
            dossier = services.dossier_apologise(
                actor=SYSTEM, dossier=dossier, new_due=new_due, reason="Cần xác minh thêm"
            )
        if slug == "control-sheet":
            officer.full_name = "Nguyễn Thị Lan"
            officer.save()
            dossier = services.dossier_forward(actor=type(officer).objects.get(pk=officer.pk), dossier=dossier)
    assert slug in {p.slug for p in available(dossier, dossier.events.all())}
    pdf = render_pdf(dossier, slug, internal=True)
    assert pdf.startswith(b"%PDF")
    text = " ".join(text_of(pdf).split())
    assert title in text and dossier.code in text
    assert extra in text
    assert "Nguyễn Văn An" in text or slug == "control-sheet"
    assert f"lookup/?code={dossier.code}".replace(" ", "") in text.replace(" ", "")  # what the QR code links to


def test_forms_not_yet_due_are_not_offered(world):
    dossier = a_dossier(world, channel="counter").build()
    assert [p.slug for p in available(dossier, dossier.events.all())] == []
    from django.http import Http404

    with pytest.raises(Http404):
        render_pdf(dossier, "receipt", internal=True)
