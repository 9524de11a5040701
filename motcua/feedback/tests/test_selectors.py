"""A unit's satisfaction over a period, checked against figures worked out by hand."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from motcua.feedback.criteria import FIELDS
from motcua.feedback.models import Rating
from motcua.feedback.selectors import unit_satisfaction
from tests.builders import a_dossier

pytestmark = pytest.mark.django_db
HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
MARCH = {"start": date(2026, 3, 1), "end": date(2026, 3, 31)}


def rate(dossier, at, scores):
    Rating(
        dossier=dossier,
        channel="online",
        rated_at=at,
        receiving_unit_id=dossier.receiving_unit_id,
        handling_unit_id=dossier.handling_unit_id,
        **dict(zip(FIELDS, scores, strict=True)),
    ).save()


@pytest.fixture
def ratings(world):
    """Received at the centre: r1 (all 2), r2 (all 1 but staff attitude 0), r3 (all 1, late on 31 March),
    r4 (all 0, just after midnight on 1 April: outside March). Received at branch 1: r5 (all 0).
    All are handled by the commune committee."""
    rate(a_dossier(world).build(), datetime(2026, 3, 2, 9, tzinfo=HANOI), [2] * 9)
    rate(a_dossier(world).build(), datetime(2026, 3, 3, 10, tzinfo=HANOI), [1, 1, 1, 1, 0, 1, 1, 1, 1])
    rate(a_dossier(world).build(), datetime(2026, 3, 31, 23, 30, tzinfo=HANOI), [1] * 9)
    rate(a_dossier(world).build(), datetime(2026, 4, 1, 0, 10, tzinfo=HANOI), [0] * 9)
    rate(a_dossier(world, channel="counter").build(), datetime(2026, 3, 3, 15, tzinfo=HANOI), [0] * 9)


def test_a_receiving_unit_over_a_month(world, ratings):
    figures = unit_satisfaction(unit=world.org.centre, **MARCH)
    assert (figures.count, figures.satisfied) == (3, 2)  # r1, r2, r3; r2 has a 0
    assert figures.satisfied_share == pytest.approx(2 / 3)
    assert figures.averages["criterion_5"] == pytest.approx((2 + 0 + 1) / 3)  # 1.0
    for field in set(FIELDS) - {"criterion_5"}:
        assert figures.averages[field] == pytest.approx((2 + 1 + 1) / 3)  # 1.333…


def test_the_handling_unit_over_a_month(world, ratings):
    figures = unit_satisfaction(unit=world.org.committee, as_handling=True, **MARCH)
    assert (figures.count, figures.satisfied, figures.satisfied_share) == (4, 2, 0.5)  # r1, r2, r3, r5
    assert figures.averages["criterion_1"] == pytest.approx((2 + 1 + 1 + 0) / 4)  # 1.0
    assert figures.averages["criterion_5"] == pytest.approx((2 + 0 + 1 + 0) / 4)  # 0.75


def test_the_period_is_by_local_day_with_both_ends_included(world, ratings):
    centre = world.org.centre
    assert unit_satisfaction(unit=centre, start=date(2026, 3, 31), end=date(2026, 3, 31)).count == 1  # r3
    april = unit_satisfaction(unit=centre, start=date(2026, 4, 1), end=date(2026, 4, 30))
    assert (april.count, april.satisfied, april.satisfied_share) == (1, 0, 0.0)
    assert april.averages == dict.fromkeys(FIELDS, 0.0)


def test_no_ratings(world):
    figures = unit_satisfaction(unit=world.org.branch2, **MARCH)
    assert (figures.count, figures.satisfied, figures.satisfied_share) == (0, 0, None)
    assert figures.averages == dict.fromkeys(FIELDS)


def test_one_query_however_many_ratings(world, ratings, django_assert_num_queries):
    for unit in (world.org.branch2, world.org.centre):
        with django_assert_num_queries(1):
            unit_satisfaction(unit=unit, **MARCH)
