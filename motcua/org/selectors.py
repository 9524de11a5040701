from collections.abc import Iterable

from django.db.models import Case, Prefetch, QuerySet, When
from django.utils.translation import gettext as _

from motcua.core.deadlines import DeadlineError
from motcua.core.text import fold
from motcua.core.working_time import WorkingCalendar, calendar_for

from .models import RECEIVING_KINDS, Counter, Membership, OfficerCounter, Role, Unit


def user_memberships(user) -> list[Membership]:
    """The user's active memberships, loaded once per request and kept on the user object."""
    if not user.is_authenticated:
        return []
    cached = getattr(user, "_motcua_memberships", None)
    if cached is None:
        cached = list(Membership.objects.filter(user=user, is_active=True, unit__is_active=True).select_related("unit"))
        user._motcua_memberships = cached
    return cached


def user_roles(user) -> set[str]:
    return {m.role for m in user_memberships(user)}


def officer_counter(user) -> Counter | None:
    """The counter where the officer last took a dossier, if it is open and they still work there."""
    if not user.is_authenticated:
        return None
    remembered = OfficerCounter.objects.filter(user=user).select_related("counter__unit").first()
    if remembered is None:
        return None
    counter = remembered.counter
    scope = user_unit_scope(user, [Role.RECEIVING_OFFICER])
    if not (counter.is_active and counter.unit.is_active and counter.unit_id in scope):
        return None
    return counter


def unit_descendant_ids(unit_ids: Iterable[int]) -> set[int]:
    """The units given and every unit below them (one query per level; the tree is shallow)."""
    found = set(unit_ids)
    frontier = set(found)
    while frontier:
        frontier = set(Unit.objects.filter(parent_id__in=frontier).values_list("pk", flat=True)) - found
        found |= frontier
    return found


def user_unit_scope(user, roles: Iterable[str] | None = None) -> frozenset[int]:
    """Units the user acts on: those where they hold one of `roles` (any role if None), and units below."""
    key = frozenset(roles) if roles is not None else None
    cache = getattr(user, "_motcua_scope", None)
    if cache is None:
        cache = user._motcua_scope = {}
    if key not in cache:
        roots = {m.unit_id for m in user_memberships(user) if key is None or m.role in key}
        cache[key] = frozenset(unit_descendant_ids(roots))
    return cache[key]


def unit_list_for_user(user) -> QuerySet[Unit]:
    return (
        Unit.objects.filter(pk__in=user_unit_scope(user), is_active=True)
        .select_related("commune", "parent")
        .prefetch_related(Prefetch("counters", queryset=Counter.objects.filter(is_active=True)))
        .order_by("kind", "name")
    )


def province_centre(province_code: str) -> Unit | None:
    """The province's Public Administration Service Centre: where online dossiers are received."""
    return Unit.objects.filter(
        province_id=province_code, kind="service_centre", is_active=True, parent__kind="province_committee"
    ).first()


def service_point_list(*, province_code: str) -> QuerySet[Unit]:
    """Where citizens can file: the centre and its branches and service points, for the public page."""
    centre_first = Case(*(When(kind=kind, then=i) for i, kind in enumerate(RECEIVING_KINDS)))
    return (
        Unit.objects.filter(province_id=province_code, kind__in=RECEIVING_KINDS, is_active=True)
        .select_related("commune")
        .order_by(centre_first, "code")
    )


def service_point_search(*, province_code: str, q: str = "") -> list[Unit]:
    """The service points whose name, address or commune contain every word of `q`, diacritics and the
    "Phường"/"Xã" prefix optional. A province has a few hundred receiving units: they are matched in memory."""
    points = list(service_point_list(province_code=province_code))
    words = fold(q).split()
    if not words:
        return points
    found = []
    for point in points:
        commune = point.commune.name if point.commune else ""
        text = fold(" ".join([point.name, point.short_name, point.address, commune]))
        if all(word in text for word in words):
            found.append(point)
    return found


def by_commune(points: Iterable[Unit]) -> list[tuple[str, list[Unit]]]:
    """Service points grouped by the commune they stand in, communes in alphabetical order (diacritics
    ignored, without the "Phường"/"Xã" prefix); within a commune, the centre and branches first."""
    groups: dict[str, list[Unit]] = {}
    for point in points:
        groups.setdefault(point.commune.name if point.commune else "", []).append(point)

    def sort_key(name: str) -> tuple[bool, str]:
        prefix = next((p for p in COMMUNE_PREFIXES if name.startswith(p)), "")
        return (not name, fold(name.removeprefix(prefix)))

    return [(name, groups[name]) for name in sorted(groups, key=sort_key)]


# The kinds of commune-level unit a name starts with (since 1 July 2025: wards, communes, special zones).
COMMUNE_PREFIXES = ("Phường ", "Xã ", "Đặc khu ", "Thị trấn ")


__all__ = ["Role", "service_point_list", "unit_list_for_user", "user_roles", "user_unit_scope"]


def calendar_for_centre(code: str | None) -> WorkingCalendar:
    """The calendar with the office hours of the centre (or branch) with this agency code."""
    if not code:
        return calendar_for()
    unit = Unit.objects.filter(code=code, is_active=True).first()
    if unit is None:
        raise DeadlineError("centre", _("no active unit has the agency code %(code)s") % {"code": code})
    return calendar_for(unit.office_hours)
