"""The worker's periodic sweeps over running dossiers."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from motcua.core.actors import system_required

from ..actions import Action
from ..models import Dossier, Timeliness
from ..states import CLOCK_RUNS
from .lifecycle import dossier_lock, event_write


def dossiers_flag_overdue(*, actor, now: datetime | None = None, batch: int = 5000) -> int:
    """The worker's sweep: mark running dossiers past their appointment, one event each. Only `SYSTEM` sweeps."""
    system_required(actor, "The overdue sweep")
    now = now or timezone.now()
    flagged = 0
    candidates = Dossier.objects.filter(
        state__in=CLOCK_RUNS, is_overdue=False, due_at__lt=now, clock_paused_at=None
    ).values_list("pk", flat=True)[:batch]
    for pk in list(candidates):
        with transaction.atomic():
            dossier = dossier_lock(pk)
            if dossier.is_overdue or dossier.due_at is None or dossier.due_at >= now:
                continue
            dossier.is_overdue = True
            dossier.revision += 1
            dossier.save(update_fields=["is_overdue", "revision", "updated_at"])
            event_write(
                dossier,
                Action.FLAG_OVERDUE,
                actor=actor,
                from_state=dossier.state,
                unit=dossier.handling_unit,
                timeliness=Timeliness.LATE,
                at=now,
            )
            flagged += 1
    return flagged
