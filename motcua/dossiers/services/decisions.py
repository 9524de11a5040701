"""Appraisal by the competent unit: supplements, the financial obligation, the decision, the result, an apology."""

from collections.abc import Callable
from datetime import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.core.errors import InputErrorCode
from motcua.datastore.models import Source
from motcua.datastore.services import document_collect

from ..actions import Action
from ..clock import timeliness_of, unit_calendar
from ..errors import DossierErrorCode
from ..models import AttachmentKind, Dossier
from ..validation import clean_items
from .lifecycle import perform
from .steps import is_return_step, step_finish, step_start
from .supplements import supplement_request_open


def dossier_request_supplement(*, actor, dossier, items, note="", revision=None) -> Dossier:
    """Appraisal finds something missing: the clock stops until the supplement arrives."""
    items = clean_items(items, "items")

    def apply(d: Dossier):
        d.clock_paused_at = timezone.now()
        supplement_request_open(d, items=items, note=note, actor=actor, at=d.clock_paused_at)
        return {"step": d.current_step, "unit": d.handling_unit, "note": note, "data": {"missing": items}}

    return perform(Action.REQUEST_SUPPLEMENT, actor=actor, dossier=dossier, revision=revision, apply=apply)


# The most one request for payment may ask (đồng); VietQR's amount field and the payment tables hold it.
MAX_PAYMENT_AMOUNT = 10**12


def dossier_request_payment(*, actor, dossier, amount: int, note="", revision=None) -> Dossier:
    if not isinstance(amount, int) or amount <= 0:
        raise ValidationError(
            {"amount": ValidationError(_("Enter the amount to pay in đồng, more than 0."), code=InputErrorCode.INVALID)}
        )
    if amount > MAX_PAYMENT_AMOUNT:
        raise ValidationError(
            {"amount": ValidationError(_("At most 1.000.000.000.000 đồng."), code=InputErrorCode.MAX_VALUE)}
        )
    return perform(
        Action.REQUEST_PAYMENT,
        actor=actor,
        dossier=dossier,
        revision=revision,
        apply=lambda d: {"unit": d.handling_unit, "note": note, "data": {"amount": amount}},
    )


def dossier_mark_paid(
    *, actor, dossier, fees_paid: Callable[[Dossier], bool], receipt: str = "", method: str = "", revision=None
) -> Dossier:
    """The financial obligation is met; a dossier that still owes fees cannot go on.

    What "paid" means is the payments app's rule, which calls this service (`payments.services.payment_mark_paid`
    and its settling services): `fees_paid` is that rule, asked under the dossier's lock after the state and
    permission checks. `method`: how the last payment was made (payments.Method; empty when nothing was left to
    pay)."""

    def apply(d: Dossier):
        if not fees_paid(d):
            raise ValidationError(
                {
                    "action": ValidationError(
                        _("Fees are still unpaid; take the payment first."), code=DossierErrorCode.FEES_UNPAID
                    )
                }
            )
        return {"unit": d.handling_unit, "data": {"receipt": receipt, "method": method}}

    return perform(Action.MARK_PAID, actor=actor, dossier=dossier, revision=revision, apply=apply)


def _decide(action, *, actor, dossier, revision, note, note_public=False, data=None) -> Dossier:
    def apply(d: Dossier):
        now = timezone.now()
        d.decided_at = now
        step, timeliness = step_finish(d, now)
        if action == Action.REFUSE:  # the refusal is handed back at the desk
            last = d.steps.order_by("-position").first()
            if last and is_return_step(d, last):
                step_start(d, last, now)
        return {
            "step": step,
            "unit": d.handling_unit,
            "timeliness": timeliness,
            "note": note,
            "note_public": note_public,
            "data": data or {},
        }

    return perform(action, actor=actor, dossier=dossier, revision=revision, apply=apply)


def dossier_refuse(*, actor, dossier, reasons, revision=None) -> Dossier:
    """The competent unit refuses after appraisal, with reasons; the refusal goes back to the applicant."""
    reasons = clean_items(reasons, "reasons")
    return _decide(
        Action.REFUSE,
        actor=actor,
        dossier=dossier,
        revision=revision,
        note="; ".join(reasons),
        data={"reasons": reasons},
    )


def dossier_approve(*, actor, dossier, note="", note_public=False, revision=None) -> Dossier:
    return _decide(Action.APPROVE, actor=actor, dossier=dossier, revision=revision, note=note, note_public=note_public)


def dossier_issue_result(*, actor, dossier, note="", note_public=False, revision=None) -> Dossier:
    """The signed result is ready; the dossier goes to the desk to be returned."""

    def apply(d: Dossier):
        results = list(d.attachments.filter(kind=AttachmentKind.RESULT))
        if not results:
            raise ValidationError(
                {"files": ValidationError(_("Attach the result first."), code=DossierErrorCode.NO_RESULT)}
            )
        for attachment in results:  # electronic results reach the citizen's data store when issued
            document_collect(attachment=attachment, source=Source.RESULT)
        now = timezone.now()
        d.result_ready_at = now
        d.clock_paused_at = None
        step, _unused = step_finish(d, now)
        last = d.steps.order_by("-position").first()
        if last and is_return_step(d, last):
            step_start(d, last, now)
        else:
            d.current_step = None
        return {
            "step": step,
            "unit": d.handling_unit,
            "timeliness": timeliness_of(now, d.due_at),
            "note": note,
            "note_public": note_public,
            "receiver": d.receiving_unit.name,
            "data": {"to_store": bool(d.citizen_id)},
        }

    return perform(Action.ISSUE_RESULT, actor=actor, dossier=dossier, revision=revision, apply=apply)


def dossier_apologise(*, actor, dossier, new_due: datetime, reason: str, revision=None) -> Dossier:
    """Running late: one apology with a new appointment (form 04), issued before the due moment."""
    if not reason.strip():
        raise ValidationError(
            {"reason": ValidationError(_("Say why the dossier is late."), code=InputErrorCode.REQUIRED)}
        )

    def apply(d: Dossier):
        now = timezone.now()
        if d.apologised:
            raise ValidationError(
                {
                    "action": ValidationError(
                        _("An apology was already issued for this dossier; it is allowed once."),
                        code=DossierErrorCode.ALREADY_APOLOGISED,
                    )
                }
            )
        if d.due_at is None or now >= d.due_at:
            raise ValidationError(
                {
                    "action": ValidationError(
                        _("An apology must be issued before the appointment."), code=DossierErrorCode.PAST_APPOINTMENT
                    )
                }
            )
        if new_due <= d.due_at:
            raise ValidationError(
                {
                    "new_due": ValidationError(
                        _("The new appointment must be after the current one."), code=DossierErrorCode.NOT_LATER
                    )
                }
            )
        calendar = unit_calendar(d.receiving_unit)
        if not calendar.is_working_day(timezone.localdate(new_due)):
            raise ValidationError(
                {
                    "new_due": ValidationError(
                        _("The new appointment must be on a working day."), code=DossierErrorCode.NOT_WORKING_DAY
                    )
                }
            )
        old = d.due_at
        d.due_at = new_due
        d.apologised = True
        d.is_overdue = False
        return {
            "unit": d.handling_unit,
            "note": reason,
            "data": {"old_due": old.isoformat(), "new_due": new_due.isoformat()},
        }

    return perform(Action.APOLOGISE, actor=actor, dossier=dossier, revision=revision, apply=apply)
