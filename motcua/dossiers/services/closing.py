"""The end of a dossier: the result handed back, or withdrawn or stopped on the applicant's request."""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.catalog.models import Channel
from motcua.core.errors import InputErrorCode

from ..actions import Action
from ..models import Dossier
from .lifecycle import perform
from .steps import step_finish


def dossier_return_result(*, actor, dossier, method: str, note="", note_public=False, revision=None) -> Dossier:
    if method not in Channel.values:
        raise ValidationError(
            {"method": ValidationError(_("Choose how the result was returned."), code=InputErrorCode.INVALID_CHOICE)}
        )

    def apply(d: Dossier):
        now = timezone.now()
        d.return_method = method
        d.finished_at = now
        step, timeliness = step_finish(d, now)
        d.current_step = None
        return {
            "step": step,
            "unit": d.receiving_unit,
            "timeliness": timeliness,
            "note": note,
            "note_public": note_public,
            "data": {"method": method},
        }

    return perform(Action.RETURN_RESULT, actor=actor, dossier=dossier, revision=revision, apply=apply)


def _end(action, *, actor, dossier, reason, revision):
    if not reason.strip():
        raise ValidationError(
            {"reason": ValidationError(_("Give the applicant's reason."), code=InputErrorCode.REQUIRED)}
        )

    def apply(d: Dossier):
        d.finished_at = timezone.now()
        step_finish(d, d.finished_at)
        d.current_step = None
        return {"unit": d.handling_unit or d.receiving_unit, "note": reason}

    return perform(action, actor=actor, dossier=dossier, revision=revision, apply=apply)


def dossier_withdraw(*, actor, dossier, reason: str, revision=None) -> Dossier:
    return _end(Action.WITHDRAW, actor=actor, dossier=dossier, reason=reason, revision=revision)


def dossier_stop(*, actor, dossier, reason: str, revision=None) -> Dossier:
    return _end(Action.STOP, actor=actor, dossier=dossier, reason=reason, revision=revision)
