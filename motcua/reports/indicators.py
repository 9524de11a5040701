"""Decision 766/QĐ-TTg service indicators: 100 points in six groups, scored per unit and period.

Every figure is a ratio of roll-up counters (kept from events) or of catalogue facts about the
procedures a unit served in the period; docs/indicators.md gives each formula. A whole ranking takes five queries
whatever the number of units."""

import re
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Exists, OuterRef, Sum
from django.utils.translation import gettext_lazy as _

from motcua.catalog.models import Channel, Fee, OnlineLevel, ProcedureVersion, ProcessingMethod, RequiredDocument
from motcua.feedback.criteria import MAX_SCORE
from motcua.org.models import Unit

from .models import COUNTERS
from .selectors import Scope, period_sums

GROUPS = {
    "transparency": (_("Transparency"), 18),
    "progress": (_("Progress"), 20),
    "online": (_("Online services"), 12),
    "payment": (_("Online payment"), 10),
    "digitisation": (_("Digitisation"), 22),
    "satisfaction": (_("Satisfaction"), 18),
}
# Upper bounds of the score (in % of the points that could be measured) for each band, best first.
BANDS = (
    (90, "excellent", _("Excellent")),
    (80, "good", _("Good")),
    (70, "fair", _("Fair")),
    (50, "average", _("Average")),
)
WEAK = ("weak", _("Weak"))
SERVED = ("received", "online_received", "paid_online")  # per procedure, for O2 and M2
NATIONAL_CODE = re.compile(r"^[12]\.\d{6}$")  # codes of the national procedure database (1.xxxxxx, 2.xxxxxx)


@dataclass(frozen=True)
class Definition:
    code: str
    group: str
    label: str
    points: int
    target: float | None = None  # a rate at or above it earns all the points
    source: bool = True  # False: Một Cửa does not hold the data (the indicator is left out of the score)
    per: int = 1  # shown divided by this (P2 counts seconds and is shown in days)


DEFINITIONS = (
    # The dates of the provincial publishing decisions are not in the catalogue, so T1 cannot be judged here.
    Definition("T1", "transparency", _("Procedures published no later than they took effect"), 4, source=False),
    Definition("T2", "transparency", _("Procedures carrying a national database code"), 4),
    Definition("T3", "transparency", _("Procedures published in full"), 4),
    Definition("T4", "transparency", _("Received dossiers synchronised to the national portal"), 6),
    Definition("P1", "progress", _("Dossiers settled on time"), 14),
    Definition("P2", "progress", _("Processing time within the legal time (days allowed / days taken)"), 6, per=86400),
    Definition("O1", "online", _("Procedures offered fully online"), 4, target=0.8),
    Definition("O2", "online", _("Online procedures that received online dossiers"), 4),
    Definition("O3", "online", _("Online dossiers whose result was returned electronically"), 4),
    Definition("M1", "payment", _("Fee-bearing procedures payable online"), 3, target=0.8),
    Definition("M2", "payment", _("Payable-online procedures with an online payment"), 3),
    Definition("M3", "payment", _("Fee payments made online"), 4),
    Definition("D1", "digitisation", _("Results issued in electronic form"), 6),
    Definition("D2", "digitisation", _("Dossiers and results digitised"), 6, target=0.8),
    Definition("D3", "digitisation", _("Dossiers reusing digitised documents"), 6, target=0.8),
    Definition("D4", "digitisation", _("Results synchronised to the personal data store"), 4),
    Definition("S1", "satisfaction", _("Feedback and petitions handled on time"), 4, source=False),
    Definition("S2", "satisfaction", _("Satisfaction with the handling of feedback"), 4, source=False),
    Definition("S3", "satisfaction", _("Satisfaction with the service (ratings)"), 5),
    Definition("S4", "satisfaction", _("Dossiers not late (100% − late share)"), 5, target=0.9),
)
assert sum(d.points for d in DEFINITIONS) == 100
assert all(sum(d.points for d in DEFINITIONS if d.group == g) == pts for g, (_l, pts) in GROUPS.items())


@dataclass(frozen=True)
class Value:
    definition: Definition
    numerator: float
    denominator: float

    @property
    def measured(self) -> bool:
        return self.definition.source and self.denominator > 0

    @property
    def shown(self) -> tuple[float, float]:
        per = self.definition.per
        return (
            (self.numerator, self.denominator)
            if per == 1
            else (
                round(self.numerator / per, 1),
                round(self.denominator / per, 1),
            )
        )

    @property
    def rate(self) -> float | None:
        return min(1.0, self.numerator / self.denominator) if self.measured else None

    @property
    def points(self) -> float | None:
        """All points at or above the target; otherwise rate / target × points (rate × points without one)."""
        if self.rate is None:
            return None
        target = self.definition.target or 1.0
        return round(self.definition.points * min(1.0, self.rate / target), 2)


@dataclass
class Scorecard:
    key: str
    label: str
    values: list[Value]
    rank: int | None = None
    figures: dict = field(default_factory=dict)

    @property
    def points(self) -> float:
        return round(sum(v.points for v in self.values if v.points is not None), 2)

    @property
    def available(self) -> int:
        """The points that could be measured: the score is judged against these, not against 100."""
        return sum(v.definition.points for v in self.values if v.measured)

    @property
    def percent(self) -> float | None:
        return round(100 * self.points / self.available, 1) if self.available else None

    @property
    def band(self) -> tuple[str, str] | None:
        if self.percent is None:
            return None
        for floor, slug, label in BANDS:
            if self.percent >= floor:
                return slug, str(label)
        return WEAK[0], str(WEAK[1])

    def groups(self) -> list[dict]:
        out = []
        for slug, (label, maximum) in GROUPS.items():
            mine = [v for v in self.values if v.definition.group == slug]
            measured = [v for v in mine if v.measured]
            out.append(
                {
                    "slug": slug,
                    "label": label,
                    "max": maximum,
                    "available": sum(v.definition.points for v in measured),
                    "points": round(sum(v.points for v in measured), 2) if measured else None,
                    "values": mine,
                }
            )
        return out


@dataclass(frozen=True)
class ProcedureFacts:
    """What the catalogue says about a procedure's version in force (for T2, T3, O1, O2, M1, M2)."""

    national_code: bool
    complete: bool
    full_online: bool
    online: bool
    fee_bearing: bool


def procedure_facts(procedure_ids, on: date) -> dict[int, ProcedureFacts]:
    """One query: the version in force on `on` of each procedure, with what it offers."""
    if not procedure_ids:
        return {}
    versions = (
        ProcedureVersion.objects.filter(procedure_id__in=procedure_ids, effective_from__lte=on)
        .annotate(
            has_online=Exists(ProcessingMethod.objects.filter(version=OuterRef("pk"), channel=Channel.ONLINE)),
            has_method=Exists(ProcessingMethod.objects.filter(version=OuterRef("pk"))),
            has_documents=Exists(RequiredDocument.objects.filter(version=OuterRef("pk"))),
            has_fee=Exists(Fee.objects.filter(version=OuterRef("pk"), amount__gt=0)),
        )
        .select_related("procedure")
        .only(
            "procedure",
            "procedure__code",
            "effective_from",
            "legal_basis",
            "result",
            "online_level",
            "number",
        )
        .order_by("procedure_id", "-effective_from", "-number")
    )
    facts: dict[int, ProcedureFacts] = {}
    for v in versions:
        if v.procedure_id in facts:
            continue  # an older version
        facts[v.procedure_id] = ProcedureFacts(
            national_code=bool(NATIONAL_CODE.match(v.procedure.code)),
            complete=bool(v.has_method and v.has_documents and v.legal_basis and v.result),
            full_online=v.online_level == OnlineLevel.FULL,
            online=v.has_online,
            fee_bearing=v.has_fee,
        )
    return facts


def values_of(figures: dict, served: dict[int, dict], facts: dict[int, ProcedureFacts]) -> list[Value]:
    """The 20 values from a unit's counter sums (`figures`), the procedures it served (id → their sums) and
    the catalogue facts. `figures` also holds `online_returned` and `online_returned_online`: returns of
    online dossiers."""
    f = figures
    served = {p: {name: row.get(name) or 0 for name in SERVED} for p, row in served.items()}
    known = [facts[p] for p in served if p in facts]
    online = [p for p in served if p in facts and facts[p].online]
    fee_online = [p for p in served if p in facts and facts[p].fee_bearing and facts[p].online]
    numbers = {
        "T1": (0, 0),
        "T2": (sum(x.national_code for x in known), len(known)),
        "T3": (sum(x.complete for x in known), len(known)),
        "T4": (f["synced"], f["received"]),
        "P1": (f["early"] + f["on_time"], f["processed"]),
        # Time allowed / time taken, capped at 1: a unit that is quicker than the law earns all the points.
        "P2": (f["allowed_seconds"], f["processing_seconds"]) if f["processed"] else (0, 0),
        "O1": (sum(x.full_online for x in known), len(known)),
        "O2": (sum(1 for p in online if served[p]["online_received"]), len(online)),
        "O3": (f["online_returned_online"], f["online_returned"]),
        "M1": (len(fee_online), sum(x.fee_bearing for x in known)),
        "M2": (sum(1 for p in fee_online if served[p]["paid_online"]), len(fee_online)),
        "M3": (f["paid_online"], f["paid"]),
        # Every issued result carries its electronic file: issuing without one is refused.
        "D1": (f["issued"], f["issued"]),
        "D2": (f["digitised"] + f["issued"], f["received"] + f["issued"]),
        "D3": (f["reused"], f["received"]),
        "D4": (f["results_to_store"], f["issued"]),
        "S1": (0, 0),
        "S2": (0, 0),
        "S3": (f["rating_points"], f["rated"] * MAX_SCORE),
        "S4": (f["processed"] - f["late"], f["processed"]),
    }
    if f["processed"] and not f["processing_seconds"]:
        numbers["P2"] = (1, 1)  # settled at the moment of receipt
    return [Value(d, *numbers[d.code]) for d in DEFINITIONS]


RANK_BY = {"receiving": "receiving_unit", "handling": "handling_unit"}
FIGURES = (*COUNTERS, "online_returned", "online_returned_online")


def _clean(row: dict) -> dict:
    return {name: row.get(name) or 0 for name in FIGURES}


def scorecards(*, start: date, end: date, units: Scope, by: str = "receiving") -> tuple[Scorecard, list[Scorecard]]:
    """The scorecard of everything in `units` and one per unit (receiving or handling), ranked best first.

    Three queries: the roll-up summed per unit, procedure and channel (everything else is added up from those
    rows), the catalogue facts, the unit names."""
    column = RANK_BY[by]
    sums = {name: Sum(name) for name in COUNTERS}
    rows = period_sums(units=units, by=by, start=start, end=end, group=[column, "procedure", "channel"], sums=sums)
    overall_figures, overall_served = _clean({}), {}
    per_unit: dict = {}
    served: dict = {}
    for row in rows:
        _gather(overall_figures, overall_served, row)
        if row[column]:
            figures = per_unit.setdefault(row[column], _clean({}))
            _gather(figures, served.setdefault(row[column], {}), row)
    facts = procedure_facts(set(overall_served), end)
    names = {
        pk: short or name
        for pk, short, name in Unit.objects.filter(pk__in=per_unit).values_list("pk", "short_name", "name")
    }
    overall = Scorecard(
        key="",
        label=str(_("All units")),
        values=values_of(overall_figures, overall_served, facts),
        figures=overall_figures,
    )
    cards = [
        Scorecard(key=str(pk), label=names[pk], values=values_of(figures, served[pk], facts), figures=figures)
        for pk, figures in per_unit.items()
    ]
    cards.sort(key=lambda c: (-(c.percent or 0), c.label))
    for position, card in enumerate(cards, start=1):
        card.rank = position
    return overall, cards


def _gather(figures: dict, served: dict, row: dict) -> None:
    """Add one (unit, procedure, channel) row to a unit's figures and to its procedures served."""
    for name in COUNTERS:
        figures[name] += row[name] or 0
    if row["channel"] == Channel.ONLINE:
        figures["online_returned"] += row["returned"] or 0
        figures["online_returned_online"] += row["returned_online"] or 0
    procedure = served.setdefault(row["procedure"], dict.fromkeys(SERVED, 0))
    for name in SERVED:
        procedure[name] += row[name] or 0
