import io

import pytest
from pypdf import PdfReader

from motcua.payments import services
from motcua.payments.receipts import render_receipt_pdf

from .conftest import owing, received

pytestmark = pytest.mark.django_db


def text_of(pdf: bytes) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).split())


def test_receipt_shows_number_payer_lines_and_amount_in_words(world):
    officer = world.officer_b1
    receipt = services.payment_cash(actor=officer, dossier=received(world), amount=8000).receipt
    text = text_of(render_receipt_pdf(receipt))
    assert "BIÊN LAI THU PHÍ, LỆ PHÍ" in text
    assert receipt.number in text and "Nguyễn Văn An" in text
    assert "Tám nghìn đồng" in text and "8.000 đ" in text
    assert "Phí cấp bản sao" in text and "Tiền mặt" in text
    assert f"lookup/?code={receipt.dossier.code}" in text.replace(" ", "")


def test_bank_receipt_names_the_transfer(world):
    dossier = owing(world, 50000, online=True)
    payment = services.payment_start_qr(actor=world.applicant, dossier=dossier)
    payment = services.payment_confirm(provider="demobank", reference=payment.provider_reference, amount=58000)
    text = text_of(render_receipt_pdf(payment.receipt))
    assert "Năm mươi tám nghìn đồng" in text and payment.provider_reference in text
    assert "Thu qua ngân hàng" in text


def test_bank_receipt_fits_one_page_dated_in_the_province_and_links_to_the_public_address(world, settings):
    """It once spilled its signatures onto a second page."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    import time_machine

    from tests.pdfs import codes_on, keep, lines_of, page_count

    settings.MOTCUA = {**settings.MOTCUA, "PUBLIC_URL": "https://motcua.example.gov.vn"}
    with time_machine.travel(datetime(2026, 3, 9, 14, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")), tick=False):
        dossier = owing(world, 1250000, online=True)
        dossier.address = "Số 12, ngõ 34, phố Hàng Bài, tổ dân phố số 5"
        dossier.save(update_fields=["address"])
        payment = services.payment_start_qr(actor=world.applicant, dossier=dossier)
        payment = services.payment_confirm(provider="demobank", reference=payment.provider_reference, amount=1258000)
        pdf = render_receipt_pdf(payment.receipt)
    keep("payment-receipt", pdf)
    assert page_count(pdf) == 1
    assert "Hà Nội, ngày 09 tháng 3 năm 2026" in text_of(pdf)
    assert codes_on(pdf)["QRCode"] == [f"https://motcua.example.gov.vn/lookup/?code={dossier.code}"]
    heights = lines_of(pdf)
    assert heights["NGƯỜI NỘP TIỀN"] == heights["NGƯỜI THU TIỀN"]
