"""Reads: worklists, search, the public lookup. Every list is keyset- or limit-paged and index-backed."""

import copy
import operator
from collections.abc import Iterable
from functools import reduce

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.core import ratelimit
from motcua.core.errors import Throttled
from motcua.core.text import fold
from motcua.org.models import Role
from motcua.org.selectors import user_unit_scope

from . import conf, permissions
from .actions import Action
from .errors import DossierErrorCode
from .models import Dossier, DossierEvent, DossierStep
from .states import CLOCK_RUNS, State


def mask_name(name: str) -> str:
    """'Nguyễn Văn An' → 'Nguyễn V** A**': the public sees the family name and initials only."""
    words = name.split()
    if not words:
        return ""
    return " ".join([words[0], *(w[0] + "**" for w in words[1:])])


def visible_dossiers(user) -> QuerySet[Dossier]:
    """The dossiers a staff user reads (`permissions.reads` as a query): received in the centre families of their
    desks or of the centre they direct; handled by, or with a step at, a unit where they are specialist or leader."""
    if not permissions.is_processing_staff(user):
        return Dossier.objects.none()
    parts = []
    receiving = permissions.desk_units(user) | user_unit_scope(user, [Role.CENTRE_DIRECTOR])
    if receiving:
        parts.append(Q(receiving_unit__in=receiving))
    units = user_unit_scope(user, permissions.UNIT_ROLES)
    if units:
        steps = DossierStep.objects.filter(dossier=OuterRef("pk"), unit__in=units)
        parts.append(Q(handling_unit__in=units) | Exists(steps))
    if not parts:
        return Dossier.objects.none()
    return Dossier.objects.filter(reduce(operator.or_, parts))


def worklist(user, name: str, *, q: str = "", limit: int = 50) -> QuerySet[Dossier]:
    now = timezone.now()
    base = visible_dossiers(user).select_related("procedure", "current_step", "handling_unit", "receiving_unit")
    scope = user_unit_scope(user)
    if name == "mine":
        base = base.filter(current_step__assignee=user, current_step__finished_at=None)
    elif name == "new":
        base = base.filter(state=State.SUBMITTED)
    elif name == "due_soon":
        base = base.filter(state__in=CLOCK_RUNS, due_at__gte=now, due_at__lte=now + timezone.timedelta(days=2))
    elif name == "overdue":
        base = base.filter(state__in=CLOCK_RUNS, due_at__lt=now)
    elif name == "supplement":
        base = base.filter(state=State.SUPPLEMENT)
    elif name == "dispatch":
        base = base.filter(handling_unit=None).exclude(state__in=[State.NOT_ACCEPTED, State.WITHDRAWN])
    elif name == "to_return":
        base = base.filter(state__in=[State.RESULT_READY, State.REFUSED])
    elif name == "steps":
        base = base.filter(current_step__unit__in=scope, current_step__finished_at=None)
    if q.strip():
        base = base.filter(search_condition(q))
    order = "due_at" if name in ("due_soon", "overdue") else "-submitted_at"
    return base.order_by(order, "-pk")[:limit]


def search_condition(q: str) -> Q:
    """By code (prefix), citizen ID (exact), or applicant name typed with or without diacritics."""
    q = q.strip()
    folded = fold(q)
    condition = Q(code__startswith=q) | Q(applicant_name_folded__contains=folded)
    if q.isdigit() and len(q) == 12:
        condition |= Q(citizen_id=q)
    return condition


# Internal steps of the work (who took it, who was assigned, draft results) are not the applicant's history.
INTERNAL_ACTIONS = (Action.CLAIM, Action.ASSIGN, Action.ATTACH_RESULT)


def is_public(action: str) -> bool:
    """Whether the applicant and the public see events of this action."""
    return action not in INTERNAL_ACTIONS


def applicant_events(events: Iterable[DossierEvent]) -> list[DossierEvent]:
    """What the applicant may read of `events` (loaded in order): the events of public actions (`is_public`),
    each with its note only if the note is public (`DossierEvent.note_public`). An internal note is blanked on
    the copy returned, so that no page, message or API answer built from these events can show it."""
    shown = []
    for event in events:
        if not is_public(event.action):
            continue
        if event.note and not event.note_public:
            event = copy.copy(event)
            event.note = ""
        shown.append(event)
    return shown


def public_timeline(dossier: Dossier) -> list[DossierEvent]:
    """The events the applicant and the public lookup show, with public notes only (`applicant_events`)."""
    events = (
        dossier.events.exclude(action__in=INTERNAL_ACTIONS)
        .select_related("unit")
        .only("dossier_id", "seq", "action", "at", "to_state", "note", "note_public", "data", "unit__name")
        .order_by("seq")
    )
    return applicant_events(events)


class LookupRefused(Throttled):
    """This address has used up its lookups for now; the message says for how long."""


def lookup(code: str) -> Dossier | None:
    """The public lookup's dossier: only what the page shows (the busiest read of the system).

    Only the whole code finds it (no prefix, no partial match), as issued (in capitals) or exactly as typed;
    spaces do not count.
    """
    compact = "".join(code.split())
    if not compact:
        return None
    return (
        Dossier.objects.select_related("version")
        .only("code", "state", "applicant_name", "received_at", "due_at", "version__name")
        .filter(code__in={compact, compact.upper()})
        .first()
    )


def public_lookup(request, code: str) -> Dossier | None:
    """The public lookup for one client, page and API alike: rate limited per client address.

    Codes follow a guessable pattern (<agency>-YYMMDD-NNNN), so codes that match nothing count on their own,
    with a much lower limit: past it the address gets no answer at all, found or not, so that nothing tells a
    guess was right. Raises LookupRefused over either limit.
    """
    ip = ratelimit.client_ip(request)
    misses = f"lookup-miss:{ip}"
    if ratelimit.attempts(misses) >= conf.lookup_misses_per_hour():
        raise LookupRefused(
            _("Too many codes that match no dossier were looked up from here; try again in an hour."),
            code=DossierErrorCode.TOO_MANY_MISSES,
        )
    if not ratelimit.hit(f"lookup:{ip}", limit=conf.lookup_per_minute(), window_seconds=60):
        raise LookupRefused(_("Too many lookups; wait a minute and try again."), code=DossierErrorCode.TOO_MANY_LOOKUPS)
    dossier = lookup(code)
    if dossier is None:
        ratelimit.hit(misses, limit=conf.lookup_misses_per_hour(), window_seconds=3600)
    return dossier
