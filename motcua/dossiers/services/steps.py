"""The dossier's processing steps: instantiated from the workflow at receipt, started, finished; routing."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.core.actors import person_required
from motcua.core.errors import InputErrorCode
from motcua.core.working_time import DurationUnit
from motcua.org.models import Role, Unit

from .. import permissions
from ..actions import Action
from ..clock import timeliness_of, unit_calendar
from ..errors import DossierErrorCode
from ..models import Dossier, DossierStep
from ..routing import is_return_step_of, step_unit
from .lifecycle import perform


def step_start(dossier: Dossier, step: DossierStep, now: datetime) -> None:
    calendar = unit_calendar(dossier.receiving_unit)
    step.started_at = now
    step.finished_at = None
    if step.allotted_days is not None:
        step.due_at = calendar.add_calendar_days(now, step.allotted_days)
    else:
        step.due_at = calendar.add_working_hours(now, step.allotted_hours or 0)
    step.save()
    dossier.current_step = step


def step_finish(dossier: Dossier, now: datetime) -> tuple[DossierStep | None, str]:
    step = dossier.current_step
    if step is None:
        return None, ""
    step.finished_at = now
    step.save(update_fields=["finished_at"])
    return step, timeliness_of(now, step.due_at)


def steps_instantiate(dossier: Dossier) -> list[DossierStep]:
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


def step_next(dossier: Dossier, after: DossierStep | None) -> DossierStep | None:
    steps = dossier.steps.filter(position__gt=after.position if after else 0).order_by("position")
    return steps.first()


def is_return_step(dossier: Dossier, step: DossierStep) -> bool:
    """The last step, handing the result back at the desk, is entered only by issuing the result."""
    return is_return_step_of(step, list(dossier.steps.order_by("position")))


def dossier_dispatch(*, actor, dossier, unit: Unit, revision=None) -> Dossier:
    """Send a dossier whose competent authority could not be determined to the unit that decides it."""

    def apply(d: Dossier):
        if unit.kind != d.procedure.competent_agency or unit.province_id != d.commune.province_id:
            raise ValidationError(
                {
                    "unit": ValidationError(
                        _("This unit is not competent for the procedure."), code=DossierErrorCode.UNIT_NOT_COMPETENT
                    )
                }
            )
        d.handling_unit = unit
        d.steps.filter(started_at=None, unit=None).update(unit=unit)
        return {"unit": d.receiving_unit, "receiver": unit.name}

    return perform(Action.DISPATCH, actor=actor, dossier=dossier, revision=revision, apply=apply)


def dossier_claim(*, actor, dossier, revision=None) -> Dossier:
    """The user takes the current step on themselves."""
    person_required(actor, "Claiming a step")  # the step's assignee is whoever claims it: a person

    def apply(d: Dossier):
        step = d.current_step
        if step.assignee_id and step.assignee_id != actor.pk:
            raise ValidationError(
                {
                    "action": ValidationError(
                        _("This step is already assigned to %(name)s.") % {"name": step.assignee.get_full_name()},
                        code=DossierErrorCode.STEP_TAKEN,
                    )
                }
            )
        step.assignee = actor
        step.save(update_fields=["assignee"])
        return {"step": step, "unit": step.unit, "receiver": actor.get_full_name()}

    return perform(Action.CLAIM, actor=actor, dossier=dossier, revision=revision, apply=apply)


def dossier_assign(*, actor, dossier, assignee, revision=None) -> Dossier:
    def apply(d: Dossier):
        step = d.current_step
        if not permissions.holds(assignee, step.role, step.unit) and not permissions.holds(
            assignee, Role.SPECIALIST, step.unit
        ):
            raise ValidationError(
                {
                    "assignee": ValidationError(
                        _("%(name)s does not work on this step's unit.") % {"name": assignee.get_full_name()},
                        code=DossierErrorCode.NOT_ON_UNIT,
                    )
                }
            )
        step.assignee = assignee
        step.save(update_fields=["assignee"])
        return {"step": step, "unit": step.unit, "receiver": assignee.get_full_name()}

    return perform(Action.ASSIGN, actor=actor, dossier=dossier, revision=revision, apply=apply)


def dossier_forward(*, actor, dossier, note="", note_public=False, revision=None) -> Dossier:
    """Finish the current step and hand the dossier to the next one; the note is internal unless `note_public`."""

    def apply(d: Dossier):
        now = timezone.now()
        nxt = step_next(d, d.current_step)
        if nxt is None or is_return_step(d, nxt):
            raise ValidationError(
                {
                    "action": ValidationError(
                        _("This is the last processing step: approve or refuse instead."),
                        code=DossierErrorCode.LAST_STEP,
                    )
                }
            )
        finished, timeliness = step_finish(d, now)
        step_start(d, nxt, now)
        return {
            "step": finished,
            "unit": finished.unit if finished else None,
            "timeliness": timeliness,
            "receiver": nxt.unit.name if nxt.unit else _("dispatch queue"),
            "note": note,
            "note_public": note_public,
        }

    return perform(Action.FORWARD, actor=actor, dossier=dossier, revision=revision, apply=apply)


def dossier_send_back(*, actor, dossier, to_position: int, note: str, note_public=False, revision=None) -> Dossier:
    """Return the dossier to an earlier step, saying why (internal unless `note_public`)."""
    if not note.strip():
        raise ValidationError(
            {"note": ValidationError(_("Say why the dossier goes back."), code=InputErrorCode.REQUIRED)}
        )

    def apply(d: Dossier):
        now = timezone.now()
        target = d.steps.filter(position=to_position, position__lt=d.current_step.position).first()
        if target is None:
            raise ValidationError(
                {
                    "to_position": ValidationError(
                        _("Choose an earlier step."), code=DossierErrorCode.NOT_AN_EARLIER_STEP
                    )
                }
            )
        finished, timeliness = step_finish(d, now)
        step_start(d, target, now)
        return {
            "step": finished,
            "unit": finished.unit,
            "timeliness": timeliness,
            "receiver": target.unit.name if target.unit else "",
            "note": note,
            "note_public": note_public,
        }

    return perform(Action.SEND_BACK, actor=actor, dossier=dossier, revision=revision, apply=apply)
