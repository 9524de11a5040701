"""Keeping the roll-ups up to date: `DailyStat` and its sums by receiving unit (`ReceptionStat` by day,
`ReceptionMonthStat` by month), by `rollup_apply(event)` in the event's transaction; `rollups_rebuild` from the
event log.

The handling unit of a row is the dossier's handling unit when the event happened. The rebuild reconstructs it
as: none before the dossier's last `dispatch` event, the dossier's current handling unit from it on (exact when a
dossier is dispatched from the queue once, the normal case).
"""

from collections import defaultdict
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.db.models import Exists, F, Max, OuterRef, Sum
from django.db.models.functions import TruncMonth

from motcua.catalog.models import Channel
from motcua.core.working_time import TZ
from motcua.dossiers.actions import Action
from motcua.dossiers.models import DossierEvent, Timeliness
from motcua.feedback.models import Rating
from motcua.integrations.models import MessageStatus, PortalMessage
from motcua.payments.models import Method

from .models import COUNTERS, RECEPTION_KEY, DailyStat, ReceptionMonthStat, ReceptionStat

PROCESSED = (Action.ISSUE_RESULT, Action.REFUSE)
TIMELINESS = (Timeliness.EARLY, Timeliness.ON_TIME, Timeliness.LATE)
SIMPLE = {
    Action.REQUEST_SUPPLEMENT: "supplements",
    Action.REQUEST_SUPPLEMENT_AT_DESK: "supplements",
    Action.REFUSE_INTAKE: "not_accepted",
    Action.REFUSE: "refused",
    Action.WITHDRAW: "withdrawn",
    Action.STOP: "stopped",
    Action.FLAG_OVERDUE: "overdue_flagged",
}
ONLINE_PAYMENT = Method.QR  # paid through a bank, not in cash at the counter
# Every action that moves a counter (drill-downs and the rebuild read these only).
COUNTED_ACTIONS = frozenset(
    {Action.RECEIVE, Action.ISSUE_RESULT, Action.RETURN_RESULT, Action.MARK_PAID, *PROCESSED, *SIMPLE}
)


def local_day(moment: datetime) -> date:
    return moment.astimezone(TZ).date()


def day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=TZ)


def increments(event: DossierEvent, dossier) -> dict[str, int]:
    """The counters one event adds to (empty for actions that count nothing).

    Facts that are not columns of the dossier (digitised, paid online, …) are read from the event's data, written
    by the action when it happened, so the rebuild finds them again."""
    action, data = event.action, event.data or {}
    found: dict[str, int] = {}
    if action == Action.RECEIVE:
        found["received"] = 1
        if dossier.channel == Channel.ONLINE:
            found["online_received"] = 1
        if data.get("digitised"):
            found["digitised"] = 1
        if data.get("reused"):
            found["reused"] = 1
    if action in PROCESSED:
        found["processed"] = 1
        if event.timeliness in TIMELINESS:
            found[event.timeliness] = 1
        if dossier.received_at is not None:
            found["processing_seconds"] = max(0, int((event.at - dossier.received_at).total_seconds()))
            if dossier.due_at is not None:
                found["allowed_seconds"] = max(0, int((dossier.due_at - dossier.received_at).total_seconds()))
    if action == Action.ISSUE_RESULT:
        found["issued"] = 1
        if data.get("to_store"):
            found["results_to_store"] = 1
    if action == Action.RETURN_RESULT:
        found["returned"] = 1
        if data.get("method") == Channel.ONLINE:
            found["returned_online"] = 1
    if action == Action.MARK_PAID and data.get("receipt"):
        found["paid"] = 1
        if data.get("method") == ONLINE_PAYMENT:
            found["paid_online"] = 1
    if action in SIMPLE:
        found[SIMPLE[action]] = 1
    return found


def rating_increments(rating) -> dict[str, int]:
    return {"rated": 1, "rated_satisfied": int(rating.satisfied), "rating_points": rating.score}


def _key(event: DossierEvent, dossier, handling_unit_id) -> dict:
    return _dossier_key(local_day(event.at), dossier, handling_unit_id)


def _dossier_key(day: date, dossier, handling_unit_id) -> dict:
    return {
        "day": day,
        "receiving_unit_id": dossier.receiving_unit_id,
        "handling_unit_id": handling_unit_id,
        "commune_id": dossier.commune_id,
        "procedure_id": dossier.procedure_id,
        "channel": dossier.channel,
    }


def _bump(model, key: dict, found: dict[str, int]) -> None:
    added = {name: F(name) + value for name, value in found.items()}
    rows = model.objects.filter(**key)
    if rows.filter(pk=rows.order_by("pk").values("pk")[:1]).update(**added):
        return  # the day's row existed: the common case, one statement
    with transaction.atomic():
        try:
            stat, _created = model.objects.get_or_create(**key)
        except model.MultipleObjectsReturned:  # NULL handling units are distinct in DailyStat's unique key
            stat = rows.order_by("pk").first()
        model.objects.filter(pk=stat.pk).update(**added)


def _add(key: dict, found: dict[str, int]) -> None:
    """Add to the rows of the three roll-ups: detailed by day, by receiving unit by day and by month."""
    _bump(DailyStat, key, found)
    reception = {name: key[name] for name in RECEPTION_KEY}
    _bump(ReceptionStat, reception, found)
    month = {"month": reception.pop("day").replace(day=1), **reception}
    _bump(ReceptionMonthStat, month, found)


def rollup_apply(event: DossierEvent) -> None:
    """Add one event to its day's row: call it right after the event is written, in the same transaction."""
    dossier = event.dossier
    found = increments(event, dossier)
    if found:
        _add(_key(event, dossier, dossier.handling_unit_id), found)


def rollup_rating(rating) -> None:
    """Add a satisfaction rating to its day's row (in the rating's transaction)."""
    dossier = rating.dossier
    _add(_dossier_key(rating.rated_on, dossier, rating.handling_unit_id), rating_increments(rating))


def _handling_at(event: DossierEvent) -> int | None:
    """The handling unit when `event` happened, by the rule the rebuild follows (see the module's comment)."""
    later = DossierEvent.objects.filter(dossier_id=event.dossier_id, action=Action.DISPATCH, seq__gt=event.seq)
    return None if later.exists() else event.dossier.handling_unit_id


def rollup_synced(event: DossierEvent) -> None:
    """The portal confirmed an event: a reception counts as synced on its own day (in the delivery's transaction)."""
    if event.action == Action.RECEIVE:
        _add(_key(event, event.dossier, _handling_at(event)), {"synced": 1})


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
                "dossier__due_at",
                "data",
            )
            .order_by("pk")[:batch]
        )
        if not page:
            break
        last_id = page[-1].pk
        dispatched = dict(
            DossierEvent.objects.filter(action=Action.DISPATCH, dossier_id__in={e.dossier_id for e in page})
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
    for key, values in _rebuilt_ratings(since):
        row = totals[key]
        for name, value in values.items():
            row[name] += value
    for key in _rebuilt_synced(since):
        totals[key]["synced"] += 1
    rows = [DailyStat(**dict(key), **values) for key, values in totals.items()]
    with transaction.atomic():
        stats.delete()
        DailyStat.objects.bulk_create(rows, batch_size=1000)
        receptions_rebuild(since)
    return len(rows)


def receptions_rebuild(since: date | None = None) -> int:
    """Recompute `ReceptionStat` (from `since` on) by summing `DailyStat`, then `ReceptionMonthStat` (from the
    month of `since` on) by summing `ReceptionStat`: an aggregate query and an insert each."""
    first = since.replace(day=1) if since else None
    with transaction.atomic():
        written = _resum(DailyStat, ReceptionStat, "day", since)
        _resum(ReceptionStat, ReceptionMonthStat, "month", first)
    return written


def _resum(source, target, period: str, since: date | None) -> int:
    """Replace `target`'s rows from `since` on with `source`'s summed by period, receiving unit, procedure, channel."""
    rows = source.objects.all() if since is None else source.objects.filter(day__gte=since)
    if period == "month":
        rows = rows.annotate(month=TruncMonth("day"))
    summed = (
        rows.values(period, "receiving_unit", "procedure", "channel")
        .annotate(**{f"sum_{c}": Sum(c) for c in COUNTERS})
        .order_by()
    )
    (target.objects.all() if since is None else target.objects.filter(**{f"{period}__gte": since})).delete()
    created = target.objects.bulk_create(
        [
            target(
                receiving_unit_id=row["receiving_unit"],
                procedure_id=row["procedure"],
                channel=row["channel"],
                **{period: row[period]},
                **{c: row[f"sum_{c}"] for c in COUNTERS},
            )
            for row in summed
        ],
        batch_size=1000,
    )
    return len(created)


def _rebuilt_ratings(since: date | None):
    ratings = Rating.objects.select_related("dossier").only(
        "score",
        "satisfied",
        "rated_on",
        "handling_unit_id",
        "dossier__receiving_unit_id",
        "dossier__commune_id",
        "dossier__procedure_id",
        "dossier__channel",
    )
    if since is not None:
        ratings = ratings.filter(rated_on__gte=since)
    for rating in ratings.iterator(chunk_size=5000):
        key = _dossier_key(rating.rated_on, rating.dossier, rating.handling_unit_id)
        yield tuple(key.items()), rating_increments(rating)


def _rebuilt_synced(since: date | None):
    later_dispatch = DossierEvent.objects.filter(
        dossier_id=OuterRef("dossier_id"), action=Action.DISPATCH, seq__gt=OuterRef("event__seq")
    )
    messages = PortalMessage.objects.filter(status=MessageStatus.SENT, event__action=Action.RECEIVE)
    if since is not None:
        messages = messages.filter(event__at__gte=day_start(since))
    messages = (
        messages.select_related("event", "dossier")
        .annotate(dispatched_later=Exists(later_dispatch))
        .only(
            "event__at",
            "dossier__receiving_unit_id",
            "dossier__handling_unit_id",
            "dossier__commune_id",
            "dossier__procedure_id",
            "dossier__channel",
        )
    )
    for message in messages.iterator(chunk_size=5000):
        handling = None if message.dispatched_later else message.dossier.handling_unit_id
        yield tuple(_key(message.event, message.dossier, handling).items())


def parse_day(value: str) -> date:
    return date.fromisoformat(value)


ONE_DAY = timedelta(days=1)
