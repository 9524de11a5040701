"""The working-time calendar: every deadline in Một Cửa is computed here and nowhere else.

Working days are Monday–Friday minus Vietnam's public holidays (the `holidays` package, Tết and the
government's swapped days included) plus the Saturdays worked in exchange; administrators' overrides
(`core.CalendarOverride`) win over the package. Working time is the office hours of those days,
08:00–12:00 and 13:00–17:00 unless a centre sets its own. One working day is one day's office hours.

All results are aware datetimes in Asia/Ho_Chi_Minh. Periods are half-open for "is this working time"
([08:00, 12:00)), but a due moment that lands exactly on the end of a period is that end (17:00).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from functools import lru_cache
from time import monotonic
from zoneinfo import ZoneInfo

import holidays

from .models import CalendarOverride

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
DEFAULT_OFFICE_HOURS = (("08:00", "12:00"), ("13:00", "17:00"))
ONE_DAY = timedelta(days=1)


class DurationUnit:
    WORKING_DAYS = "working_days"
    WORKING_HOURS = "working_hours"
    CALENDAR_DAYS = "calendar_days"
    ALL = (WORKING_DAYS, WORKING_HOURS, CALENDAR_DAYS)


@dataclass(frozen=True)
class CalendarDay:
    date: date
    name: str
    working: bool  # False: a day off on a weekday; True: a weekend day worked
    source: str  # "law" (the holidays package) or "override"


@lru_cache(maxsize=64)
def _national_holidays(year: int) -> tuple[dict[date, str], dict[date, str]]:
    """Days off and weekend working days of one year, named in Vietnamese."""
    vn = holidays.country_holidays("VN", years=year, language="vi")
    days_off = {day: name for day, name in vn.items() if day.weekday() < 5}
    weekend_workdays = {day: "Ngày làm việc bù" for day in getattr(vn, "weekend_workdays", ()) if day.year == year}
    return days_off, weekend_workdays


def _parse_time(value: str | time) -> time:
    return value if isinstance(value, time) else time.fromisoformat(value)


def to_local(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        raise ValueError("Working-time arithmetic needs an aware datetime.")
    return moment.astimezone(TZ)


class WorkingCalendar:
    def __init__(
        self,
        office_hours: Iterable[Iterable[str | time]] = DEFAULT_OFFICE_HOURS,
        overrides: Iterable[tuple[date, bool, str]] = (),
    ):
        self.periods = tuple((_parse_time(start), _parse_time(end)) for start, end in office_hours)
        if not self.periods or any(start >= end for start, end in self.periods):
            raise ValueError("Office hours need at least one period, each ending after it starts.")
        self.day_length = sum(
            (datetime.combine(date.min, end) - datetime.combine(date.min, start) for start, end in self.periods),
            timedelta(),
        )
        self.overrides = {day: (working, name) for day, working, name in overrides}

    # -- days -------------------------------------------------------------------------------------
    def is_working_day(self, day: date) -> bool:
        if day in self.overrides:
            return self.overrides[day][0]
        days_off, weekend_workdays = _national_holidays(day.year)
        if day in days_off:
            return False
        return day.weekday() < 5 or day in weekend_workdays

    def special_days(self, year: int) -> list[CalendarDay]:
        """Weekdays off and weekend days worked in `year`, with their Vietnamese names."""
        days_off, weekend_workdays = _national_holidays(year)
        result = {d: CalendarDay(d, name, False, "law") for d, name in days_off.items()}
        result |= {d: CalendarDay(d, name, True, "law") for d, name in weekend_workdays.items()}
        for day, (working, name) in self.overrides.items():
            if day.year == year:
                result[day] = CalendarDay(day, name, working, "override")
        return sorted(result.values(), key=lambda item: item.date)

    # -- moments ----------------------------------------------------------------------------------
    def _periods_on(self, day: date):
        for start, end in self.periods:
            yield datetime.combine(day, start, TZ), datetime.combine(day, end, TZ)

    def is_working_time(self, moment: datetime) -> bool:
        moment = to_local(moment)
        if not self.is_working_day(moment.date()):
            return False
        return any(start <= moment < end for start, end in self._periods_on(moment.date()))

    def next_working_moment(self, moment: datetime) -> datetime:
        """`moment` itself in working time, else the start of the next working period."""
        moment = to_local(moment)
        day = moment.date()
        while True:
            if self.is_working_day(day):
                for start, end in self._periods_on(day):
                    if moment < end:
                        return max(moment, start)
            day += ONE_DAY

    # -- arithmetic -------------------------------------------------------------------------------
    def add_working_time(self, start: datetime, duration: timedelta) -> datetime:
        """The moment when `duration` of working time has passed since `start`."""
        if duration < timedelta(0):
            raise ValueError("A duration cannot be negative.")
        cursor = self.next_working_moment(start)
        remaining = duration
        day = cursor.date()
        while True:
            if self.is_working_day(day):
                for period_start, period_end in self._periods_on(day):
                    if cursor >= period_end:
                        continue
                    begin = max(cursor, period_start)
                    available = period_end - begin
                    if remaining <= available:
                        return begin + remaining
                    remaining -= available
                    cursor = period_end
            day += ONE_DAY
            # Whole working days at once, so a long deadline costs one step per day, not per period.
            while remaining > self.day_length and self.is_working_day(day):
                remaining -= self.day_length
                day += ONE_DAY
            cursor = datetime.combine(day, time.min, TZ)

    def add_working_hours(self, start: datetime, hours: Decimal | int | float) -> datetime:
        return self.add_working_time(start, _scaled(timedelta(hours=1), hours))

    def add_working_days(self, start: datetime, days: Decimal | int | float) -> datetime:
        return self.add_working_time(start, _scaled(self.day_length, days))

    def add_calendar_days(self, start: datetime, days: int) -> datetime:
        """`days` calendar days after the next working moment; a day off moves it to the next working day."""
        if days < 0:
            raise ValueError("A duration cannot be negative.")
        due = self.next_working_moment(start) + timedelta(days=int(days))
        while not self.is_working_day(due.date()):
            due += ONE_DAY
        return due

    def add(self, start: datetime, amount: Decimal | int | float, unit: str) -> datetime:
        """Add a duration expressed in one of DurationUnit.ALL, as the catalogue states it."""
        if unit == DurationUnit.WORKING_DAYS:
            return self.add_working_days(start, amount)
        if unit == DurationUnit.WORKING_HOURS:
            return self.add_working_hours(start, amount)
        if unit == DurationUnit.CALENDAR_DAYS:
            if Decimal(str(amount)) != int(Decimal(str(amount))):
                raise ValueError("Calendar days must be a whole number.")
            return self.add_calendar_days(start, int(Decimal(str(amount))))
        raise ValueError(f"Unknown duration unit: {unit}")

    def working_time_between(self, start: datetime, end: datetime) -> timedelta:
        """Working time from `start` to `end`; negative when `end` comes first."""
        start, end = to_local(start), to_local(end)
        if end < start:
            return -self.working_time_between(end, start)
        total = timedelta(0)
        day = start.date()
        while day <= end.date():
            if self.is_working_day(day):
                for period_start, period_end in self._periods_on(day):
                    overlap = min(end, period_end) - max(start, period_start)
                    if overlap > timedelta(0):
                        total += overlap
            day += ONE_DAY
        return total


def _scaled(unit: timedelta, amount: Decimal | int | float) -> timedelta:
    amount = Decimal(str(amount))
    if amount < 0:
        raise ValueError("A duration cannot be negative.")
    microseconds = Decimal(unit // timedelta(microseconds=1)) * amount
    return timedelta(microseconds=int(microseconds.to_integral_value()))


# The overrides change a few times a year but are read by every deadline: kept per process for a minute, and
# dropped at once in the process that edits them (`core/signals.py`).
OVERRIDES_TTL_SECONDS = 60
_overrides: dict = {"rows": None, "read_at": 0.0}


def forget_overrides() -> None:
    _overrides["rows"] = None


def _current_overrides() -> list:
    now = monotonic()
    if _overrides["rows"] is None or now - _overrides["read_at"] > OVERRIDES_TTL_SECONDS:
        _overrides["rows"] = list(CalendarOverride.objects.values_list("date", "is_working_day", "name"))
        _overrides["read_at"] = now
    return _overrides["rows"]


def calendar_for(office_hours: Iterable[Iterable[str]] | None = None) -> WorkingCalendar:
    """The calendar with the administrators' overrides, for the given office hours (default hours if None)."""
    return WorkingCalendar(office_hours or DEFAULT_OFFICE_HOURS, _current_overrides())
