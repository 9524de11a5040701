from decimal import Decimal

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from motcua.catalog.workflows import legal_time, total_allotted, workflow_error

D = Decimal


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def test_steps_must_fill_the_legal_time():
    steps = [(D(4), "working_hours", None), (D(16), "working_hours", None), (D(4), "working_hours", None)]
    assert workflow_error(steps, D(3), "working_days") is None
    assert workflow_error(steps, D(24), "working_hours") is None
    message = workflow_error(steps, D(2), "working_days")
    assert "24" in message and "16" in message


def test_days_and_hours_mix_but_calendar_days_do_not():
    assert workflow_error([(D(1), "working_days", None), (D(4), "working_hours", None)], D(12), "working_hours") is None
    assert "mix" in workflow_error([(D(1), "working_days", None), (D(1), "calendar_days", None)], D(2), "working_days")
    assert workflow_error([(D(1), "working_days", None)], D(1), "calendar_days") is not None
    assert (
        workflow_error([(D(10), "calendar_days", None), (D(5), "calendar_days", None)], D(15), "calendar_days") is None
    )


def test_parallel_steps_count_once_by_the_longest():
    steps = [
        (D(4), "working_hours", None),
        (D(8), "working_hours", 1),
        (D(6), "working_hours", 1),
        (D(4), "working_hours", None),
    ]
    assert total_allotted(steps) == ("working", D(16))
    assert workflow_error(steps, D(2), "working_days") is None


def test_an_empty_workflow_is_refused():
    assert workflow_error([], D(1), "working_days")


def test_legal_time_is_the_counter_methods():
    assert legal_time([("online", D(2), "working_days"), ("counter", D(3), "working_days")]) == (
        D(3),
        "working_days",
    )
    assert legal_time([("online", D(2), "working_days")]) == (D(2), "working_days")
    assert legal_time([]) is None


@given(st.lists(st.integers(min_value=1, max_value=400), min_size=1, max_size=8), st.integers(-3, 3))
def test_any_split_of_the_legal_hours_is_accepted_and_nothing_else(parts, delta):
    steps = [(D(p) / 2, "working_hours", None) for p in parts]
    total = sum(D(p) / 2 for p in parts)
    error = workflow_error(steps, total + delta, "working_hours")
    assert (error is None) == (delta == 0)
