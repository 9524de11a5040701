from datetime import date

from django.db.models import Count, QuerySet

from .models import Commune, DivisionChange, Level, Province


def province_list() -> QuerySet[Province]:
    return Province.objects.annotate(commune_count=Count("communes")).order_by("code")


def commune_list(*, province_code: str) -> QuerySet[Commune]:
    return Commune.objects.filter(province_id=province_code).order_by("name")


def division_successor(*, level: str, code: str, as_of: date) -> str:
    """The code that a unit known by `code` on `as_of` carries today, following every later change."""
    changes = (
        DivisionChange.objects.filter(level=level, effective_date__gt=as_of)
        .prefetch_related("predecessors")
        .order_by("effective_date")
    )
    current = code
    for change in changes:
        if any(p.code == current for p in change.predecessors.all()):
            current = change.successor_code
    return current


__all__ = ["Level", "commune_list", "division_successor", "province_list"]
