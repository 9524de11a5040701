from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from motcua.core.working_time import TZ, WorkingCalendar, calendar_for

CAL = WorkingCalendar()


def at(*args) -> datetime:
    return datetime(*args, tzinfo=TZ)


# -- worked examples ----------------------------------------------------------------------------
def test_the_brief_example_skips_tet_2026():
    assert CAL.add_working_days(at(2026, 2, 12, 9, 30), 10).isoformat() == "2026-03-05T09:30:00+07:00"


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2026, 2, 16), False),  # Giao thừa (Tết)
        (date(2026, 2, 20), False),  # Mùng bốn Tết
        (date(2026, 2, 23), True),
        (date(2026, 4, 30), False),
        (date(2026, 5, 1), False),
        (date(2026, 9, 2), False),
        (date(2026, 8, 22), True),  # a Saturday worked in exchange for 31 August
        (date(2026, 8, 31), False),
        (date(2026, 11, 21), False),  # an ordinary Saturday
        (date(2025, 4, 26), True),  # 2025's swapped Saturday
        (date(2025, 5, 2), False),
    ],
)
def test_working_days_follow_the_law(day, working):
    assert CAL.is_working_day(day) is working


def test_a_due_moment_at_the_end_of_a_period_is_that_end():
    assert CAL.add_working_hours(at(2026, 3, 2, 13, 0), 4) == at(2026, 3, 2, 17, 0)
    assert CAL.add_working_hours(at(2026, 3, 2, 8, 0), 4) == at(2026, 3, 2, 12, 0)
    assert CAL.add_working_days(at(2026, 3, 2, 8, 0), 1) == at(2026, 3, 2, 17, 0)


def test_start_outside_office_hours_counts_from_the_next_period():
    assert CAL.add_working_hours(at(2026, 3, 2, 12, 30), 1) == at(2026, 3, 2, 14, 0)
    assert CAL.add_working_hours(at(2026, 3, 2, 18, 0), 1) == at(2026, 3, 3, 9, 0)
    assert CAL.add_working_hours(at(2026, 3, 6, 17, 30), 2) == at(2026, 3, 9, 10, 0)  # Friday evening → Monday
    assert CAL.add_working_hours(at(2026, 3, 2, 6, 0), 0) == at(2026, 3, 2, 8, 0)


def test_hours_carry_over_lunch_and_nights():
    assert CAL.add_working_hours(at(2026, 3, 2, 11, 0), 2) == at(2026, 3, 2, 14, 0)
    assert CAL.add_working_hours(at(2026, 3, 2, 16, 0), Decimal("1.5")) == at(2026, 3, 3, 8, 30)


def test_calendar_days_never_end_on_a_day_off():
    assert CAL.add_calendar_days(at(2026, 3, 2, 9, 0), 3) == at(2026, 3, 5, 9, 0)
    assert CAL.add_calendar_days(at(2026, 3, 2, 9, 0), 5) == at(2026, 3, 9, 9, 0)  # Saturday → Monday
    assert CAL.add_calendar_days(at(2026, 2, 12, 9, 30), 4) == at(2026, 2, 23, 9, 30)  # into Tết → after it
    assert CAL.add_calendar_days(at(2026, 3, 2, 19, 0), 1) == at(2026, 3, 4, 8, 0)  # counted from 3 March 08:00


def test_working_time_between():
    assert CAL.working_time_between(at(2026, 3, 2, 8, 0), at(2026, 3, 2, 17, 0)) == timedelta(hours=8)
    assert CAL.working_time_between(at(2026, 3, 6, 16, 0), at(2026, 3, 9, 9, 0)) == timedelta(hours=2)
    assert CAL.working_time_between(at(2026, 3, 2, 12, 0), at(2026, 3, 2, 13, 0)) == timedelta(0)
    assert CAL.working_time_between(at(2026, 3, 3, 8, 0), at(2026, 3, 2, 8, 0)) == -timedelta(hours=8)


def test_is_working_time_and_next_working_moment():
    assert CAL.is_working_time(at(2026, 3, 2, 8, 0))
    assert not CAL.is_working_time(at(2026, 3, 2, 12, 0))
    assert not CAL.is_working_time(at(2026, 3, 7, 9, 0))  # Saturday
    assert CAL.next_working_moment(at(2026, 3, 2, 12, 0)) == at(2026, 3, 2, 13, 0)
    assert CAL.next_working_moment(at(2026, 2, 13, 17, 0)) == at(2026, 2, 23, 8, 0)
    assert CAL.next_working_moment(datetime(2026, 3, 2, 2, 0, tzinfo=TZ).astimezone(tz=None)) == at(2026, 3, 2, 8)


def test_a_centre_with_other_hours():
    saturday_morning = WorkingCalendar([["07:30", "11:30"], ["13:30", "16:30"]])
    assert saturday_morning.day_length == timedelta(hours=7)
    assert saturday_morning.add_working_days(at(2026, 3, 2, 7, 30), 1) == at(2026, 3, 2, 16, 30)
    assert saturday_morning.add_working_hours(at(2026, 3, 2, 11, 0), 1) == at(2026, 3, 2, 14, 0)


def test_naive_datetimes_and_negative_durations_are_refused():
    with pytest.raises(ValueError):
        CAL.add_working_hours(datetime(2026, 3, 2, 9, 0), 1)
    with pytest.raises(ValueError):
        CAL.add_working_hours(at(2026, 3, 2, 9, 0), -1)
    with pytest.raises(ValueError):
        CAL.add_calendar_days(at(2026, 3, 2, 9, 0), -1)
    with pytest.raises(ValueError):
        WorkingCalendar([["12:00", "08:00"]])


@pytest.mark.django_db
def test_administrator_overrides_win_over_the_package():
    from motcua.core.models import CalendarOverride

    CalendarOverride.objects.create(date=date(2026, 3, 3), is_working_day=False, name="Nghỉ đột xuất")
    CalendarOverride.objects.create(date=date(2026, 2, 16), is_working_day=True, name="Trực Tết")
    cal = calendar_for()
    assert not cal.is_working_day(date(2026, 3, 3))
    assert cal.is_working_day(date(2026, 2, 16))
    assert cal.add_working_days(at(2026, 3, 2, 9, 0), 1) == at(2026, 3, 4, 9, 0)
    names = {d.date: (d.name, d.source) for d in cal.special_days(2026)}
    assert names[date(2026, 3, 3)] == ("Nghỉ đột xuất", "override")
    assert names[date(2026, 2, 17)] == ("Tết Nguyên Đán", "law")


def test_special_days_are_named_in_vietnamese():
    days = {d.date: d for d in CAL.special_days(2026)}
    assert days[date(2026, 9, 2)].name == "Quốc khánh" and not days[date(2026, 9, 2)].working
    assert days[date(2026, 8, 22)].working
    assert date(2026, 4, 26) not in days  # a Sunday holiday changes no working day


# -- properties -----------------------------------------------------------------------------------
starts = st.datetimes(min_value=datetime(2024, 1, 1), max_value=datetime(2027, 12, 31)).map(
    lambda d: d.replace(tzinfo=TZ)
)
hours = st.decimals(min_value=0, max_value=400, places=2)
office_hours = st.sampled_from(
    [
        [["08:00", "12:00"], ["13:00", "17:00"]],
        [["07:30", "11:30"], ["13:30", "17:00"]],
        [["07:00", "11:00"], ["13:30", "17:30"]],
        [["08:00", "16:00"]],
    ]
)


def inside_working_time(cal: WorkingCalendar, moment: datetime) -> bool:
    local = moment.astimezone(TZ)
    return cal.is_working_day(local.date()) and any(start <= local.time() <= end for start, end in cal.periods)


@settings(max_examples=300, deadline=None)
@given(start=starts, amount=hours, hours_of=office_hours)
def test_adding_then_measuring_gives_the_duration_back(start, amount, hours_of):
    cal = WorkingCalendar(hours_of)
    due = cal.add_working_hours(start, amount)
    assert cal.working_time_between(start, due) == timedelta(hours=float(amount))


@settings(max_examples=300, deadline=None)
@given(start=starts, amount=hours, hours_of=office_hours)
def test_results_are_inside_working_time_on_a_working_day(start, amount, hours_of):
    cal = WorkingCalendar(hours_of)
    assert inside_working_time(cal, cal.add_working_hours(start, amount))
    assert inside_working_time(cal, cal.add_calendar_days(start, int(amount) % 90))
    assert inside_working_time(cal, cal.next_working_moment(start))


@settings(max_examples=300, deadline=None)
@given(a=starts, b=starts, amount=hours)
def test_monotonic_in_start(a, b, amount):
    assume(a <= b)
    assert CAL.add_working_hours(a, amount) <= CAL.add_working_hours(b, amount)
    assert CAL.add_calendar_days(a, int(amount) % 90) <= CAL.add_calendar_days(b, int(amount) % 90)


@settings(max_examples=300, deadline=None)
@given(start=starts, x=hours, y=hours)
def test_monotonic_in_duration(start, x, y):
    small, large = sorted((x, y))
    assert CAL.add_working_hours(start, small) <= CAL.add_working_hours(start, large)
    assert CAL.add_working_days(start, small / 8) <= CAL.add_working_days(start, large / 8)


@settings(max_examples=200, deadline=None)
@given(start=starts, days=st.integers(min_value=0, max_value=60))
def test_working_days_are_day_lengths_of_working_time(start, days):
    assert CAL.add_working_days(start, days) == CAL.add_working_hours(start, days * 8)


def test_is_working_time_agrees_with_periods():
    for minute in range(0, 24 * 60, 15):
        moment = at(2026, 3, 2) + timedelta(minutes=minute)
        expected = time(8) <= moment.time() < time(12) or time(13) <= moment.time() < time(17)
        assert CAL.is_working_time(moment) is expected


def test_an_override_takes_effect_at_once_in_the_process_that_saves_it(db):
    from datetime import date

    from motcua.core.models import CalendarOverride
    from motcua.core.working_time import calendar_for

    saturday = date(2026, 3, 7)
    assert not calendar_for().is_working_day(saturday)  # read once: now kept for a minute
    override = CalendarOverride.objects.create(date=saturday, is_working_day=True, name="Ngày làm bù")
    assert calendar_for().is_working_day(saturday)
    override.delete()
    assert not calendar_for().is_working_day(saturday)
