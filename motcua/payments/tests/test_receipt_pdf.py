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
