import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from motcua.core.actors import SYSTEM
from motcua.core.errors import error_codes
from motcua.dossiers import services as dossier_services
from motcua.dossiers.states import State
from motcua.payments import services, vietqr
from motcua.payments.callbacks import demo_bank_pay
from motcua.payments.conf import DEMO_BANK
from motcua.payments.errors import PaymentErrorCode
from motcua.payments.models import Method, Payment, Receipt, Status
from motcua.payments.receipts import next_receipt_seq

from .conftest import owing, received

# Receipt numbers carry the year of the payment.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("working_morning")]


def test_qr_payment_carries_amount_and_reference_in_its_code(world):
    dossier = received(world, online=True)
    payment = services.payment_start_qr(actor=world.applicant, dossier=dossier)
    assert (payment.status, payment.method, payment.amount, payment.unit) == (
        Status.PENDING,
        Method.QR,
        8000,
        dossier.receiving_unit,
    )
    transfer = vietqr.parse(payment.qr_payload)
    assert (transfer.bank_bin, transfer.account, transfer.amount) == (DEMO_BANK["BANK_BIN"], DEMO_BANK["ACCOUNT"], 8000)
    assert transfer.reference == payment.provider_reference and transfer.purpose == "".join(
        c for c in dossier.code if c.isalnum()
    )
    assert payment.lines == [{"code": "PHI_BAN_SAO", "name": payment.lines[0]["name"], "amount": 8000}]


def test_asking_again_gives_the_same_code_until_the_amount_changes(world):
    dossier = received(world, online=True)
    applicant = world.applicant
    first = services.payment_start_qr(actor=applicant, dossier=dossier)
    assert services.payment_start_qr(actor=applicant, dossier=dossier).pk == first.pk
    Payment.objects.filter(pk=first.pk).update(amount=1)  # as if the fees had changed since
    second = services.payment_start_qr(actor=applicant, dossier=dossier)
    first.refresh_from_db()
    assert second.pk != first.pk and first.status == Status.CANCELLED


def test_nothing_to_pay(world, english):
    dossier = received(world)
    officer = world.officer_b1
    services.payment_cash(actor=officer, dossier=dossier, amount=8000)
    with pytest.raises(ValidationError) as error:
        services.payment_start_qr(actor=officer, dossier=dossier)
    assert error_codes(error.value) == {"amount": [PaymentErrorCode.NOTHING_DUE]}
    assert services.payment_required_ok(dossier)


def test_no_fees_on_a_closed_dossier(world, english):
    dossier = dossier_services.dossier_withdraw(actor=SYSTEM, dossier=received(world), reason="Không cần nữa")
    with pytest.raises(ValidationError) as error:
        services.payment_cash(actor=world.officer_b1, dossier=dossier, amount=8000)
    assert "dossier" in error.value.message_dict


@pytest.mark.parametrize("amount", [7999, 8001, 0, -8000, "8000", None, True])
def test_cash_must_be_exactly_the_amount_due(world, english, amount):
    dossier = received(world)
    with pytest.raises(ValidationError) as error:
        services.payment_cash(actor=world.officer_b1, dossier=dossier, amount=amount)
    assert list(error.value.message_dict) == ["amount"]
    assert not Payment.objects.exists() and not Receipt.objects.exists()


def test_cash_payment_issues_a_receipt_and_cancels_the_qr_code(world):
    dossier = received(world)
    officer = world.officer_b2  # another branch of the same centre
    qr = services.payment_start_qr(actor=officer, dossier=dossier)
    payment = services.payment_cash(actor=officer, dossier=dossier, amount=8000)
    receipt = payment.receipt
    year = timezone.localdate().year
    assert receipt.number == f"BL{year}-000001" and (receipt.series, receipt.year, receipt.seq) == ("BL", year, 1)
    assert (receipt.amount, receipt.payer_name, receipt.issued_by) == (8000, "Nguyễn Văn An", officer)
    assert receipt.unit == world.org.branch2 == payment.unit  # where the money was taken
    assert [line["code"] for line in receipt.lines] == ["PHI_BAN_SAO"]
    qr.refresh_from_db()
    assert qr.status == Status.CANCELLED


def test_receipt_numbers_are_gap_free_and_unique(world):
    officer = world.officer_b1
    numbers = [
        services.payment_cash(actor=officer, dossier=received(world), amount=8000).receipt.number for _ in range(3)
    ]
    failing = received(world)
    with pytest.raises(ValidationError):
        services.payment_cash(actor=officer, dossier=failing, amount=1)  # refused: takes no number
    with pytest.raises(RuntimeError), transaction.atomic():  # a number taken and rolled back comes back
        next_receipt_seq("BL", timezone.localdate().year)
        raise RuntimeError
    numbers.append(services.payment_cash(actor=officer, dossier=failing, amount=8000).receipt.number)
    year = timezone.localdate().year
    assert numbers == [f"BL{year}-{n:06d}" for n in (1, 2, 3, 4)]
    assert Receipt.objects.values("number").distinct().count() == 4


def test_series_restart_each_year():
    assert next_receipt_seq("BL", 2025) == 1
    assert next_receipt_seq("BL", 2025) == 2
    assert next_receipt_seq("BL", 2026) == 1
    assert next_receipt_seq("XY", 2026) == 1


def test_paying_a_financial_dossier_sends_it_back_to_processing(world):
    dossier = owing(world, 50000, online=True)
    assert dossier.state == State.FINANCIAL
    payment = services.payment_start_qr(actor=world.applicant, dossier=dossier)
    assert payment.amount == 58000
    result = demo_bank_pay(payment)
    assert result.status == 200
    dossier.refresh_from_db()
    assert dossier.state == State.IN_PROCESS
    event = dossier.events.order_by("-seq").first()
    assert (
        event.action == "mark_paid"
        and event.data == {"receipt": result.body["receipt"], "method": "qr"}
        and event.actor is None
    )


def test_a_partial_payment_does_not_release_the_dossier(world):
    dossier = received(world)
    officer = world.officer_b1
    services.payment_cash(actor=officer, dossier=dossier, amount=8000)  # the copy fee, at intake
    dossier = dossier_services.dossier_forward(actor=SYSTEM, dossier=dossier)
    dossier = dossier_services.dossier_request_payment(actor=SYSTEM, dossier=dossier, amount=30000)
    assert not services.payment_required_ok(dossier)
    payment = services.payment_cash(actor=officer, dossier=dossier, amount=30000)  # only what is left
    dossier.refresh_from_db()
    assert dossier.state == State.IN_PROCESS and services.payment_required_ok(dossier)
    assert payment.receipt.lines[0]["code"].startswith("YC") and payment.receipt.number.endswith("000002")
    assert dossier.events.order_by("-seq").first().actor == officer


def test_confirm_twice_gives_one_receipt(world):
    dossier = received(world, online=True)
    payment = services.payment_start_qr(actor=world.applicant, dossier=dossier)
    first = services.payment_confirm(provider="demobank", reference=payment.provider_reference, amount=8000)
    again = services.payment_confirm(provider="demobank", reference=payment.provider_reference, amount=8000)
    assert first.receipt_id == again.receipt_id and Receipt.objects.count() == 1


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("applicant", True),
        ("officer_c", True),
        ("officer_b1", True),
        ("officer_b2", True),
        ("other_citizen", False),
        ("agent", False),
        ("spec", False),
        ("lead", False),
        ("director", False),
        ("admin", False),
        ("spec_justice", False),
    ],
)
def test_who_may_start_a_qr_payment(world, who, allowed):
    dossier = received(world, online=True)
    actor = world.person(who)
    if allowed:
        assert services.payment_start_qr(actor=actor, dossier=dossier).status == Status.PENDING
    else:
        with pytest.raises(PermissionDenied):
            services.payment_start_qr(actor=actor, dossier=dossier)
        assert not Payment.objects.exists()


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("officer_b1", True),
        ("officer_b2", True),
        ("officer_c", True),
        ("applicant", False),
        ("other_citizen", False),
        ("spec", False),
        ("lead", False),
        ("director", False),
        ("admin", False),
    ],
)
def test_who_may_take_cash(world, who, allowed):
    dossier = received(world, online=True)
    actor = world.person(who)
    if allowed:
        assert services.payment_cash(actor=actor, dossier=dossier, amount=8000).status == Status.PAID
    else:
        with pytest.raises(PermissionDenied):
            services.payment_cash(actor=actor, dossier=dossier, amount=8000)
        assert not Payment.objects.exists() and not Receipt.objects.exists()


def test_an_officer_of_another_centre_may_not_take_cash(world):
    from tests.builders import a_staff_member, an_org

    elsewhere = an_org("79")
    officer = a_staff_member("receiving_officer", elsewhere.branch1, username="hcm_officer")
    with pytest.raises(PermissionDenied):
        services.payment_cash(actor=officer, dossier=received(world), amount=8000)
