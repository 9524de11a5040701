"""The arithmetic: score is the sum, satisfied iff no criterion is 0 — over the 3^9 possible ratings."""

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from motcua.feedback.criteria import CRITERIA, FIELDS, MAX_SCORE, Score, is_satisfied, score_of
from motcua.feedback.models import Rating

ratings = st.tuples(*[st.sampled_from(Score.values)] * len(CRITERIA))


def test_nine_criteria_on_a_three_point_scale():
    assert tuple(f"criterion_{n}" for n in range(1, 10)) == FIELDS
    assert Score.values == [0, 1, 2]
    assert MAX_SCORE == 18


@given(ratings)
def test_score_is_the_sum_and_satisfied_means_no_zero(scores):
    assert score_of(scores) == sum(scores)
    assert is_satisfied(scores) == (min(scores) > 0)


@given(ratings)
def test_the_model_stores_what_the_rules_compute(scores):
    rating = Rating(**dict(zip(FIELDS, scores, strict=True)))
    assert rating.scores == list(scores)
    assert score_of(rating.scores) == sum(scores)


def test_every_combination():
    combinations = list(itertools.product(Score.values, repeat=9))
    assert len(combinations) == 3**9
    satisfied = [c for c in combinations if is_satisfied(c)]
    assert len(satisfied) == 2**9  # each criterion 1 or 2
    assert all(score_of(c) >= 9 for c in satisfied)
    # a high total does not make a rating satisfied: 8 × "very satisfied" and one "not satisfied"
    assert not is_satisfied((2, 2, 2, 2, 0, 2, 2, 2, 2)) and score_of((2, 2, 2, 2, 0, 2, 2, 2, 2)) == 16
    assert is_satisfied((1,) * 9) and score_of((1,) * 9) == 9


@pytest.mark.django_db
def test_save_writes_score_satisfied_and_local_day(world):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from tests.builders import a_dossier

    dossier = a_dossier(world).build()
    late_evening = datetime(2026, 3, 31, 23, 30, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    rating = Rating(
        dossier=dossier,
        channel="online",
        receiving_unit=dossier.receiving_unit,
        rated_at=late_evening,
        **dict(zip(FIELDS, (2, 2, 1, 1, 0, 2, 2, 2, 2), strict=True)),
    )
    rating.save()
    rating.refresh_from_db()
    assert (rating.score, rating.satisfied) == (14, False)
    assert str(rating.rated_on) == "2026-03-31"  # the local day, not UTC's
