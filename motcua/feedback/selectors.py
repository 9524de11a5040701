"""Reporting: a unit's satisfaction over a period, in one query."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Avg, Count, Q

from .criteria import FIELDS
from .models import Rating


@dataclass(frozen=True)
class Satisfaction:
    count: int
    satisfied: int
    averages: dict[str, float | None]  # criterion_1 … criterion_9 → mean score (0 … 2), None without ratings

    @property
    def satisfied_share(self) -> float | None:
        """Share of ratings that are satisfied (0 … 1); the Circular's target is at least 0.95."""
        return self.satisfied / self.count if self.count else None


def unit_satisfaction(*, unit, start: date, end: date, as_handling: bool = False) -> Satisfaction:
    """Ratings of dossiers received by `unit` (or handled by it) rated from `start` to `end`, both days included."""
    column = "handling_unit" if as_handling else "receiving_unit"
    figures = Rating.objects.filter(**{column: unit}, rated_on__gte=start, rated_on__lte=end).aggregate(
        count=Count("pk"),
        satisfied=Count("pk", filter=Q(satisfied=True)),
        **{field: Avg(field) for field in FIELDS},
    )
    return Satisfaction(
        count=figures["count"],
        satisfied=figures["satisfied"],
        averages={field: None if figures[field] is None else float(figures[field]) for field in FIELDS},
    )
