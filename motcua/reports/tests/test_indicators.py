"""Decision 766 indicators on a small synthetic roll-up, every value worked out by hand (docs/indicators.md)."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import given
from hypothesis import strategies as st

from motcua.catalog.models import Procedure
from motcua.dossiers.tests.test_clock import ten_day_procedure  # noqa: F401  (a fixture)
from motcua.reports.indicators import DEFINITIONS, Definition, Value, procedure_facts, scorecards
from motcua.reports.models import DailyStat
from motcua.reports.rollups import receptions_rebuild
from motcua.reports.selectors import Scope

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

START, END = date(2026, 3, 1), date(2026, 3, 31)


@pytest.fixture
def synthetic(world, ten_day_procedure):  # noqa: F811
    org, commune = world.org, world.commune
    codes = {p.code: p for p in Procedure.objects.filter(code__in=["1.001193", "2.000884", "9.000010"])}
    p, r, q = codes["1.001193"], codes["2.000884"], codes["9.000010"]
    b, c = org.branch1, org.centre

    def row(unit, procedure, channel, day=date(2026, 3, 10), **counters):
        DailyStat.objects.create(
            day=day, receiving_unit=unit, handling_unit=org.committee, commune=commune,
            procedure=procedure, channel=channel, **counters,
        )  # fmt: skip

    row(b, p, "counter", received=10, digitised=10, reused=2, synced=9, processed=8, early=2, on_time=4, late=2,
        processing_seconds=800, allowed_seconds=1000, issued=8, results_to_store=6, returned=8, paid=4,
        paid_online=1, rated=4, rated_satisfied=3, rating_points=60)  # fmt: skip
    row(b, r, "counter", day=date(2026, 3, 11), received=4, digitised=2, synced=4, processed=2, on_time=2,
        processing_seconds=300, allowed_seconds=200, issued=2, results_to_store=2, returned=2, paid=2)  # fmt: skip
    row(c, p, "online", received=10, online_received=10, digitised=12, reused=5, synced=10, processed=5, on_time=5,
        processing_seconds=1000, allowed_seconds=500, issued=5, results_to_store=5, returned=4, returned_online=3,
        paid=5, paid_online=5, rated=2, rated_satisfied=2, rating_points=36)  # fmt: skip
    row(c, q, "counter", day=date(2026, 3, 31), received=5, synced=5)
    row(b, p, "counter", day=date(2026, 2, 28), received=100, processed=100, late=100)  # outside the period
    receptions_rebuild()
    return {"world": world, "p": p, "q": q, "r": r}


def test_catalogue_facts_of_the_three_procedures(synthetic):
    facts = procedure_facts({synthetic[k].pk for k in "pqr"}, END)
    p, q, r = (facts[synthetic[k].pk] for k in "pqr")
    # Birth registration: national code, full online, a fee (copies); its copy 9.000010 has no national code;
    # 2.000884 is fee-bearing and cannot be filed online.
    assert (p.national_code, p.complete, p.full_online, p.online, p.fee_bearing) == (True, True, True, True, True)
    assert (q.national_code, q.full_online, q.online, q.fee_bearing) == (False, True, True, True)
    assert (r.national_code, r.complete, r.full_online, r.online, r.fee_bearing) == (True, True, False, False, True)


def _by_code(card):
    return {v.definition.code: v for v in card.values}


def _check(card, expected: dict):
    values = _by_code(card)
    for code, points in expected.items():
        if points is None:
            assert not values[code].measured, code
        else:
            assert values[code].points == pytest.approx(points, abs=0.006), code


def test_branch_scorecard(synthetic):
    overall, cards = scorecards(start=START, end=END, units=Scope.everything())
    branch = next(card for card in cards if card.key == str(synthetic["world"].org.branch1.pk))
    _check(
        branch,
        {
            "T1": None, "T2": 4, "T3": 4, "T4": 6 * 13 / 14,
            "P1": 14 * 8 / 10, "P2": 6,  # 1200 s allowed for 1100 s taken: quicker than the law
            "O1": 4 * 0.5 / 0.8, "O2": 0, "O3": None,  # no online dossier returned
            "M1": 3 * 0.5 / 0.8, "M2": 3, "M3": 4 / 6,
            "D1": 6, "D2": 6, "D3": 6 * (2 / 14) / 0.8, "D4": 4 * 8 / 10,
            "S1": None, "S2": None, "S3": 5 * 60 / 72, "S4": 5 * 0.8 / 0.9,
        },
    )  # fmt: skip
    assert branch.available == 84
    assert branch.points == pytest.approx(63.70, abs=0.02)
    assert branch.percent == pytest.approx(75.8, abs=0.05)
    assert branch.band[0] == "fair"
    assert branch.figures["received"] == 14  # February's row is outside the period


def test_centre_scorecard_and_ranking(synthetic):
    overall, cards = scorecards(start=START, end=END, units=Scope.everything())
    centre = cards[0]
    assert centre.key == str(synthetic["world"].org.centre.pk) and centre.rank == 1 and cards[1].rank == 2
    _check(
        centre,
        {
            "T2": 2, "T3": 4, "T4": 6, "P1": 14, "P2": 3, "O1": 4, "O2": 2, "O3": 3, "M1": 3, "M2": 1.5, "M3": 4,
            "D1": 6, "D2": 6, "D3": 6 * (5 / 15) / 0.8, "D4": 4, "S3": 5, "S4": 5,
        },
    )  # fmt: skip
    assert centre.available == 88 and centre.points == pytest.approx(75, abs=0.02)
    assert centre.percent == pytest.approx(85.2, abs=0.05) and centre.band[0] == "good"


def test_overall_scorecard(synthetic):
    overall, _cards = scorecards(start=START, end=END, units=Scope.everything())
    _check(
        overall,
        {
            "T2": 4 * 2 / 3, "T3": 4, "T4": 6 * 28 / 29, "P1": 14 * 13 / 15, "P2": 6 * 1700 / 2100,
            "O1": 4 * (2 / 3) / 0.8, "O2": 2, "O3": 3, "M1": 3 * (2 / 3) / 0.8, "M2": 1.5, "M3": 4 * 6 / 11,
            "D1": 6, "D2": 6, "D3": 6 * (7 / 29) / 0.8, "D4": 4 * 13 / 15, "S3": 5 * 96 / 108,
            "S4": 5 * (13 / 15) / 0.9,
        },
    )  # fmt: skip
    assert overall.available == 88
    assert overall.percent == pytest.approx(80.1, abs=0.05) and overall.band[0] == "good"


def test_scope_and_handling_ranking(synthetic):
    org = synthetic["world"].org
    overall, cards = scorecards(start=START, end=END, units=Scope(receiving=frozenset({org.branch1.pk})))
    assert [c.key for c in cards] == [str(org.branch1.pk)] and overall.figures["received"] == 14
    overall, cards = scorecards(start=START, end=END, units=Scope.everything(), by="handling")
    assert [c.key for c in cards] == [str(org.committee.pk)] and cards[0].figures["received"] == 29


def test_nothing_in_the_period_measures_nothing(synthetic):
    overall, cards = scorecards(start=date(2025, 1, 1), end=date(2025, 1, 31), units=Scope.everything())
    assert cards == [] and overall.available == 0 and overall.percent is None and overall.band is None


def test_query_count_does_not_grow_with_units(synthetic):
    with CaptureQueriesContext(connection) as queries:
        scorecards(start=START, end=END, units=Scope.everything())
    assert len(queries) <= 7


@given(
    rate=st.fractions(min_value=0, max_value=1),
    points=st.integers(min_value=1, max_value=20),
    target=st.sampled_from([None, 0.8, 0.9]),
)
def test_points_stay_within_the_weight_and_reach_it_at_the_target(rate, points, target):
    definition = Definition("X", "progress", "x", points, target=target)
    value = Value(definition, rate.numerator, rate.denominator)
    assert 0 <= value.points <= points
    if rate >= (target or 1):
        assert value.points == points
    else:
        assert value.points == pytest.approx(points * float(rate) / (target or 1), abs=0.006)


def test_the_weights_follow_the_portal():
    groups = {}
    for d in DEFINITIONS:
        groups[d.group] = groups.get(d.group, 0) + d.points
    assert groups == {
        "transparency": 18, "progress": 20, "online": 12, "payment": 10, "digitisation": 22, "satisfaction": 18,
    }  # fmt: skip


@pytest.mark.parametrize(
    "start, end",
    [
        (date(2026, 3, 1), date(2026, 3, 31)),  # one whole month
        (date(2026, 2, 1), date(2026, 3, 31)),  # two whole months
        (date(2026, 2, 15), date(2026, 3, 10)),  # partial months at both ends
        (date(2026, 3, 10), date(2026, 3, 10)),  # one day
        (date(2026, 2, 28), date(2026, 4, 30)),  # a day, a whole month, an empty whole month
        (date(2026, 3, 11), date(2026, 3, 31)),  # the end of a month, not its start
    ],
)
def test_period_sums_from_months_and_days_equal_the_daily_rows(synthetic, start, end):
    from django.db.models import Sum

    from motcua.reports.selectors import period_sums

    sums = {"received": Sum("received"), "late": Sum("late"), "paid_online": Sum("paid_online")}
    group = ["receiving_unit", "procedure", "channel"]
    got = period_sums(units=Scope.everything(), by="receiving", start=start, end=end, group=group, sums=sums)
    expected = DailyStat.objects.filter(day__gte=start, day__lte=end).values(*group).annotate(**sums)
    key = lambda row: tuple(row[name] for name in group)  # noqa: E731
    assert sorted(map(key, got)) == sorted(map(key, expected))
    by_key = {key(row): row for row in got}
    for row in expected:
        assert {n: by_key[key(row)][n] for n in sums} == {n: row[n] for n in sums}
    monthly = period_sums(
        units=Scope.everything(), by="receiving", start=start, end=end, group=[], sums=sums, monthly=True
    )
    assert sum(row["received"] for row in monthly) == sum(row["received"] for row in expected)
