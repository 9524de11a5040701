import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from motcua.catalog.models import Fee
from motcua.core.errors import error_codes
from motcua.payments import fees, services
from motcua.payments.errors import PaymentErrorCode
from motcua.payments.models import FeeExemption, Payment, Status

from .conftest import in_process, owing, received

pytestmark = pytest.mark.django_db


def fee(code, amount):
    return Fee(code=code, name=code.lower(), amount=amount)


RESIDENCE = [fee("LE_PHI_TRUC_TIEP", 20000), fee("LE_PHI_TRUC_TUYEN", 10000), fee("PHI_BAN_SAO", 8000)]


@pytest.mark.parametrize(("channel", "expected"), [("counter", 28000), ("post", 28000), ("online", 18000)])
def test_channel_fees_are_alternatives(channel, expected):
    lines = fees.select_fees(RESIDENCE, channel=channel)
    assert fees.total(lines) == expected and len(lines) == 2


def test_a_case_fee_replaces_the_base_fee_in_its_place():
    catalogue = [fee("LE_PHI", 0), fee("PHI_BAN_SAO", 8000), fee("LE_PHI__QUA_HAN", 5000), fee("X__OTHER", 1)]
    assert [(line.code, line.amount) for line in fees.select_fees(catalogue, channel="counter")] == [
        ("LE_PHI", 0),
        ("PHI_BAN_SAO", 8000),
    ]
    late = fees.select_fees(catalogue, channel="counter", case_code="QUA_HAN")
    assert [(line.code, line.amount) for line in late] == [("LE_PHI__QUA_HAN", 5000), ("PHI_BAN_SAO", 8000)]


def test_fees_before_filing(world):
    version = world.procedure.versions.get()
    Fee.objects.create(version=version, position=9, code="LE_PHI__QUA_HAN", name="Quá hạn", amount=5000)
    one_copy = {"so_ban_sao": 1}
    assert fees.total(fees.fees_for(version, declaration=one_copy)) == 8000
    assert fees.total(fees.fees_for(version, "QUA_HAN", declaration=one_copy)) == 13000
    assert fees.total(fees.fees_for(version, "QUA_HAN")) == 5000  # no copy asked for yet


def test_birth_registration_owes_the_copy_fee(world):
    summary = fees.fee_summary(received(world))
    assert [(line.code, line.due) for line in summary.lines] == [("LE_PHI", 0), ("PHI_BAN_SAO", 8000)]
    assert (summary.total, summary.paid, summary.outstanding) == (8000, 0, 8000)


def test_requested_obligations_are_added_and_exemptions_count_zero(world):
    dossier = owing(world, 50000)
    assert fees.outstanding(dossier) == 58000
    lead = world.lead
    services.fee_exempt(actor=lead, dossier=dossier, fee_code="PHI_BAN_SAO", reason="Hộ nghèo")
    summary = fees.fee_summary(dossier)
    exempt = next(line for line in summary.lines if line.code == "PHI_BAN_SAO")
    assert exempt.exempt and exempt.due == 0 and exempt.exempt_reason == "Hộ nghèo"
    assert (summary.total, summary.outstanding) == (50000, 50000)
    assert not services.payment_required_ok(dossier)


def test_exempting_everything_unblocks_a_financial_dossier(world):
    dossier = owing(world, 50000)
    lead = world.lead
    services.fee_exempt(actor=lead, dossier=dossier, fee_code="PHI_BAN_SAO", reason="Hộ nghèo")
    requested = next(line for line in fees.dossier_fees(dossier) if line.requested)
    services.fee_exempt(actor=lead, dossier=dossier, fee_code=requested.code, reason="Người có công")
    dossier.refresh_from_db()
    assert services.payment_required_ok(dossier) and dossier.state == "in_process"


@pytest.mark.parametrize(
    ("fee_code", "reason", "field"),
    [
        ("PHI_BAN_SAO", "  ", "reason"),
        ("NO_SUCH_FEE", "Hộ nghèo", "fee_code"),
        ("LE_PHI", "Hộ nghèo", "fee_code"),  # free already
    ],
)
def test_exemption_errors_name_the_field_and_write_nothing(world, english, fee_code, reason, field):
    dossier = received(world)
    with pytest.raises(ValidationError) as error:
        services.fee_exempt(actor=world.officer_b1, dossier=dossier, fee_code=fee_code, reason=reason)
    assert field in error.value.message_dict
    assert not FeeExemption.objects.exists()


def test_a_paid_or_exempted_fee_cannot_be_exempted(world, english):
    officer = world.officer_b1
    dossier = received(world)
    services.payment_cash(actor=officer, dossier=dossier, amount=8000)
    with pytest.raises(ValidationError) as error:
        services.fee_exempt(actor=officer, dossier=dossier, fee_code="PHI_BAN_SAO", reason="x")
    assert error_codes(error.value) == {"fee_code": [PaymentErrorCode.FEE_PAID]}
    other = received(world)
    services.fee_exempt(actor=officer, dossier=other, fee_code="PHI_BAN_SAO", reason="x")
    with pytest.raises(ValidationError) as error:
        services.fee_exempt(actor=officer, dossier=other, fee_code="PHI_BAN_SAO", reason="y")
    assert error_codes(error.value) == {"fee_code": [PaymentErrorCode.FEE_EXEMPTED]}


def test_an_exemption_cancels_the_qr_code_shown_before(world):
    dossier = received(world)
    officer = world.officer_b1
    payment = services.payment_start_qr(actor=officer, dossier=dossier)
    services.fee_exempt(actor=officer, dossier=dossier, fee_code="PHI_BAN_SAO", reason="Hộ nghèo")
    payment.refresh_from_db()
    assert payment.status == Status.CANCELLED


@pytest.mark.parametrize("who", ["officer_b1", "officer_b2", "spec", "lead"])
def test_who_may_exempt(world, who):
    dossier = in_process(world)
    services.fee_exempt(actor=world.person(who), dossier=dossier, fee_code="PHI_BAN_SAO", reason="Hộ nghèo")


@pytest.mark.parametrize("who", ["applicant", "other_citizen", "director", "admin", "spec_justice", "lead_justice"])
def test_who_may_not_exempt(world, who):
    dossier = in_process(world, online=True)
    with pytest.raises(PermissionDenied):
        services.fee_exempt(actor=world.person(who), dossier=dossier, fee_code="PHI_BAN_SAO", reason="x")
    assert not FeeExemption.objects.exists() and not Payment.objects.exists()
