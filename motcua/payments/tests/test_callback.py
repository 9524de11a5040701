import json
import time

import pytest
from django.test import Client

from motcua.payments import services
from motcua.payments.callbacks import demo_bank_pay, handle_callback
from motcua.payments.models import CallbackNonce, Receipt, Status
from motcua.payments.providers import Callback, DemoBankProvider, signature

from .conftest import received

pytestmark = pytest.mark.django_db
URL = "/payments/callback/demobank/"


@pytest.fixture
def payment(world):
    return services.payment_start_qr(actor=world.applicant, dossier=received(world, online=True))


def signed(payment, **changes):
    fields = {
        "reference": payment.provider_reference,
        "amount": payment.amount,
        "status": "paid",
        "timestamp": int(time.time()),
        "nonce": "n0nce-0001",
    } | changes
    callback = Callback(**fields)
    return json.dumps(fields).encode(), {"X-Signature": signature(b"test-callback-secret", callback)}


def post(body, headers):
    # A bank has no CSRF token: the endpoint must not ask for one.
    client = Client(enforce_csrf_checks=True)
    extra = {f"HTTP_{k.upper().replace('-', '_')}": v for k, v in headers.items()}
    return client.post(URL, body, content_type="application/json", **extra)


def test_a_signed_callback_pays_and_issues_the_receipt(payment):
    response = post(*signed(payment))
    assert response.status_code == 200
    payment.refresh_from_db()
    assert payment.status == Status.PAID and response.json() == {
        "ok": True,
        "status": "paid",
        "receipt": payment.receipt.number,
    }


def test_a_forged_signature_is_refused(payment):
    body, _headers = signed(payment)
    forged = signature(b"guessed-secret", Callback(**json.loads(body)))
    for headers in ({"X-Signature": forged}, {}, {"X-Signature": "zz"}):
        response = post(body, headers)
        assert response.status_code == 401
    payment.refresh_from_db()
    assert payment.status == Status.PENDING and not CallbackNonce.objects.exists()


def test_a_changed_body_breaks_the_signature(payment):
    body, headers = signed(payment)
    tampered = body.replace(b'"status": "paid"', b'"status": "failed"')
    assert post(tampered, headers).status_code == 401


def test_a_replayed_callback_is_refused(payment):
    body, headers = signed(payment)
    assert post(body, headers).status_code == 200
    replay = post(body, headers)
    assert replay.status_code == 409 and replay.json()["field"] == "nonce"
    assert Receipt.objects.count() == 1


@pytest.mark.parametrize("skew", [-310, 310, -3600])
def test_a_stale_or_future_timestamp_is_refused(payment, skew):
    response = post(*signed(payment, timestamp=int(time.time()) + skew))
    assert response.status_code == 401 and response.json()["field"] == "timestamp"
    payment.refresh_from_db()
    assert payment.status == Status.PENDING


def test_a_duplicate_notification_is_harmless(payment):
    assert post(*signed(payment, nonce="first-delivery")).status_code == 200
    again = post(*signed(payment, nonce="second-delivery"))
    assert again.status_code == 200 and again.json()["status"] == "paid"
    assert Receipt.objects.count() == 1


def test_a_wrong_amount_is_refused_and_nothing_changes(payment):
    response = post(*signed(payment, amount=payment.amount - 1))
    assert response.status_code == 422 and response.json()["field"] == "amount"
    payment.refresh_from_db()
    assert payment.status == Status.PENDING and not Receipt.objects.exists()


def test_unknown_reference_and_provider(payment):
    assert post(*signed(payment, reference="MCNOSUCHREF")).status_code == 404
    body, headers = signed(payment)
    assert Client().post("/payments/callback/nobank/", body, content_type="application/json").status_code == 404
    assert Client().get(URL).status_code == 405


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (b"not json", ""),
        (b"[1, 2]", ""),
        (b'{"reference": "X", "amount": "8000", "status": "paid", "timestamp": 1, "nonce": "abcdefgh"}', "amount"),
        (b'{"reference": "X", "amount": 8000, "status": "maybe", "timestamp": 1, "nonce": "abcdefgh"}', "status"),
        (b'{"reference": "X", "amount": 8000, "status": "paid", "timestamp": 1, "nonce": "short"}', "nonce"),
        (b'{"amount": 8000, "status": "paid", "timestamp": 1, "nonce": "abcdefgh"}', "reference"),
    ],
)
def test_malformed_bodies_name_the_problem(db, body, field):
    response = post(body, {"X-Signature": "0" * 64})
    assert response.status_code == 400 and response.json().get("field", "") == field


def test_an_oversized_body_is_refused(db):
    assert post(b"{" + b" " * 5000 + b"}", {}).status_code == 413


def test_money_for_a_cancelled_code_is_not_taken_silently(world, payment):
    services.payment_cash(actor=world.officer_c, dossier=payment.dossier, amount=8000)
    response = post(*signed(payment))
    assert response.status_code == 409 and response.json()["field"] == "reference"
    assert Receipt.objects.count() == 1


def test_a_failed_transfer_lets_the_payer_start_again(world, payment):
    assert post(*signed(payment, status="failed")).status_code == 200
    payment.refresh_from_db()
    assert payment.status == Status.FAILED
    again = services.payment_start_qr(actor=world.applicant, dossier=payment.dossier)
    assert again.pk != payment.pk and again.status == Status.PENDING


def test_without_a_secret_outside_the_demo_callbacks_are_refused(settings, payment):
    body, headers = signed(payment)
    settings.MOTCUA_PAYMENT = {**settings.MOTCUA_PAYMENT, "CALLBACK_SECRET": ""}
    settings.MOTCUA = {**settings.MOTCUA, "DEMO": False}
    settings.DEBUG = False
    assert handle_callback("demobank", body, headers).status == 503
    payment.refresh_from_db()
    assert payment.status == Status.PENDING


def test_the_simulated_bank_takes_the_real_path(payment):
    result = demo_bank_pay(payment)
    assert result.status == 200 and CallbackNonce.objects.count() == 1
    assert demo_bank_pay(payment, amount=1).status == 422


def test_signing_is_deterministic_over_the_canonical_body():
    callback = Callback(reference="MCA", amount=8000, status="paid", timestamp=1767225600, nonce="abcdefgh")
    # HMAC-SHA256("test-callback-secret", "MCA|8000|paid|1767225600|abcdefgh"), computed independently
    import hashlib
    import hmac

    expected = hmac.new(b"test-callback-secret", b"MCA|8000|paid|1767225600|abcdefgh", hashlib.sha256).hexdigest()
    assert signature(b"test-callback-secret", callback) == expected
    body, headers = DemoBankProvider().sign(reference="MCA", amount=8000)
    parsed = DemoBankProvider().verify(body=body, headers=headers, now=time.time())
    assert (parsed.reference, parsed.amount, parsed.status) == ("MCA", 8000, "paid")
