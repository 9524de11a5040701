"""Parsing a deadline request, shared by the `motcua deadline` command and the calendar API (`org/api.py`; the
calendar of a centre is `org.selectors.calendar_for_centre`)."""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation

from django.utils import timezone
from django.utils.translation import gettext as _

from .errors import InputErrorCode
from .working_time import TZ, DurationUnit, WorkingCalendar


class DeadlineError(ValueError):
    def __init__(self, field: str, message: str, code: str = InputErrorCode.INVALID):
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message
        self.code = code


@dataclass(frozen=True)
class DeadlineRequest:
    start: datetime
    amount: Decimal
    unit: str


def parse_start(value: str | None) -> datetime:
    if not value:
        return timezone.now().astimezone(TZ)
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise DeadlineError("start", _("not a date and time in ISO 8601 (e.g. 2026-02-12T09:30)")) from None
    return moment.replace(tzinfo=TZ) if moment.tzinfo is None else moment.astimezone(TZ)


def parse_request(*, start: str | None, working_days=None, working_hours=None, calendar_days=None) -> DeadlineRequest:
    given = {
        DurationUnit.WORKING_DAYS: working_days,
        DurationUnit.WORKING_HOURS: working_hours,
        DurationUnit.CALENDAR_DAYS: calendar_days,
    }
    given = {unit: value for unit, value in given.items() if value not in (None, "")}
    if len(given) != 1:
        raise DeadlineError(
            "duration", _("give exactly one of working_days, working_hours or calendar_days"), InputErrorCode.REQUIRED
        )
    ((unit, raw),) = given.items()
    try:
        amount = Decimal(str(raw))
    except InvalidOperation:
        raise DeadlineError(unit, _("not a number")) from None
    if not amount.is_finite() or amount < 0:
        raise DeadlineError(unit, _("must be zero or more"), InputErrorCode.MIN_VALUE)
    if amount > 3650:
        raise DeadlineError(unit, _("must be at most 3650"), InputErrorCode.MAX_VALUE)
    if unit == DurationUnit.CALENDAR_DAYS and amount != amount.to_integral_value():
        raise DeadlineError(unit, _("must be a whole number of days"))
    return DeadlineRequest(parse_start(start), amount, unit)


def compute(request: DeadlineRequest, calendar: WorkingCalendar) -> datetime:
    return calendar.add(request.start, request.amount, request.unit)
