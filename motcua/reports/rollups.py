"""Keeping `DailyStat` up to date: `rollup_apply(event)` in the event's transaction; `rollups_rebuild` from
the event log.

The handling unit of a row is the dossier's handling unit when the event happened. The rebuild reconstructs it
as: none before the dossier's last `dispatch` event, the dossier's current handling unit from it on (exact when a
dossier is dispatched from the queue once, the normal case).
"""

from collections import defaultdict
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.db.models import F, Max

from motcua.catalog.models import Channel
from motcua.core.working_time import TZ
from motcua.dossiers.models import DossierEvent

from .models import COUNTERS, DailyStat

PROCESSED = ("issue_result", "refuse")
TIMELINESS = ("early", "on_time", "late")
SIMPLE = {
    "request_supplement": "supplements",
    "request_supplement_at_desk": "supplements",
    "refuse_intake": "not_accepted",
    "refuse": "refused",
    "withdraw": "withdrawn",
    "stop": "stopped",
    "flag_overdue": "overdue_flagged",
}
# Every action that moves a counter (drill-downs and the rebuild read these only).
COUNTED_ACTIONS = frozenset({"receive", *PROCESSED, *SIMPLE})


def local_day(moment: datetime) -> date:
    return moment.astimezone(TZ).date()


def day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=TZ)


def increments(event: DossierEvent, dossier) -> dict[str, int]:
    """The counters one event adds to (empty for actions that count nothing)."""
    action = event.action
    found: dict[str, int] = {}
    if action == "receive":
        found["received"] = 1
        if dossier.channel == Channel.ONLINE:
            found["online_received"] = 1
    if action in PROCESSED:
        found["processed"] = 1
        if event.timeliness in TIMELINESS:
            found[event.timeliness] = 1
        if dossier.received_at is not None:
            found["processing_seconds"] = max(0, int((event.at - dossier.received_at).total_seconds()))
    if action in SIMPLE:
        found[SIMPLE[action]] = 1
    return found


def _key(event: DossierEvent, dossier, handling_unit_id) -> dict:
    return {
        "day": local_day(event.at),
        "receiving_unit_id": dossier.receiving_unit_id,
        "handling_unit_id": handling_unit_id,
        "commune_id": dossier.commune_id,
        "procedure_id": dossier.procedure_id,
        "channel": dossier.channel,
    }


def rollup_apply(event: DossierEvent) -> None:
    """Add one event to its day's row: call it right after the event is written, in the same transaction."""
    dossier = event.dossier
    found = increments(event, dossier)
    if not found:
        return
    key = _key(event, dossier, dossier.handling_unit_id)
    with transaction.atomic():
        try:
            stat, _created = DailyStat.objects.get_or_create(**key)
        except DailyStat.MultipleObjectsReturned:  # NULL handling units are distinct in the unique key
            stat = DailyStat.objects.filter(**key).order_by("pk").first()
        DailyStat.objects.filter(pk=stat.pk).update(**{name: F(name) + value for name, value in found.items()})


def rollups_rebuild(since: date | None = None, *, batch: int = 5000) -> int:
    """Recompute the roll-up from the event log (from `since`, a local day, on; everything if None).

    Deletes the affected days and aggregates the events in batches, keyset-paged by event id. Returns the rows
    written. Run it while the event writers are quiet, or re-run it for the days touched meanwhile."""
    events = DossierEvent.objects.filter(action__in=COUNTED_ACTIONS)
    stats = DailyStat.objects.all()
    if since is not None:
        events = events.filter(at__gte=day_start(since))
        stats = stats.filter(day__gte=since)
    totals: dict[tuple, dict[str, int]] = defaultdict(lambda: dict.fromkeys(COUNTERS, 0))
    last_id = 0
    while True:
        page = list(
            events.filter(pk__gt=last_id)
            .select_related("dossier")
            .only(
                "id",
                "seq",
                "action",
                "timeliness",
                "at",
                "dossier__id",
                "dossier__receiving_unit_id",
                "dossier__handling_unit_id",
                "dossier__commune_id",
                "dossier__procedure_id",
                "dossier__channel",
                "dossier__received_at",
            )
            .order_by("pk")[:batch]
        )
        if not page:
            break
        last_id = page[-1].pk
        dispatched = dict(
            DossierEvent.objects.filter(action="dispatch", dossier_id__in={e.dossier_id for e in page})
            .values("dossier_id")
            .annotate(last=Max("seq"))
            .values_list("dossier_id", "last")
        )
        for event in page:
            dossier = event.dossier
            handling = dossier.handling_unit_id
            if event.dossier_id in dispatched and event.seq < dispatched[event.dossier_id]:
                handling = None
            key = tuple(_key(event, dossier, handling).items())
            row = totals[key]
            for name, value in increments(event, dossier).items():
                row[name] += value
    rows = [DailyStat(**dict(key), **values) for key, values in totals.items()]
    with transaction.atomic():
        stats.delete()
        DailyStat.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


def parse_day(value: str) -> date:
    return date.fromisoformat(value)


ONE_DAY = timedelta(days=1)
