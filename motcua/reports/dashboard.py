"""The figures of the leadership's dashboard: trends, workload per unit, where late dossiers wait, satisfaction.

The period figures come from the roll-ups (by receiving unit where the scope allows, whole months from the monthly
rows); "waiting now" reads the open steps of dossiers in progress (an index on unfinished steps' deadlines keeps it
to the late ones). A constant number of queries per page."""

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Count, F, Q, QuerySet, Sum

from motcua.dossiers.models import Dossier, DossierStep
from motcua.dossiers.states import CLOCK_RUNS
from motcua.org.models import Unit

from .selectors import Scope, next_month, period_sums, share, stats_for

# Longer periods are drawn month by month, shorter ones day by day.
DAILY_UP_TO_DAYS = 62


@dataclass(frozen=True)
class Point:
    label: str
    received: int
    processed: int
    late: int
    rated: int
    rated_satisfied: int

    @property
    def satisfied_share(self) -> float | None:
        return share(self.rated_satisfied, self.rated)


def trend(*, start: date, end: date, units: Scope) -> list[Point]:
    """Received, processed, late and ratings per day (or per month over long periods), gaps included as zeros."""
    monthly = (end - start).days >= DAILY_UP_TO_DAYS
    names = ("received", "processed", "late", "rated", "rated_satisfied")
    sums = {name: Sum(name) for name in names}
    if monthly:
        rows = period_sums(units=units, by="receiving", start=start, end=end, group=[], sums=sums, monthly=True)
    else:
        stats = stats_for(units).filter(day__gte=start, day__lte=end).filter(units.condition())
        rows = stats.annotate(bucket=F("day")).values("bucket").annotate(**sums).order_by()
    found = {_as_date(row["bucket"]): row for row in rows}
    points = []
    for moment in _buckets(start, end, monthly):
        row = found.get(moment, {})
        points.append(
            Point(
                label=moment.strftime("%m/%Y") if monthly else moment.strftime("%d/%m"),
                **{name: row.get(name) or 0 for name in names},
            )
        )
    return points


def _as_date(value) -> date:
    return value.date() if isinstance(value, datetime) else value


def _buckets(start: date, end: date, monthly: bool):
    if monthly:
        moment = start.replace(day=1)
        while moment <= end:
            yield moment
            moment = next_month(moment)
    else:
        moment = start
        while moment <= end:
            yield moment
            moment = date.fromordinal(moment.toordinal() + 1)


def late_steps(*, units: Scope, now: datetime) -> QuerySet[DossierStep]:
    """Open steps past their deadline, of dossiers within `units` whose clock runs."""
    return DossierStep.objects.filter(
        Q(finished_at=None, started_at__isnull=False, due_at__lt=now),
        dossier__state__in=CLOCK_RUNS,  # a dossier waiting for a supplement or a payment is not late meanwhile
    ).filter(units.condition("dossier__"))


def waiting(*, units: Scope, now: datetime, limit: int = 12) -> list[dict]:
    """Where do late dossiers wait? Open late steps counted by step name and unit, most first."""
    rows = (
        late_steps(units=units, now=now)
        .values("name", "unit", "unit__name")
        .annotate(count=Count("pk"))
        .order_by("-count", "name")[:limit]
    )
    return [
        {"step": r["name"], "unit": r["unit"], "unit_name": r["unit__name"] or "", "count": r["count"]} for r in rows
    ]


def waiting_dossiers(*, units: Scope, now: datetime, step: str, unit: int | None, limit: int = 200):
    """The late dossiers waiting at the step called `step` of `unit` (None: steps without a unit)."""
    steps = late_steps(units=units, now=now).filter(name=step, unit=unit)
    return (
        Dossier.objects.filter(pk__in=steps.values("dossier_id"))
        .select_related("procedure")
        .order_by("due_at", "pk")[:limit]
    )


def running_total(running: dict) -> dict:
    return {name: sum(r[name] for r in running.values()) for name in ("in_progress", "overdue")}


def workload(cards, running: dict) -> list[dict]:
    """Per receiving unit: received in the period (from its scorecard) and in progress and overdue now."""
    units = {card.key: {"label": card.label, "received": card.figures["received"]} for card in cards}
    for key in running:
        units.setdefault(key, {"label": None, "received": 0})
    missing = [key for key, unit in units.items() if unit["label"] is None]
    names = (
        {
            str(pk): short or name
            for pk, short, name in Unit.objects.filter(pk__in=missing).values_list("pk", "short_name", "name")
        }
        if missing
        else {}
    )
    rows = []
    for key, unit in units.items():
        now = running.get(key, {})
        rows.append({"label": unit["label"] or names.get(key, key), "received": unit["received"],
                     "in_progress": now.get("in_progress", 0), "overdue": now.get("overdue", 0)})  # fmt: skip
    return sorted(rows, key=lambda r: r["label"])
