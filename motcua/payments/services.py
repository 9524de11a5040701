"""Every change to payments: one function per action, keyword-only, one transaction, permission checked.

Lock order is always the dossier row, then its payments: two officers taking cash for one dossier, or a bank
callback racing a new QR code, queue on the dossier and the second sees the first's result.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from motcua.core.actors import SYSTEM, actor_required
from motcua.core.errors import InputErrorCode, Refused
from motcua.dossiers import services as dossier_services
from motcua.dossiers.models import Dossier
from motcua.dossiers.routing import centre_of
from motcua.dossiers.states import TERMINAL, State
from motcua.org.models import Role
from motcua.org.selectors import user_memberships

from . import fees, permissions
from .conf import payment_settings
from .errors import PaymentErrorCode
from .models import FeeExemption, Method, Payment, Receipt, Status
from .providers import get_provider
from .receipts import next_receipt_seq, receipt_number

# No fees are taken on a dossier that ended or was refused.
CLOSED = TERMINAL | {State.REFUSED}


class PaymentNotFound(ValidationError):
    pass


class PaymentClosed(ValidationError):
    """The payment was cancelled or failed: it can no longer be confirmed."""


def _vnd(amount: int) -> str:
    return f"{amount:,}".replace(",", ".")


def _lock(dossier) -> Dossier:
    return (
        Dossier.objects.select_for_update(of=("self",))
        .select_related("version", "case", "receiving_unit", "handling_unit")
        .get(pk=dossier.pk)
    )


def _open(dossier: Dossier) -> None:
    if dossier.state in CLOSED:
        raise ValidationError(
            {
                "dossier": ValidationError(
                    _("No fees are taken on a dossier that is “%(state)s”.") % {"state": dossier.get_state_display()},
                    code=PaymentErrorCode.DOSSIER_CLOSED,
                )
            }
        )


def _unpaid(dossier: Dossier) -> list[fees.FeeLine]:
    with translation.override("vi"):  # the lines are copied onto the receipt, which is in Vietnamese
        lines = fees.unpaid_lines(fees.dossier_fees(dossier))
    if not lines:
        raise ValidationError(
            {"amount": ValidationError(_("Nothing is left to pay on this dossier."), code=PaymentErrorCode.NOTHING_DUE)}
        )
    return lines


def _cancel_pending(dossier: Dossier) -> None:
    Payment.objects.filter(dossier=dossier, status=Status.PENDING).update(status=Status.CANCELLED)


def payment_required_ok(dossier) -> bool:
    """True when nothing required is left unpaid: a dossier that still owes fees cannot pass the step that
    requires payment."""
    return fees.outstanding(dossier) == 0


def payment_mark_paid(*, actor, dossier, receipt: str = "", method: str = "", revision=None) -> Dossier:
    """The dossier's "mark_paid" action (its page, `dossiers.services.ACTIONS`): refused while fees are unpaid.

    Every path that marks a dossier paid goes through the dossier service with this app's rule,
    `payment_required_ok`, which it asks under the dossier's lock."""
    return dossier_services.dossier_mark_paid(
        actor=actor,
        dossier=dossier,
        receipt=receipt,
        method=method,
        revision=revision,
        fees_paid=payment_required_ok,
    )


@transaction.atomic
def payment_start_qr(*, actor, dossier) -> Payment:
    """A pending bank-transfer payment of everything unpaid, with its VietQR code. Asking again while the
    amount is unchanged gives the same payment (reloading the page makes no new code)."""
    actor_required(actor)
    dossier = _lock(dossier)
    if not permissions.may_start_qr(actor, dossier):
        raise Refused(_("You may not pay for this dossier."), code=PaymentErrorCode.NOT_ALLOWED)
    _open(dossier)
    lines = _unpaid(dossier)
    amount = fees.total(lines)
    snapshot = [line.snapshot() for line in lines]
    pending = list(Payment.objects.select_for_update().filter(dossier=dossier, status=Status.PENDING))
    for payment in pending:
        if payment.method == Method.QR and payment.amount == amount and payment.lines == snapshot:
            return payment
    _cancel_pending(dossier)
    provider = get_provider()
    created = provider.create(amount=amount, dossier_code=dossier.code)
    return Payment.objects.create(
        dossier=dossier,
        unit=dossier.receiving_unit,
        amount=amount,
        method=Method.QR,
        provider=provider.name,
        provider_reference=created.reference,
        qr_payload=created.qr_payload,
        lines=snapshot,
        created_by=actor if actor.is_authenticated else None,
    )


def _settle(payment: Payment, dossier: Dossier, *, actor) -> Payment:
    """Paid: the receipt is issued, and a dossier waiting for its financial obligation goes back to work."""
    now = timezone.now()
    series = payment_settings()["RECEIPT_SERIES"]
    year = timezone.localdate(now).year
    seq = next_receipt_seq(series, year)
    receipt = Receipt.objects.create(
        number=receipt_number(series, year, seq),
        series=series,
        year=year,
        seq=seq,
        dossier=dossier,
        unit=payment.unit,
        amount=payment.amount,
        payer_name=dossier.applicant_name,
        issued_at=now,
        issued_by=actor if actor.is_authenticated else None,
        lines=payment.lines,
    )
    payment.status = Status.PAID
    payment.paid_at = now
    payment.receipt = receipt
    payment.save(update_fields=["status", "paid_at", "receipt"])
    if dossier.state == State.FINANCIAL and payment_required_ok(dossier):
        payment_mark_paid(actor=actor, dossier=dossier, receipt=receipt.number, method=payment.method)
    return payment


def _find(provider: str, reference: str) -> Payment:
    payment = Payment.objects.filter(provider=provider, provider_reference=reference).only("dossier_id").first()
    if payment is None:
        raise PaymentNotFound(
            {"reference": ValidationError(_("No payment has this reference."), code=PaymentErrorCode.UNKNOWN_REFERENCE)}
        )
    return payment


@transaction.atomic
def payment_confirm(*, provider: str, reference: str, amount: int) -> Payment:
    """The provider says the payment arrived. Confirming twice is harmless (one receipt); another amount
    than the one asked for is refused and nothing changes."""
    found = _find(provider, reference)
    dossier = _lock(Dossier(pk=found.dossier_id))
    payment = Payment.objects.select_for_update().get(pk=found.pk)
    if amount != payment.amount:
        raise ValidationError(
            {
                "amount": ValidationError(
                    _("The amount paid (%(paid)s đ) is not the amount due (%(due)s đ).")
                    % {"paid": _vnd(amount), "due": _vnd(payment.amount)},
                    code=PaymentErrorCode.WRONG_AMOUNT,
                )
            }
        )
    if payment.status == Status.PAID:
        return payment
    if payment.status != Status.PENDING:
        raise PaymentClosed(
            {
                "reference": ValidationError(
                    _("This payment is “%(status)s”.") % {"status": payment.get_status_display()},
                    code=PaymentErrorCode.PAYMENT_CLOSED,
                )
            }
        )
    return _settle(payment, dossier, actor=SYSTEM)  # the provider's signed word: the system settles


@transaction.atomic
def payment_fail(*, provider: str, reference: str) -> Payment:
    """The provider says the payment did not go through: the payer may start a new one."""
    found = _find(provider, reference)
    _lock(Dossier(pk=found.dossier_id))
    payment = Payment.objects.select_for_update().get(pk=found.pk)
    if payment.status == Status.PENDING:
        payment.status = Status.FAILED
        payment.save(update_fields=["status"])
    return payment


def _desk_unit(actor, dossier: Dossier):
    """Where the officer takes the money: the dossier's service point if they work there, else their own
    service point in the same centre family."""
    centre = centre_of(dossier.receiving_unit)
    units = [
        m.unit
        for m in user_memberships(actor)
        if m.role == Role.RECEIVING_OFFICER and centre_of(m.unit).pk == centre.pk
    ]
    return next((u for u in units if u.pk == dossier.receiving_unit_id), units[0])


@transaction.atomic
def payment_cash(*, actor, dossier, amount) -> Payment:
    """Cash at the counter: the officer enters what they received, which must be exactly what is due."""
    actor_required(actor)
    dossier = _lock(dossier)
    if not permissions.may_take_cash(actor, dossier):
        raise Refused(
            _("Only a receiving officer of this centre takes cash for this dossier."), code=PaymentErrorCode.NOT_ALLOWED
        )
    if not isinstance(amount, int) or isinstance(amount, bool) or amount <= 0:
        raise ValidationError(
            {
                "amount": ValidationError(
                    _("Enter the amount received in đồng, more than 0."), code=InputErrorCode.INVALID
                )
            }
        )
    _open(dossier)
    lines = _unpaid(dossier)
    due = fees.total(lines)
    if amount != due:
        raise ValidationError(
            {
                "amount": ValidationError(
                    _("The amount due is %(due)s đ; enter exactly that amount.") % {"due": _vnd(due)},
                    code=PaymentErrorCode.WRONG_AMOUNT,
                )
            }
        )
    _cancel_pending(dossier)  # a QR code shown earlier must not be paid as well
    payment = Payment.objects.create(
        dossier=dossier,
        unit=_desk_unit(actor, dossier),
        amount=amount,
        method=Method.CASH,
        lines=[line.snapshot() for line in lines],
        created_by=actor,
    )
    return _settle(payment, dossier, actor=actor)


@transaction.atomic
def fee_exempt(*, actor, dossier, fee_code: str, reason: str) -> FeeExemption:
    """An officer exempts the dossier from one fee, with the reason (the catalogue's exemptions say who)."""
    actor_required(actor)
    dossier = _lock(dossier)
    if not permissions.may_exempt(actor, dossier):
        raise Refused(_("You may not exempt fees on this dossier."), code=PaymentErrorCode.NOT_ALLOWED)
    _open(dossier)
    reason = " ".join((reason or "").split())
    errors = {}
    if not reason:
        errors["reason"] = ValidationError(_("Give the reason for the exemption."), code=InputErrorCode.REQUIRED)
    lines = {line.code: line for line in fees.dossier_fees(dossier)}
    line = lines.get(fee_code)
    if line is None:
        errors["fee_code"] = ValidationError(
            _("This dossier is not charged this fee."), code=PaymentErrorCode.FEE_NOT_CHARGED
        )
    elif line.paid:
        errors["fee_code"] = ValidationError(_("This fee is already paid."), code=PaymentErrorCode.FEE_PAID)
    elif line.exempt:
        errors["fee_code"] = ValidationError(_("This fee is already exempted."), code=PaymentErrorCode.FEE_EXEMPTED)
    elif line.amount == 0:
        errors["fee_code"] = ValidationError(
            _("This fee is free; there is nothing to exempt."), code=PaymentErrorCode.FEE_FREE
        )
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            exemption = FeeExemption.objects.create(dossier=dossier, fee_code=fee_code, reason=reason, by=actor)
    except IntegrityError as error:  # cannot happen under the dossier lock; kept for a field error anyway
        raise ValidationError(
            {"fee_code": ValidationError(_("This fee is already exempted."), code=PaymentErrorCode.FEE_EXEMPTED)}
        ) from error
    _cancel_pending(dossier)  # the amount of a QR code shown earlier is no longer right
    if dossier.state == State.FINANCIAL and payment_required_ok(dossier):
        payment_mark_paid(actor=actor, dossier=dossier, receipt="")
    return exemption
