"""The report: rows per dimension from the daily roll-up, plus today's running figures from the dossiers.

Two aggregate queries per report whatever the number of rows: one over a roll-up (`stats_for`), one over `Dossier`."""

import operator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import reduce

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.catalog.models import Channel
from motcua.dossiers.actions import Action
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.dossiers.states import CLOCK_RUNS, State

from .models import COUNTERS, DailyStat, ReceptionMonthStat, ReceptionStat
from .rollups import ONE_DAY, ONLINE_PAYMENT, PROCESSED, SIMPLE, TIMELINESS, day_start

# Received and not yet decided or ready: the dossiers being worked on now.
IN_PROGRESS = frozenset({State.RECEIVED, State.IN_PROCESS, State.SUPPLEMENT, State.FINANCIAL, State.APPROVED})

DIMENSIONS = {
    "receiving": ("receiving_unit", "receiving_unit__name"),
    "handling": ("handling_unit", "handling_unit__name"),
    "commune": ("commune", "commune__name"),
    "procedure": ("procedure", "procedure__name"),
    "channel": ("channel", None),
}
DIMENSION_LABELS = {
    "receiving": _("Receiving unit"),
    "handling": _("Handling unit"),
    "commune": _("Commune"),
    "procedure": _("Procedure"),
    "channel": _("Channel"),
}
NOW_METRICS = ("in_progress", "overdue")
# The figures a report shows and drills into (the other counters feed rates and the indicators).
METRICS = (
    "received",
    "online_received",
    "processed",
    "early",
    "on_time",
    "late",
    "supplements",
    "not_accepted",
    "refused",
    "withdrawn",
    "stopped",
    "overdue_flagged",
    "digitised",
    "paid_online",
    "rated",
    *NOW_METRICS,
)
METRIC_LABELS = {
    "received": _("Received"),
    "online_received": _("Received online"),
    "processed": _("Processed"),
    "early": _("Early"),
    "on_time": _("On time"),
    "late": _("Late"),
    "supplements": _("Supplements requested"),
    "not_accepted": _("Not accepted"),
    "refused": _("Refused"),
    "withdrawn": _("Withdrawn"),
    "stopped": _("Stopped"),
    "overdue_flagged": _("Flagged overdue"),
    "digitised": _("Received digitised"),
    "paid_online": _("Fees paid online"),
    "rated": _("Satisfaction ratings"),
    "in_progress": _("In progress now"),
    "overdue": _("Overdue now"),
}
NONE_KEY = "none"  # the key of the row of dossiers without a handling unit (the dispatch queue)


@dataclass(frozen=True)
class Scope:
    """Rows received in `receiving` or handled by `handling` (unit ids); `Scope.everything()` for no limit."""

    receiving: frozenset = field(default_factory=frozenset)
    handling: frozenset = field(default_factory=frozenset)
    unlimited: bool = False

    @classmethod
    def everything(cls) -> "Scope":
        return cls(unlimited=True)

    def condition(self, prefix: str = "") -> Q:
        if self.unlimited:
            return Q()
        parts = [Q(**{f"{prefix}{column}__in": units}) for column, units in self._parts() if units]
        return reduce(operator.or_, parts) if parts else Q(pk__in=[])

    def _parts(self):
        return (("receiving_unit", self.receiving), ("handling_unit", self.handling))

    @property
    def by_reception(self) -> bool:
        """Whether the scope is a matter of receiving units only (so the smaller roll-up serves it)."""
        return self.unlimited or not self.handling


def stats_for(units: "Scope | None", by: str = "receiving"):
    """The roll-up a query reads: by receiving unit when neither the scope nor the grouping needs more detail."""
    if by in ("receiving", "procedure", "channel") and (units is None or units.by_reception):
        return ReceptionStat.objects
    return DailyStat.objects


def period_sums(*, units: "Scope", by: str, start: date, end: date, group: list[str], sums: dict, monthly=False):
    """`values(*group).annotate(**sums)` over the roll-up for the local days `start`..`end`, as dicts.

    By receiving unit, the whole months inside the period are read from the monthly roll-up and only the days
    before and after them from the daily one. `monthly`: group also by month, as "bucket"."""
    daily = stats_for(units, by)
    day_bucket = {"bucket": TruncMonth("day")} if monthly else {}
    if daily.model is not ReceptionStat:
        parts = [daily.filter(day__gte=start, day__lte=end).annotate(**day_bucket)]
    else:
        first = start if start.day == 1 else next_month(start)
        after = next_month(end) if next_month(end) - ONE_DAY == end else end.replace(day=1)
        parts = []
        if first < after:
            months = ReceptionMonthStat.objects.filter(month__gte=first, month__lt=after)
            parts.append(months.annotate(bucket=F("month")) if monthly else months)
            edges = [(start, first - ONE_DAY), (after, end)]
        else:
            edges = [(start, end)]
        parts += [daily.filter(day__gte=a, day__lte=b).annotate(**day_bucket) for a, b in edges if a <= b]
    names = [*group, *(["bucket"] if monthly else [])]
    merged: dict[tuple, dict] = {}
    for part in parts:
        for row in part.filter(units.condition()).values(*names).annotate(**sums).order_by():
            key = tuple(row[name] for name in names)
            if key not in merged:
                merged[key] = row
            else:
                for name in sums:
                    merged[key][name] = (merged[key][name] or 0) + (row[name] or 0)
    return list(merged.values())


def next_month(day: date) -> date:
    """The first day of the month after `day`'s."""
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1)


def share(part: int, whole: int) -> float | None:
    """`part` in percent of `whole`, one decimal; None when there is no whole."""
    return round(100 * part / whole, 1) if whole else None


@dataclass
class Row:
    key: str
    label: str
    figures: dict

    @property
    def in_time_rate(self) -> float | None:
        return share(self.figures["early"] + self.figures["on_time"], self.figures["processed"])

    @property
    def online_share(self) -> float | None:
        return share(self.figures["online_received"], self.figures["received"])

    @property
    def satisfied_share(self) -> float | None:
        return share(self.figures["rated_satisfied"], self.figures["rated"])

    @property
    def average_days(self) -> float | None:
        processed = self.figures["processed"]
        return round(self.figures["processing_seconds"] / processed / 86400, 1) if processed else None


def _key(value) -> str:
    return NONE_KEY if value is None else str(value)


def _filters(qs: QuerySet, *, units: Scope | None, procedure, channel, prefix: str = "") -> QuerySet:
    if units is not None:
        qs = qs.filter(units.condition(prefix))
    if procedure is not None:
        qs = qs.filter(**{f"{prefix}procedure": procedure})
    if channel:
        qs = qs.filter(**{f"{prefix}channel": channel})
    return qs


def report(
    *,
    start: date,
    end: date,
    by: str = "receiving",
    units: Scope | None = None,
    procedure=None,
    channel: str | None = None,
    now: datetime | None = None,
) -> list[Row]:
    """Rows grouped `by` a dimension, for the local days `start`..`end` (inclusive), within `units`.

    Period figures come from the roll-up; "in progress now" and "overdue now" from the dossiers as they are."""
    if by not in DIMENSIONS:
        raise ValueError(f"unknown dimension {by!r}")
    now = now or timezone.now()
    column, label_column = DIMENSIONS[by]
    columns = [column] + ([label_column] if label_column else [])
    stats = _filters(
        stats_for(units, by).filter(day__gte=start, day__lte=end), units=units, procedure=procedure, channel=channel
    )
    period = stats.values(*columns).annotate(**{name: Sum(name) for name in COUNTERS}).order_by()
    running = running_now(columns, units=units, procedure=procedure, channel=channel, now=now)
    channel_labels = dict(Channel.choices)
    rows: dict[str, Row] = {}

    def row_for(values) -> Row:
        key = _key(values[column])
        if key not in rows:
            if label_column:
                label = values[label_column] or str(_("Not yet dispatched"))
            else:
                label = str(channel_labels.get(values[column], values[column]))
            rows[key] = Row(key=key, label=label, figures=dict.fromkeys((*COUNTERS, *NOW_METRICS), 0))
        return rows[key]

    for values in period:
        row = row_for(values)
        for name in COUNTERS:
            row.figures[name] += values[name] or 0
    for values in running:
        row = row_for(values)
        row.figures["in_progress"] += values["in_progress"]
        row.figures["overdue"] += values["overdue"]
    return sorted(rows.values(), key=lambda r: r.label)


def running_now(columns, *, units: Scope | None, now: datetime, procedure=None, channel=None) -> QuerySet:
    """Dossiers in progress and overdue now, grouped by `columns` (a snapshot, whatever the period)."""
    return (
        _filters(Dossier.objects.filter(state__in=IN_PROGRESS), units=units, procedure=procedure, channel=channel)
        .values(*columns)
        .annotate(
            in_progress=Count("pk"),
            overdue=Count("pk", filter=Q(state__in=CLOCK_RUNS, due_at__lt=now)),
        )
        .order_by()
    )


def totals(rows: list[Row]) -> Row:
    total = Row(key="", label=str(_("Total")), figures=dict.fromkeys((*COUNTERS, *NOW_METRICS), 0))
    for row in rows:
        for name, value in row.figures.items():
            total.figures[name] += value
    return total


# -- drill-down ----------------------------------------------------------------------------------------------
def _metric_events(metric: str) -> Q:
    if metric == "received":
        return Q(action=Action.RECEIVE)
    if metric == "online_received":
        return Q(action=Action.RECEIVE, dossier__channel=Channel.ONLINE)
    if metric == "processed":
        return Q(action__in=PROCESSED)
    if metric in TIMELINESS:  # the counters named after the timeliness of a decision
        return Q(action__in=PROCESSED, timeliness=metric)
    if metric == "digitised":
        return Q(action=Action.RECEIVE, data__digitised=True)
    if metric == "paid_online":
        return Q(action=Action.MARK_PAID, data__method=ONLINE_PAYMENT)
    actions = [action for action, counter in SIMPLE.items() if counter == metric]
    if not actions:
        raise ValueError(f"unknown metric {metric!r}")
    return Q(action__in=actions)


# Dimensions whose rows are keyed by a row id (the others by a code or a choice, any text of which is safe).
_ID_KEYED = frozenset({"receiving", "handling", "procedure"})


def key_is_valid(by: str, key: str | None) -> bool:
    """Whether `key` can name a row of the report grouped `by`: the total (empty), NONE_KEY, or an id."""
    if key in (None, "", NONE_KEY) or by not in _ID_KEYED:
        return True
    return key.isascii() and key.isdigit() and 0 < int(key) < 2**63


def _key_condition(by: str, key: str | None, prefix: str) -> Q:
    if key in (None, ""):  # the total row
        return Q()
    column = DIMENSIONS[by][0]
    if by == "handling" and prefix:
        # The handling unit when the event happened: none before the dossier's last dispatch (see rollups.py).
        later_dispatch = Exists(
            DossierEvent.objects.filter(
                dossier_id=OuterRef("dossier_id"), action=Action.DISPATCH, seq__gt=OuterRef("seq")
            )
        )
        if key == NONE_KEY:
            return Q(dossier__handling_unit=None) | Q(later_dispatch)
        return Q(dossier__handling_unit=key) & ~Q(later_dispatch)
    if key == NONE_KEY:
        return Q(**{f"{prefix}{column}": None})
    return Q(**{f"{prefix}{column}": key})


def drilldown(
    *,
    metric: str,
    by: str,
    key: str | None,
    start: date,
    end: date,
    units: Scope | None = None,
    procedure=None,
    channel: str | None = None,
    now: datetime | None = None,
    limit: int = 200,
) -> QuerySet[Dossier]:
    """The dossiers behind one figure of the report (at most `limit`, newest first)."""
    if by not in DIMENSIONS or metric not in METRICS:
        raise ValueError("unknown dimension or metric")
    now = now or timezone.now()
    if metric in NOW_METRICS:
        dossiers = _filters(
            Dossier.objects.filter(state__in=IN_PROGRESS), units=units, procedure=procedure, channel=channel
        ).filter(_key_condition(by, key, ""))
        if metric == "overdue":
            dossiers = dossiers.filter(state__in=CLOCK_RUNS, due_at__lt=now)
    elif metric == "rated":
        dossiers = _filters(
            Dossier.objects.filter(rating__rated_on__gte=start, rating__rated_on__lte=end),
            units=units,
            procedure=procedure,
            channel=channel,
        ).filter(_key_condition(by, key, ""))
    else:
        events = _filters(
            DossierEvent.objects.filter(at__gte=day_start(start), at__lt=day_start(end + ONE_DAY)),
            units=units,
            procedure=procedure,
            channel=channel,
            prefix="dossier__",
        ).filter(_metric_events(metric), _key_condition(by, key, "dossier__"))
        dossiers = Dossier.objects.filter(pk__in=events.values("dossier_id"))
    return dossiers.select_related("procedure").order_by("-submitted_at", "-pk")[:limit]


def most_filed(*, province_code: str, since: date, limit: int = 8) -> list[dict]:
    """The procedures the province's units received most often since `since` (from that month on), busiest
    first: `code`, `name` and `received`. One aggregate over the monthly roll-up (a few thousand rows a year),
    for the public home page, which caches it."""
    rows = (
        ReceptionMonthStat.objects.filter(
            month__gte=since.replace(day=1),
            receiving_unit__province_id=province_code,
            procedure__is_active=True,
        )
        .values("procedure__code", "procedure__name")
        .annotate(total=Sum("received"))
        .filter(total__gt=0)
        .order_by("-total", "procedure__code")[:limit]
    )
    return [{"code": r["procedure__code"], "name": r["procedure__name"], "received": r["total"]} for r in rows]
