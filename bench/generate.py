"""Benchmark data: N dossiers of a province's year with their steps, events, ratings and roll-up, written fast.

The dossiers follow the demo organisation (Hà Nội: the centre and its 12 branches) and the seed catalogue, with
the distributions of a real centre: civil status, certification and residence procedures most frequent, 60% of
eligible dossiers filed online, received in working hours over `days` days up to now; older dossiers are
settled (early, on time or late against the appointment computed by the real calendar), recent ones are at a
workflow step. About 8 events per settled dossier, as the services write them. On PostgreSQL rows go in with
COPY; elsewhere with batched inserts. The roll-up is computed while generating, with the same rules as
`motcua.reports.rollups.increments`, so reports and dashboards read the generated year at once.
"""

import json
import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from motcua.catalog.models import Channel, DurationUnit, Procedure
from motcua.core.text import fold
from motcua.core.working_time import TZ, calendar_for
from motcua.demo.history import person
from motcua.dossiers.actions import Action
from motcua.dossiers.models import (
    ApplicantKind,
    ClockRule,
    DailySequence,
    Dossier,
    DossierEvent,
    DossierStep,
    Timeliness,
)
from motcua.dossiers.routing import competent_unit, step_unit
from motcua.dossiers.states import State
from motcua.feedback.criteria import FIELDS, is_satisfied, score_of
from motcua.feedback.models import Rating, RatingChannel
from motcua.geo.models import Commune
from motcua.org.models import RECEIVING_KINDS, Counter, Unit, UnitKind
from motcua.org.selectors import province_centre
from motcua.reports.models import DailyStat, ReceptionStat
from motcua.reports.rollups import receptions_rebuild

PROVINCE = "01"
FREQUENT_SECTORS = ("Hộ tịch", "Chứng thực", "Đăng ký, quản lý cư trú")
ONLINE_SHARE = 0.6  # of dossiers whose procedure can be filed online
RATED_SHARE = 0.3  # of returned dossiers
BATCH = 20_000  # dossiers per transaction


@dataclass
class Plan:
    """What one procedure offers, precomputed once: its version, legal time per channel and workflow."""

    procedure: Procedure
    version_id: int
    times: dict  # channel → (duration, unit)
    steps: list  # WorkflowStep templates in order
    weight: int


@dataclass
class Tables:
    """Rows waiting to be written, as tuples in the order of `columns(model)`."""

    dossiers: list = field(default_factory=list)
    events: list = field(default_factory=list)
    steps: list = field(default_factory=list)
    ratings: list = field(default_factory=list)


# Generated events are the system actor's (motcua.core.actors.SYSTEM: `actor` empty), under a name that says they
# are benchmark data, not real work.
SYSTEM_NAME = "Hệ thống (dữ liệu đo hiệu năng)"


class Generator:
    def __init__(self, *, seed: int = 2026, days: int = 365, now: datetime | None = None):
        self.rng = random.Random(seed)  # noqa: S311 - benchmark data, reproducible on purpose
        self.now = now or timezone.now()
        self.start = self.now - timedelta(days=days)
        centre = province_centre(PROVINCE)
        self.receiving = [centre, *Unit.objects.filter(kind=UnitKind.BRANCH, parent=centre).order_by("code")]
        self.centre = centre
        self.counters = {
            u.pk: list(Counter.objects.filter(unit=u).values_list("pk", flat=True)) for u in self.receiving
        }
        self.communes = list(Commune.objects.filter(province_id=PROVINCE))
        self.calendar = calendar_for(centre.office_hours)
        self.plans = self._plans()
        self.weights = [p.weight for p in self.plans]
        self.working_days = [
            d
            for d in _days(self.start.astimezone(TZ).date(), self.now.astimezone(TZ).date())
            if self.calendar.is_working_day(d)
        ]
        self._handling: dict = {}
        self._step_units: dict = {}
        self.sequences: dict = defaultdict(int)
        self.rollup: dict = defaultdict(lambda: defaultdict(int))
        self.ids = {
            "dossier": (Dossier.objects.aggregate(m=Max("pk"))["m"] or 0),
            "event": (DossierEvent.objects.aggregate(m=Max("pk"))["m"] or 0),
            "step": (DossierStep.objects.aggregate(m=Max("pk"))["m"] or 0),
            "rating": (Rating.objects.aggregate(m=Max("pk"))["m"] or 0),
        }
        for agency, day, last in DailySequence.objects.values_list("agency_code", "day", "last"):
            self.sequences[(agency, day)] = last

    # -- reference data ----------------------------------------------------------------------------------
    def _plans(self) -> list[Plan]:
        plans = []
        procedures = Procedure.objects.filter(is_active=True).select_related("sector")
        for procedure in procedures.prefetch_related("versions__methods", "versions__workflows__steps"):
            version = max(procedure.versions.all(), key=lambda v: (v.effective_from, v.number))
            times = {m.channel: (m.duration, m.unit) for m in version.methods.all()}
            if not times:
                continue
            workflows = {w.province_id: w for w in version.workflows.all()}
            workflow = workflows.get(PROVINCE) or workflows.get(None)
            steps = list(workflow.steps.all()) if workflow else []
            weight = 8 if procedure.sector.name in FREQUENT_SECTORS else 2
            plans.append(Plan(procedure, version.pk, times, steps, weight))
        return plans

    def handling_unit(self, plan: Plan, commune) -> Unit | None:
        key = (plan.procedure.pk, commune.pk)
        if key not in self._handling:
            self._handling[key] = competent_unit(plan.procedure, commune)
        return self._handling[key]

    def step_unit_id(self, template, plan: Plan, commune, receiving: Unit, handling: Unit | None) -> int | None:
        if template.unit_kind in RECEIVING_KINDS:
            return receiving.pk
        key = (template.unit_kind, plan.procedure.pk, commune.pk)
        if key not in self._step_units:
            probe = Dossier(procedure=plan.procedure, commune=commune, receiving_unit=receiving, handling_unit=handling)
            unit = step_unit(template.unit_kind, probe)
            self._step_units[key] = unit.pk if unit else None
        return self._step_units[key]

    # -- one dossier -------------------------------------------------------------------------------------
    def moment(self) -> datetime:
        day = self.rng.choice(self.working_days)
        minutes = self.rng.randint(7 * 60 + 30, 16 * 60 + 45)
        return datetime(day.year, day.month, day.day, minutes // 60, minutes % 60, tzinfo=TZ)

    def code(self, unit: Unit, moment: datetime) -> str:
        day = moment.astimezone(TZ).date()
        self.sequences[(unit.code, day)] += 1
        return f"{unit.code}-{day:%y%m%d}-{self.sequences[(unit.code, day)]:04d}"

    def next_id(self, table: str) -> int:
        self.ids[table] += 1
        return self.ids[table]

    def dossier(self, out: Tables) -> None:
        rng = self.rng
        plan = rng.choices(self.plans, self.weights)[0]
        online = Channel.ONLINE in plan.times and rng.random() < ONLINE_SHARE
        channel = Channel.ONLINE if online else Channel.COUNTER
        receiving = self.centre if online else rng.choice(self.receiving[1:])
        commune = rng.choice(self.communes)
        handling = self.handling_unit(plan, commune)
        submitted = self.moment()
        if submitted > self.now:
            submitted = self.now - timedelta(hours=1)
        applicant = person(rng)
        life = Life(self, plan, channel, submitted)
        pk = self.next_id("dossier")
        life.play()
        steps = self._steps(out, pk, plan, commune, receiving, handling, life)
        current_step = next((s for s in steps if s["started"] and not s["finished"]), None)
        for seq, (action, at, timeliness, data) in enumerate(life.events, start=1):
            before, after = life.state_after[seq - 1]
            out.events.append(
                {"id": self.next_id("event"), "dossier_id": pk, "seq": seq, "action": action, "from_state": before,
                 "to_state": after, "at": at, "actor_name": SYSTEM_NAME, "unit_id": receiving.pk,
                 "timeliness": timeliness, "data": data}
            )  # fmt: skip
            self._count(action, at, timeliness, data, receiving, handling, commune, plan, channel, life)
        row = {
            "id": pk,
            "code": self.code(receiving, submitted),
            "procedure_id": plan.procedure.pk,
            "version_id": plan.version_id,
            "case_id": None,
            "channel": channel,
            "state": life.state,
            "receiving_unit_id": receiving.pk,
            "counter_id": None if online else rng.choice(self.counters[receiving.pk] or [None]),
            "handling_unit_id": handling.pk if handling else None,
            "commune_id": commune.pk,
            "applicant_kind": ApplicantKind.PERSON,
            "applicant_name": applicant["applicant_name"],
            "applicant_name_folded": fold(applicant["applicant_name"]),
            "citizen_id": applicant["citizen_id"],
            "date_of_birth": date.fromisoformat(applicant["date_of_birth"]),
            "tax_code": "",
            "representative": "",
            "phone": applicant["phone"],
            "email": applicant["email"],
            "address": applicant["address"],
            "applicant_commune_id": commune.pk,
            "submitted_by_id": None,
            "form_data": None,
            "submitted_at": submitted,
            "received_at": life.received,
            "due_at": life.due,
            "original_due_at": life.due,
            "decided_at": life.decided,
            "result_ready_at": life.result_ready,
            "finished_at": life.finished,
            "clock_paused_at": life.paused,
            "clock_rule": ClockRule.RESTART,
            "is_overdue": bool(life.due and life.state in OPEN and life.due < self.now),
            "apologised": False,
            "return_method": life.return_method,
            "current_step_id": current_step["id"] if current_step else None,
            "revision": len(life.events),
            "updated_at": life.events[-1][1],
        }
        out.dossiers.append(row)
        for s in steps:
            out.steps.append(
                {"id": s["id"], "dossier_id": pk, "position": s["position"], "name": s["name"], "role": s["role"],
                 "unit_id": s["unit"], "allotted_hours": s["hours"], "allotted_days": s["days"],
                 "started_at": s["started"], "due_at": s["due"], "finished_at": s["finished"]}
            )  # fmt: skip
        if life.state == State.RETURNED and rng.random() < RATED_SHARE:
            self._rating(out, pk, life, receiving, handling, commune, plan, channel)

    def _steps(self, out, pk, plan, commune, receiving, handling, life) -> list[dict]:
        """The workflow's steps, started and finished in turn between receipt and the decision."""
        if not plan.steps or life.received is None:
            return []
        end = life.decided or (self.now if life.state in OPEN else life.finished)
        span = (end - life.received) if end else timedelta(0)
        share = span / len(plan.steps)
        steps = []
        for index, template in enumerate(plan.steps):
            started = life.received + share * index
            finished = started + share
            working = template.unit != DurationUnit.CALENDAR_DAYS
            hours = template.duration * (8 if template.unit == DurationUnit.WORKING_DAYS else 1)
            is_open = life.state in OPEN and finished >= self.now
            if started > self.now or (life.state in OPEN and index > 0 and steps[-1]["finished"] is None):
                started = finished = None
            elif is_open:
                finished = None
            due = None
            if started is not None:
                due = (
                    self.calendar.add_working_hours(started, hours)
                    if working
                    else self.calendar.add_calendar_days(started, int(template.duration))
                )
            steps.append(
                {
                    "id": self.next_id("step"),
                    "position": template.position,
                    "name": template.name,
                    "role": template.role,
                    "unit": self.step_unit_id(template, plan, commune, receiving, handling),
                    "hours": hours if working else None,
                    "days": None if working else int(template.duration),
                    "started": started,
                    "due": due,
                    "finished": finished,
                }
            )
        return steps

    def _rating(self, out, pk, life, receiving, handling, commune, plan, channel) -> None:
        mood = self.rng.choices([2, 1, 0], weights=[80, 16, 4])[0]
        scores = [max(0, min(2, mood + self.rng.choice([0, 0, 0, 0, -1, 1]))) for _field in FIELDS]
        rated_at = life.finished + timedelta(minutes=self.rng.randint(1, 30))
        if rated_at > self.now:
            return
        score, satisfied = score_of(scores), is_satisfied(scores)
        out.ratings.append(
            {"id": self.next_id("rating"), "dossier_id": pk, "channel": RatingChannel.COUNTER_TABLET,
             **dict(zip(FIELDS, scores, strict=True)), "score": score, "satisfied": satisfied, "rated_at": rated_at,
             "rated_on": rated_at.astimezone(TZ).date(), "receiving_unit_id": receiving.pk,
             "handling_unit_id": handling.pk if handling else None}
        )  # fmt: skip
        row = self.rollup[self._key(rated_at, receiving, handling, commune, plan, channel)]
        row["rated"] += 1
        row["rated_satisfied"] += int(satisfied)
        row["rating_points"] += score

    # -- roll-up -----------------------------------------------------------------------------------------
    def _key(self, at, receiving, handling, commune, plan, channel) -> tuple:
        return (at.astimezone(TZ).date(), receiving.pk, handling.pk if handling else None, commune.pk,
                plan.procedure.pk, channel)  # fmt: skip

    def _count(self, action, at, timeliness, data, receiving, handling, commune, plan, channel, life) -> None:
        found = {}
        if action == Action.RECEIVE:
            found = {
                "received": 1,
                "online_received": int(channel == Channel.ONLINE),
                "digitised": int(data["digitised"]),
            }
        elif action in (Action.ISSUE_RESULT, Action.REFUSE):
            found = {"processed": 1, timeliness: 1}
            found["processing_seconds"] = int((at - life.received).total_seconds())
            found["allowed_seconds"] = int((life.due - life.received).total_seconds())
            if action == Action.ISSUE_RESULT:
                found |= {"issued": 1, "results_to_store": 1}
            else:
                found["refused"] = 1
        elif action == Action.RETURN_RESULT:
            found = {"returned": 1, "returned_online": int(data.get("method") == Channel.ONLINE)}
        elif action == Action.REFUSE_INTAKE:
            found = {"not_accepted": 1}
        elif action == Action.WITHDRAW:
            found = {"withdrawn": 1}
        elif action == Action.REQUEST_SUPPLEMENT:
            found = {"supplements": 1}
        found = {name: value for name, value in found.items() if value}
        if found:  # like the live roll-up, a day's row exists only once something counted
            row = self.rollup[self._key(at, receiving, handling, commune, plan, channel)]
            for name, value in found.items():
                row[name] += value


OPEN = frozenset({State.RECEIVED, State.IN_PROCESS, State.SUPPLEMENT, State.APPROVED})


class Life:
    """One dossier's history, decided by chance and the calendar; stops at `now` wherever it has got to."""

    def __init__(self, gen: Generator, plan: Plan, channel: str, submitted: datetime):
        self.gen, self.plan, self.channel, self.submitted = gen, plan, channel, submitted
        self.events: list = []
        self.state_after: list = []
        self.state = State.SUBMITTED
        self.received = self.due = self.decided = self.result_ready = self.finished = self.paused = None
        self.return_method = ""

    @property
    def last(self) -> datetime:
        """The moment of the latest event: every later one comes after it."""
        return self.events[-1][1]

    def add(self, action, at, to_state, timeliness="", data=None) -> bool:
        if at > self.gen.now:
            return False
        self.state_after.append((self.state, to_state))
        self.events.append((action, at, timeliness, data or {}))
        self.state = to_state
        return True

    def play(self) -> None:
        rng, cal, now = self.gen.rng, self.gen.calendar, self.gen.now
        self.add(Action.SUBMIT, self.submitted, State.SUBMITTED, data={"channel": self.channel})
        received = self.submitted + timedelta(minutes=rng.randint(5, 240 if self.channel == Channel.ONLINE else 20))
        if rng.random() < 0.02:
            if self.add(Action.REFUSE_INTAKE, received, State.NOT_ACCEPTED):
                self.finished = received
            return
        scanned = self.channel == Channel.ONLINE or rng.random() < 0.85  # most counters scan every document
        if not self.add(Action.RECEIVE, received, State.RECEIVED, data={"digitised": scanned, "reused": False}):
            return
        self.received = received
        duration, unit = self.plan.times.get(self.channel) or next(iter(self.plan.times.values()))
        self.due = cal.add(received, duration, unit) if duration else received + timedelta(hours=2)
        allowed = self.due - received
        pace = rng.random()
        share = (
            rng.uniform(0.2, 0.9) if pace < 0.55 else rng.uniform(0.9, 1.0) if pace < 0.93 else rng.uniform(1.02, 1.6)
        )
        decided = received + allowed * share
        forward = received + allowed * share * 0.1
        if not self.add(Action.FORWARD, forward, State.IN_PROCESS):
            return
        if rng.random() < 0.03:
            asked = received + allowed * share * 0.3
            if not self.add(Action.REQUEST_SUPPLEMENT, asked, State.SUPPLEMENT):
                return
            self.paused = asked
            answered = asked + timedelta(days=rng.randint(1, 10))
            if not self.add(Action.RECEIVE_SUPPLEMENT, answered, State.IN_PROCESS):
                return
            self.paused = None
            decided += answered - asked
        if rng.random() < 0.005:
            if self.add(Action.WITHDRAW, self.last + (decided - self.last) / 2, State.WITHDRAWN):
                self.finished = self.events[-1][1]
            return
        if not self.add(Action.FORWARD, self.last + (decided - self.last) * 0.6, State.IN_PROCESS):
            return
        timeliness = _timeliness(decided, self.due)
        if rng.random() < 0.03:
            if self.add(Action.REFUSE, decided, State.REFUSED, timeliness):
                self.decided = decided
                if self.add(
                    Action.RETURN_RESULT, decided + timedelta(days=1), State.RETURNED, data={"method": Channel.COUNTER}
                ):
                    self.finished, self.return_method = decided + timedelta(days=1), Channel.COUNTER
            return
        if not self.add(Action.APPROVE, self.last + (decided - self.last) * 0.9, State.APPROVED):
            return
        self.add(Action.ATTACH_RESULT, self.last + (decided - self.last) * 0.5, State.APPROVED)
        if not self.add(Action.ISSUE_RESULT, decided, State.RESULT_READY, timeliness, {"to_store": True}):
            return
        self.decided = self.result_ready = decided
        back = decided + timedelta(hours=rng.randint(2, 72))
        method = Channel.ONLINE if self.channel == Channel.ONLINE and rng.random() < 0.7 else Channel.COUNTER
        if back <= now and self.add(Action.RETURN_RESULT, back, State.RETURNED, data={"method": method}):
            self.finished, self.return_method = back, method


def _timeliness(finished: datetime, due: datetime) -> str:
    if finished > due:
        return Timeliness.LATE
    if finished.astimezone(TZ).date() < due.astimezone(TZ).date():
        return Timeliness.EARLY
    return Timeliness.ON_TIME


def _days(start: date, end: date):
    while start <= end:
        yield start
        start += timedelta(days=1)


# -- writing -----------------------------------------------------------------------------------------------
def _tuples(model, rows: list[dict]) -> tuple[list[str], list[list]]:
    """Rows as value lists in column order; a column a row leaves out gets the field's default."""
    fields = model._meta.concrete_fields
    defaults = {f.attname: f.get_default() for f in fields}
    names = [f.attname for f in fields]
    return [f.column for f in fields], [[row.get(name, defaults[name]) for name in names] for row in rows]


def _write(model, rows: list[dict]) -> None:
    if not rows:
        return
    table = model._meta.db_table
    names, values = _tuples(model, rows)
    jsons = [i for i, f in enumerate(model._meta.concrete_fields) if f.get_internal_type() == "JSONField"]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            from psycopg.types.json import Jsonb

            with cursor.cursor.copy(f'COPY "{table}" ({", ".join(names)}) FROM STDIN') as copy:
                for row in values:
                    for i in jsons:
                        row[i] = None if row[i] is None else Jsonb(row[i])
                    copy.write_row(row)
        else:
            for row in values:
                for i, value in enumerate(row):
                    row[i] = _sqlite(value)
                for i in jsons:
                    row[i] = None if row[i] is None else json.dumps(row[i], ensure_ascii=False)
            marks = ", ".join(["%s"] * len(names))
            cursor.executemany(f'INSERT INTO "{table}" ({", ".join(names)}) VALUES ({marks})', values)  # noqa: S608


def _sqlite(value):
    """Values as Django stores them in SQLite: datetimes in naive UTC, decimals and dates as text."""
    if isinstance(value, datetime):
        return value.astimezone(UTC).replace(tzinfo=None).isoformat(" ")
    if isinstance(value, date | Decimal):
        return str(value)
    return value


def _flush(out: Tables) -> None:
    with transaction.atomic():
        _write(Dossier, out.dossiers)
        _write(DossierStep, out.steps)
        _write(DossierEvent, out.events)
        _write(Rating, out.ratings)
    out.dossiers.clear()
    out.steps.clear()
    out.events.clear()
    out.ratings.clear()


def _finish(gen: Generator) -> None:
    """Sequences, daily code counters and the roll-up, then the database's statistics."""
    with transaction.atomic():
        rows = [DailySequence(agency_code=agency, day=day, last=last) for (agency, day), last in gen.sequences.items()]
        DailySequence.objects.bulk_create(
            rows, batch_size=5000, update_conflicts=True, unique_fields=["agency_code", "day"], update_fields=["last"]
        )
        keys = ("day", "receiving_unit_id", "handling_unit_id", "commune_id", "procedure_id", "channel")
        named = {tuple(zip(keys, key, strict=True)): counts for key, counts in gen.rollup.items()}
        _write(DailyStat, [{"id": i, **dict(key), **counts} for i, (key, counts) in enumerate(named.items(), 1)])
    receptions_rebuild()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for model in (Dossier, DossierEvent, DossierStep, Rating, DailyStat, ReceptionStat):
                table = model._meta.db_table
                # Table names come from the models, not from input.
                sql = f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), (SELECT MAX(id) FROM \"{table}\"))"  # noqa: S608
                cursor.execute(sql)
        cursor.execute("ANALYZE")  # fresh statistics, or the planner guesses on millions of new rows


def generate(dossiers: int, *, seed: int = 2026, days: int = 365, progress=None) -> dict:
    """Fill a database that has the demo organisation and catalogue but no dossiers yet with `dossiers` dossiers.

    An empty start keeps it simple: codes, ids and the roll-up are the generator's alone."""
    if Dossier.objects.exists():
        raise ValueError("The benchmark data goes into a database without dossiers; use a fresh database.")
    gen = Generator(seed=seed, days=days)
    out = Tables()
    counts = defaultdict(int)
    for index in range(dossiers):
        gen.dossier(out)
        if len(out.dossiers) >= BATCH:
            counts["events"] += len(out.events)
            counts["steps"] += len(out.steps)
            counts["ratings"] += len(out.ratings)
            _flush(out)
            if progress:
                progress(index + 1)
    counts["events"] += len(out.events)
    counts["steps"] += len(out.steps)
    counts["ratings"] += len(out.ratings)
    _flush(out)
    _finish(gen)
    return {"dossiers": dossiers, **counts, "rollup_rows": len(gen.rollup)}
