import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from motcua.dossiers.states import State
from motcua.payments import services
from motcua.payments.conf import DEMO_BANK
from motcua.payments.models import FeeExemption, Payment, Receipt, Status

from .conftest import owing, received

pytestmark = pytest.mark.django_db


def login(client, world, who):
    client.force_login(world.person(who))
    return client


def page(client, dossier):
    return client.get(f"/payments/dossiers/{dossier.code}/")


def test_the_applicant_pays_by_qr_from_the_page(client, world, settings):
    settings.MOTCUA = {**settings.MOTCUA, "DEMO": False}
    dossier = received(world, online=True)
    login(client, world, "applicant")
    html = page(client, dossier).content.decode()
    assert "Phí cấp bản sao" in html and "8.000 đ" in html and 'name="amount"' not in html
    response = client.post(f"/payments/dossiers/{dossier.code}/qr/")
    assert response.status_code == 302
    payment = Payment.objects.get()
    html = page(client, dossier).content.decode()
    assert 'src="data:image/svg+xml' in html and payment.provider_reference in html
    assert DEMO_BANK["ACCOUNT"] in html and "TRUNG TAM TEST" in html
    assert "/simulate/" not in html  # not a demo system
    assert client.post(f"/payments/dossiers/{dossier.code}/simulate/{payment.pk}/").status_code == 404


def test_the_demo_button_plays_the_bank(client, world, settings):
    settings.MOTCUA = {**settings.MOTCUA, "DEMO": True}
    dossier = owing(world, 50000, online=True)
    login(client, world, "applicant")
    client.post(f"/payments/dossiers/{dossier.code}/qr/")
    payment = Payment.objects.get()
    assert f"/simulate/{payment.pk}/" in page(client, dossier).content.decode()
    response = client.post(f"/payments/dossiers/{dossier.code}/simulate/{payment.pk}/", follow=True)
    payment.refresh_from_db()
    dossier.refresh_from_db()
    assert payment.status == Status.PAID and dossier.state == State.IN_PROCESS
    html = response.content.decode()
    assert payment.receipt.number in html and f"/payments/receipts/{payment.receipt.number}.pdf" in html


def test_cash_at_the_counter_through_the_form(client, world):
    dossier = received(world)
    login(client, world, "officer_b1")
    assert 'name="amount"' in page(client, dossier).content.decode()
    wrong = client.post(f"/payments/dossiers/{dossier.code}/cash/", {"amount": "5000"})
    assert (
        wrong.status_code == 422
        and "8.000" in wrong.content.decode()
        and 'class="field-error"' in wrong.content.decode()
    )
    assert not Receipt.objects.exists()
    empty = client.post(f"/payments/dossiers/{dossier.code}/cash/", {"amount": ""})
    assert empty.status_code == 422
    ok = client.post(f"/payments/dossiers/{dossier.code}/cash/", {"amount": "8000"})
    assert ok.status_code == 302 and Receipt.objects.count() == 1


def test_exemption_through_the_form(client, world):
    dossier = received(world)
    login(client, world, "officer_b1")
    missing = client.post(f"/payments/dossiers/{dossier.code}/exempt/", {"fee_code": "PHI_BAN_SAO", "reason": ""})
    assert missing.status_code == 422 and not FeeExemption.objects.exists()
    ok = client.post(f"/payments/dossiers/{dossier.code}/exempt/", {"fee_code": "PHI_BAN_SAO", "reason": "Hộ nghèo"})
    assert ok.status_code == 302 and FeeExemption.objects.get().reason == "Hộ nghèo"


def test_the_citizen_sees_no_staff_forms_and_cannot_post_them(client, world):
    dossier = received(world, online=True)
    login(client, world, "applicant")
    html = page(client, dossier).content.decode()
    assert "/cash/" not in html and "/exempt/" not in html
    assert client.post(f"/payments/dossiers/{dossier.code}/cash/", {"amount": "8000"}).status_code == 403
    assert (
        client.post(
            f"/payments/dossiers/{dossier.code}/exempt/", {"fee_code": "PHI_BAN_SAO", "reason": "x"}
        ).status_code
        == 403
    )
    assert not Receipt.objects.exists() and not FeeExemption.objects.exists()


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("applicant", 200),
        ("officer_b1", 200),
        ("officer_c", 200),
        ("director", 200),
        ("spec", 200),  # handling unit
        ("lead", 200),
        ("other_citizen", 404),
        ("agent", 404),
        ("spec_justice", 404),
        ("admin", 404),  # administrators administer; reading follows the processing roles
    ],
)
def test_who_sees_the_page_and_the_receipt(client, world, who, status):
    dossier = received(world, online=True)
    receipt = services.payment_cash(actor=world.officer_c, dossier=dossier, amount=8000).receipt
    login(client, world, who)
    assert page(client, dossier).status_code == status
    pdf = client.get(f"/payments/receipts/{receipt.number}.pdf")
    assert pdf.status_code == status
    if status == 200:
        assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_anonymous_visitors_log_in_first(client, world):
    dossier = received(world, online=True)
    assert page(client, dossier).status_code == 302
    assert client.post(f"/payments/dossiers/{dossier.code}/qr/").status_code == 302
    assert client.get("/payments/receipts/BL2026-000001.pdf").status_code == 302


def test_a_refused_start_is_a_message_not_an_error(client, world):
    dossier = received(world, online=True)
    login(client, world, "director")  # may view, may not pay
    response = client.post(f"/payments/dossiers/{dossier.code}/qr/", follow=True)
    assert response.status_code == 200 and not Payment.objects.exists()
    assert 'class="message error"' in response.content.decode()


def test_the_page_query_count_is_constant(client, world):
    dossier = owing(world, 50000)
    officer = world.officer_b1
    login(client, world, "officer_b1")
    services.payment_start_qr(actor=officer, dossier=dossier)
    with CaptureQueriesContext(connection) as few:
        assert page(client, dossier).status_code == 200
    for amount in (1, 2):  # more cancelled codes and a receipt
        Payment.objects.filter(status=Status.PENDING).update(amount=amount)
        services.payment_start_qr(actor=officer, dossier=dossier)
    services.payment_cash(actor=officer, dossier=dossier, amount=58000)
    with CaptureQueriesContext(connection) as many:
        assert page(client, dossier).status_code == 200
    assert len(few) == len(many)
