"""Reads: worklists, search, the public lookup. Every list is keyset- or limit-paged and index-backed."""

import copy
import operator
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import reduce

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, Subquery, TextChoices
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.catalog.eforms import eform_declaration
from motcua.core import conf as core_conf
from motcua.core import ratelimit
from motcua.core.errors import Throttled
from motcua.core.text import fold
from motcua.geo.models import Commune
from motcua.geo.selectors import commune_search
from motcua.org.models import Role
from motcua.org.selectors import user_memberships, user_unit_scope

from . import conf, permissions
from .actions import Action
from .errors import DossierErrorCode
from .models import AttachmentKind, Dossier, DossierEvent, DossierStep, SupplementItem, SupplementRequest
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


class Worklist(TextChoices):
    """The worklists of the workspace, in the order of its tabs (labels translated when shown)."""

    MINE = "mine", gettext_lazy("Assigned to me")
    STEPS = "steps", gettext_lazy("At my units")
    NEW = "new", gettext_lazy("New, to check")
    DUE_SOON = "due_soon", gettext_lazy("Due within 2 days")
    OVERDUE = "overdue", gettext_lazy("Overdue")
    SUPPLEMENT = "supplement", gettext_lazy("Waiting for supplement")
    DISPATCH = "dispatch", gettext_lazy("To dispatch")
    TO_RETURN = "to_return", gettext_lazy("Results to return")
    ALL = "all", gettext_lazy("All")


# Tabs count up to this many dossiers and show "999+" past it: a count never reads more rows than that.
COUNT_CAP = 999


def _worklist_condition(user, name: str, now) -> Q:
    """Which of the dossiers the user reads are on the list `name` (each an indexed filter)."""
    if name == Worklist.MINE:
        return Q(current_step__assignee=user, current_step__finished_at=None)
    if name == Worklist.NEW:
        return Q(state=State.SUBMITTED)
    if name == Worklist.DUE_SOON:
        return Q(state__in=CLOCK_RUNS, due_at__gte=now, due_at__lte=now + timezone.timedelta(days=2))
    if name == Worklist.OVERDUE:
        return Q(state__in=CLOCK_RUNS, due_at__lt=now)
    if name == Worklist.SUPPLEMENT:
        return Q(state=State.SUPPLEMENT)
    if name == Worklist.DISPATCH:
        return Q(handling_unit=None) & ~Q(state__in=[State.NOT_ACCEPTED, State.WITHDRAWN])
    if name == Worklist.TO_RETURN:
        return Q(state__in=[State.RESULT_READY, State.REFUSED])
    if name == Worklist.STEPS:
        return Q(current_step__unit__in=user_unit_scope(user), current_step__finished_at=None)
    return Q()


def worklist(user, name: str, *, q: str = "", limit: int = 50) -> QuerySet[Dossier]:
    """The dossiers on the list `name`; with a search term `q`, every dossier the user reads that matches it,
    whichever list it is on (a search never looks only in the open tab)."""
    base = visible_dossiers(user).select_related("procedure", "current_step", "handling_unit", "receiving_unit")
    if q.strip():
        return base.filter(search_condition(q)).order_by("-submitted_at", "-pk")[:limit]
    base = base.filter(_worklist_condition(user, name, timezone.now()))
    order = "due_at" if name in (Worklist.DUE_SOON, Worklist.OVERDUE) else "-submitted_at"
    return base.order_by(order, "-pk")[:limit]


def worklist_counts(user) -> dict[str, int]:
    """How many dossiers each worklist holds, counted up to COUNT_CAP + 1 so that a list of a million dossiers
    costs what one of a thousand does: one query, `SELECT (SELECT COUNT(*) FROM (SELECT id … LIMIT 1000)), …`,
    each list's rows read through the indexes its filter uses."""
    now = timezone.now()
    visible = visible_dossiers(user)
    parts, params = [], []
    for name in Worklist:
        capped = visible.filter(_worklist_condition(user, name, now)).order_by().values("pk")[: COUNT_CAP + 1]
        try:
            sql, part_params = capped.query.get_compiler(using=capped.db).as_sql()
        except EmptyResultSet:  # the user reads nothing of that kind (no unit for "At my units")
            parts.append("0")
            continue
        # Django compiled `sql` with its parameters apart; the alias is a Worklist value.
        parts.append(f"(SELECT COUNT(*) FROM ({sql}) AS list_{name.value})")  # noqa: S608
        params.extend(part_params)
    with connections[visible.db].cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts), params)
        row = cursor.fetchone()
    return {name.value: int(count) for name, count in zip(Worklist, row, strict=True)}


def count_label(count: int) -> str:
    """A tab's count as shown: "999+" past the cap."""
    return f"{COUNT_CAP}+" if count > COUNT_CAP else str(count)


def readable_by_code(user, q: str) -> Dossier | None:
    """The dossier whose code is exactly `q` (spaces left out, any case), if the user reads it: what a barcode
    or QR scanner types into the search opens directly."""
    compact = "".join(q.split())
    if not compact or len(compact) > 48:
        return None
    return visible_dossiers(user).filter(code__in={compact, compact.upper()}).only("code").first()


def intake_communes(user, q: str = "") -> QuerySet[Commune]:
    """The communes a receiving officer may pick on the intake form (those of the province of their desk), by
    name without its "Phường"/"Xã" and without diacritics (`geo.selectors.commune_search`)."""
    units = [m.unit for m in user_memberships(user) if m.role == Role.RECEIVING_OFFICER]
    if not units:
        return Commune.objects.none()
    return commune_search(province_code=units[0].province_id, q=q)


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


def open_supplement(dossier: Dossier) -> SupplementRequest | None:
    """The request still waiting for an answer, if any (the latest)."""
    return dossier.supplement_requests.filter(answered_at=None).order_by("-asked_at", "-pk").first()


def supplement_missing(dossier: Dossier) -> list[str]:
    """What the applicant still has to bring while the dossier waits for a supplement: the items of the open
    request not yet handed in (no note: notes may name people), in one query. Empty in any other state. Public:
    the lookup shows it."""
    if dossier.state != State.SUPPLEMENT:
        return []
    latest = dossier.supplement_requests.filter(answered_at=None).order_by("-asked_at", "-pk").values("pk")[:1]
    items = SupplementItem.objects.filter(request=Subquery(latest), received_at=None).order_by("position")
    return list(items.values_list("text", flat=True))


def lookup_link(dossier: Dossier) -> str:
    """The public lookup's address with the dossier's code filled in, as citizens reach it (`MOTCUA_PUBLIC_URL`):
    what QR codes on printed forms and messages to applicants who have no account page point at."""
    return f"{core_conf.public_url()}{reverse('dossiers:lookup')}?code={dossier.code}"


class LookupRefused(Throttled):
    """This address has used up its lookups for now; the message says for how long."""


def lookup(code: str) -> Dossier | None:
    """The public lookup's dossier: only what the page shows (the busiest read of the system).

    Only the whole code finds it (no prefix, no partial match), in any case; spaces do not count, except that
    spaces typed where the code has its dashes stand for them ("h26 251208 0001").
    """
    compact = "".join(code.split())
    if not compact:
        return None
    dashed = "-".join(part for part in re.split(r"[\s-]+", code.strip()) if part)
    candidates = {compact, compact.upper(), dashed, dashed.upper()}
    return (
        Dossier.objects.select_related("version")
        .only("code", "state", "applicant_name", "received_at", "due_at", "version__name")
        .filter(code__in=candidates)
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


@dataclass
class Filing:
    """What was filed and handed in since, as the staff page, the control sheet and the API show it."""

    declaration: list  # catalog.eforms.Answer, labelled from the version's schema
    documents: list  # DossierDocument, each with `files`
    other_files: list  # submitted files tied to no checklist document (authorisation, attached later, …)
    supplements: list  # SupplementRequest, each with `items` (and their `files`) and `files`
    results: list  # result Attachments
    checklist: list  # the items of the open supplement request (`received_at` set or not)

    @property
    def missing(self) -> list:
        return [item for item in self.checklist if item.received_at is None]


def dossier_filing(dossier: Dossier, *, results: bool = True) -> Filing:
    """The declaration, documents, supplements and results of a dossier in a fixed number of queries.
    `results`: whether result files are included (the applicant sees them only once issued)."""
    attachments = list(dossier.attachments.order_by("pk"))
    requests = list(
        dossier.supplement_requests.order_by("asked_at", "pk").prefetch_related(
            Prefetch("items", queryset=SupplementItem.objects.select_related("received_by").order_by("position"))
        )
    )
    documents = list(dossier.documents.order_by("pk"))
    by_document: dict[int, list] = {}
    by_item: dict[int, list] = {}
    by_request: dict[int, list] = {}
    others = []
    for attachment in attachments:
        if attachment.kind == AttachmentKind.RESULT:
            continue
        if attachment.supplement_item_id:
            by_item.setdefault(attachment.supplement_item_id, []).append(attachment)
        if attachment.supplement_id:
            by_request.setdefault(attachment.supplement_id, []).append(attachment)
        elif attachment.document_id:
            by_document.setdefault(attachment.document_id, []).append(attachment)
        else:
            others.append(attachment)
    for document in documents:
        document.scans = by_document.get(document.pk, [])
    for request in requests:
        request.scans = by_request.get(request.pk, [])
        request.item_list = list(request.items.all())
        for item in request.item_list:
            item.scans = by_item.get(item.pk, [])
        request.loose_scans = [a for a in request.scans if a.supplement_item_id is None]
    open_requests = [r for r in requests if r.answered_at is None]
    return Filing(
        declaration=eform_declaration(dossier.version.eform, dossier.form_data),
        documents=documents,
        other_files=others,
        supplements=requests,
        results=[a for a in attachments if a.kind == AttachmentKind.RESULT] if results else [],
        checklist=open_requests[-1].item_list if open_requests else [],
    )
