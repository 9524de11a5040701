"""A dossier's clock: its legal processing time, its appointment and whether a moment was on time.

Every date here comes from the receiving unit's working-time calendar (`core.working_time`).
"""

from datetime import datetime
from decimal import Decimal

from django.utils import timezone

from motcua.catalog.models import Channel
from motcua.core.working_time import WorkingCalendar, calendar_for
from motcua.org.models import Unit

from .models import Dossier, Timeliness


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


def appointment(dossier: Dossier, start: datetime) -> datetime | None:
    time = processing_time(dossier)
    if time is None or time[0] == 0:  # same-day procedures get no appointment
        return None
    return unit_calendar(dossier.receiving_unit).add(start, *time)


def timeliness_of(finished: datetime, due: datetime | None) -> str:
    if due is None:
        return ""
    if finished > due:
        return Timeliness.LATE
    return Timeliness.EARLY if timezone.localdate(finished) < timezone.localdate(due) else Timeliness.ON_TIME
