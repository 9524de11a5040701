from datetime import date

from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When

from motcua.core.text import fold

from .models import Commune, DivisionChange, Level, Province


def province_list() -> QuerySet[Province]:
    return Province.objects.annotate(commune_count=Count("communes")).order_by("code")


def commune_list(*, province_code: str) -> QuerySet[Commune]:
    return Commune.objects.filter(province_id=province_code).order_by("name")


def commune_search(*, province_code: str, q: str = "") -> QuerySet[Commune]:
    """The province's communes whose name holds `q`, typed with or without diacritics and without the "Phường" /
    "Xã" / "Đặc khu" that begins every name ("hoan kiem" finds "Phường Hoàn Kiếm"); names where a word begins
    with `q` come first. All of them, by name, for an empty `q`."""
    communes = commune_list(province_code=province_code)
    folded = fold(q)
    if not folded:
        return communes
    word_start = Q(name_folded__startswith=folded) | Q(name_folded__contains=f" {folded}")
    return (
        communes.filter(name_folded__contains=folded)
        .annotate(rank=Case(When(word_start, then=Value(0)), default=Value(1), output_field=IntegerField()))
        .order_by("rank", "name")
    )


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


__all__ = ["Level", "commune_list", "commune_search", "division_successor", "province_list"]
