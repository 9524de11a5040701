"""The working-time calendar over the API: a deadline counted from a moment (with a centre's office hours), the
special days of a year. In `org` because a centre's hours are a unit's."""

from datetime import date, datetime

from ninja import Query, Router, Schema, Status

from motcua.api.errors import errors
from motcua.core.deadlines import DeadlineError, compute, parse_request
from motcua.core.working_time import calendar_for

from .selectors import calendar_for_centre

router = Router(tags=["calendar"])


class DeadlineParams(Schema):
    start: str | None = None
    working_days: str | None = None
    working_hours: str | None = None
    calendar_days: str | None = None
    centre: str | None = None


class DeadlineOut(Schema):
    start: datetime
    due: datetime
    amount: str
    unit: str


class SpecialDay(Schema):
    date: date
    name: str
    working: bool
    source: str


@router.get(
    "/calendar/deadline",
    response={200: DeadlineOut, **errors(422)},
    summary="Due moment of a duration counted in working time",
)
def deadline(request, params: Query[DeadlineParams]):
    try:
        parsed = parse_request(
            start=params.start,
            working_days=params.working_days,
            working_hours=params.working_hours,
            calendar_days=params.calendar_days,
        )
        due = compute(parsed, calendar_for_centre(params.centre))
    except DeadlineError as error:
        return Status(422, {"detail": [{"loc": ["query", error.field], "msg": error.message, "code": error.code}]})
    return DeadlineOut(start=parsed.start, due=due, amount=str(parsed.amount), unit=parsed.unit)


@router.get(
    "/calendar/holidays",
    response=list[SpecialDay],
    summary="Weekdays off and weekend days worked in a year, with Vietnamese names",
)
def holidays(request, year: int = Query(..., ge=1995, le=2100)):  # noqa: B008 - ninja's parameter style
    return [
        SpecialDay(date=d.date, name=d.name, working=d.working, source=d.source)
        for d in calendar_for().special_days(year)
    ]
