"""The desk's check of a filed dossier: exactly one of received, supplement requested, not accepted."""

from django.db.models import Count, Q
from django.utils import timezone

from ..actions import Action
from ..clock import appointment
from ..models import AttachmentKind, Dossier
from ..validation import clean_items
from .lifecycle import perform
from .steps import step_start, steps_instantiate
from .supplements import supplement_request_open


def dossier_receive(*, actor, dossier: Dossier, revision=None) -> Dossier:
    """The desk accepts a complete dossier: receipt and appointment (form 01); the legal clock starts."""

    def apply(d: Dossier):
        now = timezone.now()
        d.received_at = now
        d.due_at = d.original_due_at = appointment(d, now)
        steps = steps_instantiate(d)
        if steps:
            step_start(d, steps[0], now)
        files = d.attachments.filter(kind=AttachmentKind.SUBMISSION).aggregate(
            digitised=Count("pk"), reused=Count("pk", filter=Q(reused=True))
        )
        facts = {name: bool(count) for name, count in files.items()}  # for the indicators
        return {"unit": d.receiving_unit, "data": {"due_at": d.due_at.isoformat() if d.due_at else None, **facts}}

    return perform(Action.RECEIVE, actor=actor, dossier=dossier, revision=revision, apply=apply)


def dossier_request_supplement_at_desk(*, actor, dossier, items, note="", revision=None) -> Dossier:
    """The desk finds the dossier incomplete: every missing item is listed at once (form 02)."""
    items = clean_items(items, "items")

    def apply(d: Dossier):
        supplement_request_open(d, items=items, note=note, actor=actor, at=timezone.now())
        return {"unit": d.receiving_unit, "note": note, "data": {"missing": items}}

    return perform(Action.REQUEST_SUPPLEMENT_AT_DESK, actor=actor, dossier=dossier, revision=revision, apply=apply)


def dossier_refuse_intake(*, actor, dossier, reasons, revision=None) -> Dossier:
    """The desk refuses the dossier, with reasons (form 03)."""
    reasons = clean_items(reasons, "reasons")

    def apply(d):
        d.finished_at = timezone.now()
        return {"unit": d.receiving_unit, "data": {"reasons": reasons}, "note": "; ".join(reasons)}

    return perform(Action.REFUSE_INTAKE, actor=actor, dossier=dossier, revision=revision, apply=apply)
