"""The rule that an internal workflow's allotted times add up to the legal processing time."""

from collections.abc import Iterable
from decimal import Decimal

from django.utils.translation import gettext as _

from motcua.core.working_time import DurationUnit

from .models import Channel

HOURS_PER_WORKING_DAY = Decimal(8)  # the catalogue's convention (Decree 118/2025): 1 working day = 8 hours


def _as_comparable(duration: Decimal, unit: str) -> tuple[str, Decimal]:
    if unit == DurationUnit.WORKING_DAYS:
        return "working", Decimal(duration) * HOURS_PER_WORKING_DAY
    if unit == DurationUnit.WORKING_HOURS:
        return "working", Decimal(duration)
    return "calendar", Decimal(duration)


def legal_time(methods: Iterable[tuple[str, Decimal, str]]) -> tuple[Decimal, str] | None:
    """The time the workflow must fill: the counter method's, else the first method's."""
    methods = list(methods)
    for channel, duration, unit in methods:
        if channel == Channel.COUNTER:
            return Decimal(duration), unit
    return (Decimal(methods[0][1]), methods[0][2]) if methods else None


def total_allotted(steps: Iterable[tuple[Decimal, str, int | None]]) -> tuple[str | None, Decimal]:
    """Sum of the steps' time; steps sharing a parallel group count once, by the longest."""
    kinds, sequential, groups = set(), Decimal(0), {}
    for duration, unit, group in steps:
        kind, amount = _as_comparable(duration, unit)
        kinds.add(kind)
        if group is None:
            sequential += amount
        else:
            groups[group] = max(groups.get(group, Decimal(0)), amount)
    if len(kinds) > 1:
        return None, Decimal(0)
    return (kinds.pop() if kinds else None), sequential + sum(groups.values(), Decimal(0))


def workflow_error(steps, legal_duration: Decimal, legal_unit: str) -> str | None:
    """Why the steps do not fill the legal time, or None when they do."""
    steps = list(steps)
    if not steps:
        return _("a workflow needs at least one step")
    kind, total = total_allotted(steps)
    legal_kind, legal_amount = _as_comparable(legal_duration, legal_unit)
    if kind is None:
        return _("steps mix working time and calendar days")
    if kind != legal_kind:
        return _("steps are counted in %(unit)s but the legal time is not") % {
            "unit": _("calendar days") if kind == "calendar" else _("working time")
        }
    if total != legal_amount:
        unit = _("calendar days") if kind == "calendar" else _("working hours")
        return _("allotted times add up to %(total)s %(unit)s, the legal time is %(legal)s %(unit)s") % {
            "total": _plain(total),
            "legal": _plain(legal_amount),
            "unit": unit,
        }
    return None


def _plain(value: Decimal) -> str:
    return f"{value.normalize():f}"


__all__ = ["HOURS_PER_WORKING_DAY", "legal_time", "total_allotted", "workflow_error"]
