"""Every change to a dossier: one function per action, one transaction, permission checked, an event written.

Actions run through `_perform`, which locks the dossier row, refuses a stale revision (two officers on
one dossier: exactly one wins), checks the transition table and the actor's role, applies the action,
writes the event and queues the notification — all in one transaction.
"""

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts.models import AccountKind
from motcua.catalog.models import Channel, Procedure
from motcua.catalog.selectors import version_in_force
from motcua.core.text import fold
from motcua.core.working_time import DurationUnit, WorkingCalendar, calendar_for
from motcua.integrations.outbox import portal_enqueue
from motcua.notifications.services import notify
from motcua.org.models import Role, Unit
from motcua.reports.rollups import rollup_apply

from . import permissions
from .lifecycle import TRANSITIONS, Transition
from .models import (
    AttachmentKind,
    ClockRule,
    DailySequence,
    Dossier,
    DossierDocument,
    DossierEvent,
    DossierStep,
    IdempotencyKey,
    Timeliness,
)
from .routing import competent_unit, step_unit
from .states import State
from .validation import clean_applicant, clean_form_data


class StaleDossier(Exception):
    """Somebody changed the dossier since the page was loaded."""

    def __init__(self):
        super().__init__(_("This dossier was changed by someone else. Reload the page and try again."))


class ActionNotAllowed(PermissionDenied):
    pass


class InvalidTransition(ValidationError):
    """The action does not apply to the dossier's current state."""


# -- time ------------------------------------------------------------------------------------------------
def unit_calendar(unit: Unit) -> WorkingCalendar:
    return calendar_for(unit.office_hours)


def processing_time(dossier: Dossier) -> tuple[Decimal, str] | None:
    """The legal time for this dossier: its case's, else its channel's method (counter as fallback)."""
    methods = {m.channel: m for m in dossier.version.methods.all()}
    method = methods.get(dossier.channel) or methods.get(Channel.COUNTER) or next(iter(methods.values()), None)
    if method is None:
        return None
    duration = dossier.case.duration if dossier.case_id and dossier.case.duration is not None else method.duration
    return Decimal(duration), method.unit


def _appointment(dossier: Dossier, start: datetime) -> datetime | None:
    time = processing_time(dossier)
    if time is None or time[0] == 0:  # same-day procedures get no appointment
        return None
    return unit_calendar(dossier.receiving_unit).add(start, *time)


def _timeliness(finished: datetime, due: datetime | None) -> str:
    if due is None:
        return ""
    if finished > due:
        return Timeliness.LATE
    return Timeliness.EARLY if timezone.localdate(finished) < timezone.localdate(due) else Timeliness.ON_TIME


# -- codes -------------------------------------------------------------------------------------------------
def next_dossier_code(agency_code: str, day) -> str:
    """`<agency>-YYMMDD-NNNN`: a daily sequence per receiving agency, safe under concurrent intake.

    Must run inside a transaction: the sequence row stays locked until it commits."""
    DailySequence.objects.bulk_create([DailySequence(agency_code=agency_code, day=day)], ignore_conflicts=True)
    sequence = DailySequence.objects.select_for_update().get(agency_code=agency_code, day=day)
    sequence.last += 1
    sequence.save(update_fields=["last"])
    return f"{agency_code}-{day:%y%m%d}-{sequence.last:04d}"


# -- events ----------------------------------------------------------------------------------------------
def _event(
    dossier,
    action,
    *,
    actor,
    from_state="",
    step=None,
    unit=None,
    receiver="",
    timeliness="",
    note="",
    data=None,
    at=None,
) -> DossierEvent:
    last = dossier.events.order_by("-seq").values_list("seq", flat=True).first() or 0
    event = DossierEvent.objects.create(
        dossier=dossier,
        seq=last + 1,
        action=action,
        from_state=from_state,
        to_state=dossier.state,
        at=at or timezone.now(),
        actor=actor if actor and actor.is_authenticated else None,
        actor_name=actor.get_full_name() if actor and actor.is_authenticated else _("System"),
        unit=unit,
        receiver=receiver,
        step=step,
        timeliness=timeliness,
        note=note,
        data=data or {},
    )
    rollup_apply(event)  # the reports' daily counters move with the event, in the same transaction
    portal_enqueue(event, new=True)  # the portal hears of every status change, in the transaction of the change
    return event


def _notify_applicant(dossier: Dossier, note: str = "") -> None:
    from django.conf import settings

    subject = _("Dossier %(code)s: %(state)s") % {"code": dossier.code, "state": dossier.get_state_display()}
    lines = [subject]
    if dossier.due_at and dossier.state in (State.RECEIVED, State.IN_PROCESS):
        lines.append(
            _("Appointment: %(when)s") % {"when": timezone.localtime(dossier.due_at).strftime("%H:%M %d/%m/%Y")}
        )
    if note:
        lines.append(note)
    lines.append(_("Follow it at %(url)s") % {"url": f"{settings.MOTCUA['PUBLIC_URL']}/lookup/?code={dossier.code}"})
    notify(dossier=dossier, email=dossier.email, phone=dossier.phone, subject=subject, body="\n".join(lines))


# -- intake ----------------------------------------------------------------------------------------------
@dataclass
class PresentedDocument:
    required_id: int
    originals: int = 0
    copies: int = 0
    presented: bool = True


@transaction.atomic
def dossier_create(
    *,
    actor,
    procedure: Procedure,
    channel: str,
    receiving_unit: Unit,
    commune,
    applicant: dict,
    counter=None,
    case_code: str = "",
    documents: list[PresentedDocument] = (),
    form_data=None,
) -> Dossier:
    """File a dossier (at a counter or online); it waits for the desk's check in state `submitted`.

    Online filing by citizens and agents goes through `motcua.portal.filing.online_file`, which sets the applicant
    (a citizen's own verified identity; an agent's authorised citizen) and keeps the Idempotency-Key; here a
    citizen naming anyone but their verified self is refused all the same."""
    if actor is not None and not permissions.may_file(actor, channel, receiving_unit):
        raise PermissionDenied(_("You may not file dossiers here."))
    now = timezone.now()
    errors = {}
    version = version_in_force(procedure, timezone.localdate(now))
    if version is None or not procedure.is_active:
        raise ValidationError({"procedure": _("This procedure is not in force today.")})
    channels = set(version.methods.values_list("channel", flat=True))
    if channel not in channels:
        errors["channel"] = _("This procedure cannot be filed this way.")
    if counter is not None and counter.unit_id != receiving_unit.pk:
        errors["counter"] = _("The counter is not at this service point.")
    if commune.province_id != receiving_unit.province_id:
        errors["commune"] = _("The commune is not in this province.")
    case = None
    if case_code:
        case = version.cases.filter(code=case_code).first()
        if case is None:
            errors["case"] = _("This procedure has no such case.")
    try:
        person = clean_applicant(applicant)
    except ValidationError as error:
        errors |= error.message_dict
        person = {}
    try:
        form = clean_form_data(version.eform, form_data) if channel == Channel.ONLINE else form_data
    except ValidationError as error:
        errors |= error.message_dict
        form = None
    required = {d.pk: d for d in version.documents.all()}
    for item in documents:
        if item.required_id not in required:
            errors["documents"] = _("A listed document does not belong to this procedure.")
    if errors:
        raise ValidationError(errors)
    if (
        actor is not None
        and actor.kind == AccountKind.CITIZEN
        and person.get("citizen_id") != actor.verified_citizen_id
    ):
        raise PermissionDenied(_("A citizen files only in their own name."))

    dossier = Dossier.objects.create(
        code=next_dossier_code(receiving_unit.code, timezone.localdate(now)),
        procedure=procedure,
        version=version,
        case=case,
        channel=channel,
        state=State.SUBMITTED,
        receiving_unit=receiving_unit,
        counter=counter,
        handling_unit=competent_unit(procedure, commune),
        commune=commune,
        applicant_name_folded=fold(person["applicant_name"]),
        applicant_commune=applicant.get("applicant_commune"),
        submitted_by=actor if actor is not None and actor.is_authenticated else None,
        form_data=form,
        submitted_at=now,
        **person,
    )
    given = {item.required_id: item for item in documents}
    DossierDocument.objects.bulk_create(
        DossierDocument(
            dossier=dossier,
            required=doc,
            name=doc.name,
            originals=given[doc.pk].originals if doc.pk in given else 0,
            copies=given[doc.pk].copies if doc.pk in given else 0,
            presented=doc.pk in given and given[doc.pk].presented,
        )
        for doc in required.values()
    )
    _event(
        dossier,
        "submit",
        actor=actor,
        unit=receiving_unit,
        at=now,
        data={"channel": channel, "counter": counter.number if counter else None},
    )
    if channel == Channel.ONLINE:
        _notify_applicant(dossier)
    return dossier


def request_fingerprint(request: dict) -> str:
    """The SHA-256 of a request's canonical JSON (sorted keys, no spaces; dates as ISO text)."""
    text = json.dumps(request, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def idempotency_claim(*, actor, key: str, request_hash: str) -> Dossier | None:
    """Claim a client's `Idempotency-Key` for a filing, or return the dossier the first request with it filed.

    Runs inside the filing's transaction, before anything else is written: the new key row holds the key until
    that transaction ends, so a concurrent request with the same key waits on the unique index and then finds the
    first request's dossier (or, if the first request failed, the key free again and claims it). The same key
    with a different request (another `request_hash`) is refused. Pair with `idempotency_settle`."""
    if len(key) > 100:
        raise ValidationError({"Idempotency-Key": _("At most 100 characters.")})
    try:
        with transaction.atomic():
            IdempotencyKey.objects.create(user=actor, key=key, request_hash=request_hash)
        return None
    except IntegrityError:  # used before, or by a concurrent request that has now committed
        first = IdempotencyKey.objects.select_related("dossier").get(user=actor, key=key)
    if first.request_hash and first.request_hash != request_hash:  # keys stored before hashes match any request
        raise ValidationError(
            {
                "Idempotency-Key": _(
                    "This key was already used for a different request. Use a new key for a new dossier."
                )
            }
        )
    return first.dossier


def idempotency_settle(*, actor, key: str, dossier: Dossier) -> None:
    """Record the dossier a claimed key filed (same transaction as `idempotency_claim`)."""
    IdempotencyKey.objects.filter(user=actor, key=key, dossier=None).update(dossier=dossier)


# -- the lifecycle ---------------------------------------------------------------------------------------
def _load(dossier_id: int) -> Dossier:
    # Only the two units nearly every action reads are joined: PostgreSQL's planning time grows with every join
    # (seven joins cost ten times the query itself); the rest loads by primary key when an action needs it.
    return (
        Dossier.objects.select_for_update(of=("self",))
        .select_related("receiving_unit", "handling_unit")
        .get(pk=dossier_id)
    )


def _perform(action: str, *, actor, dossier: Dossier, revision: int | None, apply) -> Dossier:
    transition: Transition = TRANSITIONS[action]
    with transaction.atomic():
        current = _load(dossier.pk)
        if revision is not None and current.revision != revision:
            raise StaleDossier()
        if current.state not in transition.sources:
            raise InvalidTransition(
                {
                    "action": _("“%(action)s” is not possible while the dossier is “%(state)s”.")
                    % {"action": action_label(action), "state": current.get_state_display()}
                }
            )
        if actor is not None and not permissions.may(actor, current, transition):
            raise ActionNotAllowed(_("You may not do this on this dossier."))
        before = current.state
        event_fields = apply(current) or {}
        target = event_fields.pop("state", transition.target)  # an action may pick its own next state
        if target is not None:
            current.state = target
        current.revision += 1
        current.save()
        _event(current, action, actor=actor, from_state=before, **event_fields)
        if current.state != before:
            _notify_applicant(current, event_fields.get("note", ""))
        return current


def action_label(action: str) -> str:
    from .labels import ACTION_LABELS

    return str(ACTION_LABELS.get(action, action))


def _start_step(dossier: Dossier, step: DossierStep, now: datetime) -> None:
    calendar = unit_calendar(dossier.receiving_unit)
    step.started_at = now
    step.finished_at = None
    if step.allotted_days is not None:
        step.due_at = calendar.add_calendar_days(now, step.allotted_days)
    else:
        step.due_at = calendar.add_working_hours(now, step.allotted_hours or 0)
    step.save()
    dossier.current_step = step


def _finish_step(dossier: Dossier, now: datetime) -> tuple[DossierStep | None, str]:
    step = dossier.current_step
    if step is None:
        return None, ""
    step.finished_at = now
    step.save(update_fields=["finished_at"])
    return step, _timeliness(now, step.due_at)


def _instantiate_steps(dossier: Dossier) -> list[DossierStep]:
    workflows = {w.province_id: w for w in dossier.version.workflows.prefetch_related("steps")}
    workflow = workflows.get(dossier.receiving_unit.province_id) or workflows.get(None)
    if workflow is None:
        return []
    steps = []
    for template in workflow.steps.all():
        working = template.unit != DurationUnit.CALENDAR_DAYS
        hours = template.duration * (8 if template.unit == DurationUnit.WORKING_DAYS else 1)
        steps.append(
            DossierStep(
                dossier=dossier,
                position=template.position,
                name=template.name,
                role=template.role,
                unit=step_unit(template.unit_kind, dossier),
                allotted_hours=hours if working else None,
                allotted_days=None if working else int(template.duration),
            )
        )
    return DossierStep.objects.bulk_create(steps)


def _next_step(dossier: Dossier, after: DossierStep | None) -> DossierStep | None:
    steps = dossier.steps.filter(position__gt=after.position if after else 0).order_by("position")
    return steps.first()


def _is_return_step(dossier: Dossier, step: DossierStep) -> bool:
    """The last step, handing the result back at the desk, is entered only by issuing the result."""
    last = dossier.steps.order_by("-position").first()
    return step.pk == last.pk and step.role == Role.RECEIVING_OFFICER and dossier.steps.count() > 1


def dossier_receive(*, actor, dossier: Dossier, revision=None) -> Dossier:
    """The desk accepts a complete dossier: receipt and appointment (form 01); the legal clock starts."""

    def apply(d: Dossier):
        now = timezone.now()
        d.received_at = now
        d.due_at = d.original_due_at = _appointment(d, now)
        steps = _instantiate_steps(d)
        if steps:
            _start_step(d, steps[0], now)
        files = d.attachments.filter(kind=AttachmentKind.SUBMISSION).aggregate(
            digitised=Count("pk"), reused=Count("pk", filter=Q(reused=True))
        )
        facts = {name: bool(count) for name, count in files.items()}  # for the indicators
        return {"unit": d.receiving_unit, "data": {"due_at": d.due_at.isoformat() if d.due_at else None, **facts}}

    return _perform("receive", actor=actor, dossier=dossier, revision=revision, apply=apply)


def _items(items, field: str) -> list[str]:
    cleaned = [" ".join(str(i).split()) for i in items or [] if str(i).strip()]
    if not cleaned:
        raise ValidationError({field: _("List at least one item.")})
    return cleaned


def dossier_request_supplement_at_desk(*, actor, dossier, items, note="", revision=None) -> Dossier:
    """The desk finds the dossier incomplete: every missing item is listed at once (form 02)."""
    items = _items(items, "items")
    return _perform(
        "request_supplement_at_desk",
        actor=actor,
        dossier=dossier,
        revision=revision,
        apply=lambda d: {"unit": d.receiving_unit, "note": note, "data": {"missing": items}},
    )


def dossier_refuse_intake(*, actor, dossier, reasons, revision=None) -> Dossier:
    """The desk refuses the dossier, with reasons (form 03)."""
    reasons = _items(reasons, "reasons")

    def apply(d):
        d.finished_at = timezone.now()
        return {"unit": d.receiving_unit, "data": {"reasons": reasons}, "note": "; ".join(reasons)}

    return _perform("refuse_intake", actor=actor, dossier=dossier, revision=revision, apply=apply)


def dossier_dispatch(*, actor, dossier, unit: Unit, revision=None) -> Dossier:
    """Send a dossier whose competent authority could not be determined to the unit that decides it."""

    def apply(d: Dossier):
        if unit.kind != d.procedure.competent_agency or unit.province_id != d.commune.province_id:
            raise ValidationError({"unit": _("This unit is not competent for the procedure.")})
        d.handling_unit = unit
        d.steps.filter(started_at=None, unit=None).update(unit=unit)
        return {"unit": d.receiving_unit, "receiver": unit.name}

    return _perform("dispatch", actor=actor, dossier=dossier, revision=revision, apply=apply)


def dossier_claim(*, actor, dossier, revision=None) -> Dossier:
    """The user takes the current step on themselves."""
    if actor is None:
        raise ValueError("A step is claimed by a person.")

    def apply(d: Dossier):
        step = d.current_step
        if step.assignee_id and step.assignee_id != actor.pk:
            raise ValidationError(
                {"action": _("This step is already assigned to %(name)s.") % {"name": step.assignee.get_full_name()}}
            )
        step.assignee = actor
        step.save(update_fields=["assignee"])
        return {"step": step, "unit": step.unit, "receiver": actor.get_full_name()}

    return _perform("claim", actor=actor, dossier=dossier, revision=revision, apply=apply)


def dossier_assign(*, actor, dossier, assignee, revision=None) -> Dossier:
    def apply(d: Dossier):
        step = d.current_step
        if not permissions.holds(assignee, step.role, step.unit) and not permissions.holds(
            assignee, Role.SPECIALIST, step.unit
        ):
            raise ValidationError(
                {"assignee": _("%(name)s does not work on this step's unit.") % {"name": assignee.get_full_name()}}
            )
        step.assignee = assignee
        step.save(update_fields=["assignee"])
        return {"step": step, "unit": step.unit, "receiver": assignee.get_full_name()}

    return _perform("assign", actor=actor, dossier=dossier, revision=revision, apply=apply)


def dossier_forward(*, actor, dossier, note="", revision=None) -> Dossier:
    """Finish the current step and hand the dossier to the next one."""

    def apply(d: Dossier):
        now = timezone.now()
        nxt = _next_step(d, d.current_step)
        if nxt is None or _is_return_step(d, nxt):
            raise ValidationError({"action": _("This is the last processing step: approve or refuse instead.")})
        finished, timeliness = _finish_step(d, now)
        _start_step(d, nxt, now)
        return {
            "step": finished,
            "unit": finished.unit if finished else None,
            "timeliness": timeliness,
            "receiver": nxt.unit.name if nxt.unit else _("dispatch queue"),
            "note": note,
        }

    return _perform("forward", actor=actor, dossier=dossier, revision=revision, apply=apply)


def dossier_send_back(*, actor, dossier, to_position: int, note: str, revision=None) -> Dossier:
    """Return the dossier to an earlier step, saying why."""
    if not note.strip():
        raise ValidationError({"note": _("Say why the dossier goes back.")})

    def apply(d: Dossier):
        now = timezone.now()
        target = d.steps.filter(position=to_position, position__lt=d.current_step.position).first()
        if target is None:
            raise ValidationError({"to_position": _("Choose an earlier step.")})
        finished, timeliness = _finish_step(d, now)
        _start_step(d, target, now)
        return {
            "step": finished,
            "unit": finished.unit,
            "timeliness": timeliness,
            "receiver": target.unit.name if target.unit else "",
            "note": note,
        }

    return _perform("send_back", actor=actor, dossier=dossier, revision=revision, apply=apply)


def dossier_request_supplement(*, actor, dossier, items, note="", revision=None) -> Dossier:
    """Appraisal finds something missing: the clock stops until the supplement arrives."""
    items = _items(items, "items")

    def apply(d: Dossier):
        d.clock_paused_at = timezone.now()
        return {"step": d.current_step, "unit": d.handling_unit, "note": note, "data": {"missing": items}}

    return _perform("request_supplement", actor=actor, dossier=dossier, revision=revision, apply=apply)


def dossier_receive_supplement(*, actor, dossier, note="", revision=None) -> Dossier:
    """The supplement arrived: back to the desk's check (if never received) or the clock restarts."""

    def apply(d: Dossier):
        now = timezone.now()
        if d.received_at is None:  # a supplement to the desk's check: the desk checks again
            return {"state": State.SUBMITTED, "unit": d.receiving_unit, "note": note}
        calendar = unit_calendar(d.receiving_unit)
        paused = calendar.working_time_between(d.clock_paused_at, now)
        if d.clock_rule == ClockRule.RESTART:
            d.due_at = _appointment(d, now)
        elif d.due_at:
            d.due_at = calendar.add_working_time(d.due_at, paused)
        d.is_overdue = False
        d.clock_paused_at = None
        if d.current_step:
            _start_step(d, d.current_step, now)
        return {
            "state": State.IN_PROCESS,
            "unit": d.receiving_unit,
            "note": note,
            "data": {
                "paused_hours": round(paused.total_seconds() / 3600, 2),
                "due_at": d.due_at.isoformat() if d.due_at else None,
            },
        }

    return _perform("receive_supplement", actor=actor, dossier=dossier, revision=revision, apply=apply)


# The most one request for payment may ask (đồng); VietQR's amount field and the payment tables hold it.
MAX_PAYMENT_AMOUNT = 10**12


def dossier_request_payment(*, actor, dossier, amount: int, note="", revision=None) -> Dossier:
    if not isinstance(amount, int) or amount <= 0:
        raise ValidationError({"amount": _("Enter the amount to pay in đồng, more than 0.")})
    if amount > MAX_PAYMENT_AMOUNT:
        raise ValidationError({"amount": _("At most 1.000.000.000.000 đồng.")})
    return _perform(
        "request_payment",
        actor=actor,
        dossier=dossier,
        revision=revision,
        apply=lambda d: {"unit": d.handling_unit, "note": note, "data": {"amount": amount}},
    )


def dossier_mark_paid(*, actor, dossier, receipt: str = "", method: str = "", revision=None) -> Dossier:
    """The financial obligation is met; a dossier that still owes fees cannot go on.

    `method`: how the last payment was made (payments.Method; empty when nothing was left to pay)."""

    def apply(d: Dossier):
        from motcua.payments.services import payment_required_ok

        if not payment_required_ok(d):
            raise ValidationError({"action": _("Fees are still unpaid; take the payment first.")})
        return {"unit": d.handling_unit, "data": {"receipt": receipt, "method": method}}

    return _perform("mark_paid", actor=actor, dossier=dossier, revision=revision, apply=apply)


def _decide(action, *, actor, dossier, revision, note, data=None) -> Dossier:
    def apply(d: Dossier):
        now = timezone.now()
        d.decided_at = now
        step, timeliness = _finish_step(d, now)
        if action == "refuse":  # the refusal is handed back at the desk
            last = d.steps.order_by("-position").first()
            if last and _is_return_step(d, last):
                _start_step(d, last, now)
        return {
            "step": step,
            "unit": d.handling_unit,
            "timeliness": timeliness,
            "note": note,
            "data": data or {},
        }

    return _perform(action, actor=actor, dossier=dossier, revision=revision, apply=apply)


def dossier_refuse(*, actor, dossier, reasons, revision=None) -> Dossier:
    """The competent unit refuses after appraisal, with reasons; the refusal goes back to the applicant."""
    reasons = _items(reasons, "reasons")
    return _decide(
        "refuse",
        actor=actor,
        dossier=dossier,
        revision=revision,
        note="; ".join(reasons),
        data={"reasons": reasons},
    )


def dossier_approve(*, actor, dossier, note="", revision=None) -> Dossier:
    return _decide("approve", actor=actor, dossier=dossier, revision=revision, note=note)


def dossier_issue_result(*, actor, dossier, note="", revision=None) -> Dossier:
    """The signed result is ready; the dossier goes to the desk to be returned."""

    def apply(d: Dossier):
        results = list(d.attachments.filter(kind="result"))
        if not results:
            raise ValidationError({"files": _("Attach the result first.")})
        from motcua.datastore.models import Source
        from motcua.datastore.services import document_collect

        for attachment in results:  # electronic results reach the citizen's data store when issued
            document_collect(attachment=attachment, source=Source.RESULT)
        now = timezone.now()
        d.result_ready_at = now
        d.clock_paused_at = None
        step, _unused = _finish_step(d, now)
        last = d.steps.order_by("-position").first()
        if last and _is_return_step(d, last):
            _start_step(d, last, now)
        else:
            d.current_step = None
        return {
            "step": step,
            "unit": d.handling_unit,
            "timeliness": _timeliness(now, d.due_at),
            "note": note,
            "receiver": d.receiving_unit.name,
            "data": {"to_store": bool(d.citizen_id)},
        }

    return _perform("issue_result", actor=actor, dossier=dossier, revision=revision, apply=apply)


def dossier_return_result(*, actor, dossier, method: str, note="", revision=None) -> Dossier:
    if method not in Channel.values:
        raise ValidationError({"method": _("Choose how the result was returned.")})

    def apply(d: Dossier):
        now = timezone.now()
        d.return_method = method
        d.finished_at = now
        step, timeliness = _finish_step(d, now)
        d.current_step = None
        return {
            "step": step,
            "unit": d.receiving_unit,
            "timeliness": timeliness,
            "note": note,
            "data": {"method": method},
        }

    return _perform("return_result", actor=actor, dossier=dossier, revision=revision, apply=apply)


def _end(action, *, actor, dossier, reason, revision):
    if not reason.strip():
        raise ValidationError({"reason": _("Give the applicant's reason.")})

    def apply(d: Dossier):
        d.finished_at = timezone.now()
        _finish_step(d, d.finished_at)
        d.current_step = None
        return {"unit": d.handling_unit or d.receiving_unit, "note": reason}

    return _perform(action, actor=actor, dossier=dossier, revision=revision, apply=apply)


def dossier_withdraw(*, actor, dossier, reason: str, revision=None) -> Dossier:
    return _end("withdraw", actor=actor, dossier=dossier, reason=reason, revision=revision)


def dossier_stop(*, actor, dossier, reason: str, revision=None) -> Dossier:
    return _end("stop", actor=actor, dossier=dossier, reason=reason, revision=revision)


def dossier_apologise(*, actor, dossier, new_due: datetime, reason: str, revision=None) -> Dossier:
    """Running late: one apology with a new appointment (form 04), issued before the due moment."""
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the dossier is late.")})

    def apply(d: Dossier):
        now = timezone.now()
        if d.apologised:
            raise ValidationError({"action": _("An apology was already issued for this dossier; it is allowed once.")})
        if d.due_at is None or now >= d.due_at:
            raise ValidationError({"action": _("An apology must be issued before the appointment.")})
        if new_due <= d.due_at:
            raise ValidationError({"new_due": _("The new appointment must be after the current one.")})
        calendar = unit_calendar(d.receiving_unit)
        if not calendar.is_working_day(timezone.localdate(new_due)):
            raise ValidationError({"new_due": _("The new appointment must be on a working day.")})
        old = d.due_at
        d.due_at = new_due
        d.apologised = True
        d.is_overdue = False
        when = timezone.localtime(new_due).strftime("%H:%M %d/%m/%Y")
        _notify_applicant(d, _("We apologise: the new appointment is %(when)s.") % {"when": when})
        return {
            "unit": d.handling_unit,
            "note": reason,
            "data": {"old_due": old.isoformat(), "new_due": new_due.isoformat()},
        }

    return _perform("apologise", actor=actor, dossier=dossier, revision=revision, apply=apply)


def dossiers_flag_overdue(*, now: datetime | None = None, batch: int = 5000) -> int:
    """The worker's sweep: mark running dossiers past their appointment, one event each."""
    from .states import CLOCK_RUNS

    now = now or timezone.now()
    flagged = 0
    candidates = Dossier.objects.filter(
        state__in=CLOCK_RUNS, is_overdue=False, due_at__lt=now, clock_paused_at=None
    ).values_list("pk", flat=True)[:batch]
    for pk in list(candidates):
        with transaction.atomic():
            dossier = _load(pk)
            if dossier.is_overdue or dossier.due_at is None or dossier.due_at >= now:
                continue
            dossier.is_overdue = True
            dossier.revision += 1
            dossier.save(update_fields=["is_overdue", "revision", "updated_at"])
            _event(
                dossier,
                "flag_overdue",
                actor=None,
                from_state=dossier.state,
                unit=dossier.handling_unit,
                timeliness=Timeliness.LATE,
                at=now,
            )
            flagged += 1
    return flagged


ACTIONS = {
    "receive": dossier_receive,
    "request_supplement_at_desk": dossier_request_supplement_at_desk,
    "refuse_intake": dossier_refuse_intake,
    "dispatch": dossier_dispatch,
    "claim": dossier_claim,
    "assign": dossier_assign,
    "forward": dossier_forward,
    "send_back": dossier_send_back,
    "request_supplement": dossier_request_supplement,
    "receive_supplement": dossier_receive_supplement,
    "request_payment": dossier_request_payment,
    "mark_paid": dossier_mark_paid,
    "refuse": dossier_refuse,
    "approve": dossier_approve,
    "issue_result": dossier_issue_result,
    "return_result": dossier_return_result,
    "withdraw": dossier_withdraw,
    "stop": dossier_stop,
    "apologise": dossier_apologise,
}
