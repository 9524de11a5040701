"""Who may file, read and act on a dossier. Deny by default; roles are scoped to units (motcua.org).

Reading (docs/organisation-and-permissions.md, "Who reads a dossier") follows the processing roles:
- the applicant who filed it online (a citizen or agent account), on the portal pages; result files only once
  the result is issued (`result_released`);
- a receiving officer of the centre family (centre, branches, service points) that received it;
- the centre director of that centre;
- a specialist or unit leader of its handling unit or of the unit of one of its steps.
Administrators and superusers administer (units, users, reference data); those alone read no dossier.

Every helper here is about a person: the system actor (`motcua.core.actors.SYSTEM`, not authenticated, no role)
is refused by all of them. The services that let the system act say so themselves (`is_system`).
"""

from dataclasses import dataclass
from functools import cached_property

from motcua.accounts.models import AccountKind
from motcua.catalog.models import Channel
from motcua.org.models import RECEIVING_KINDS, Role, Unit, UnitKind
from motcua.org.selectors import user_memberships, user_roles, user_unit_scope

from .actions import Action
from .models import AttachmentKind
from .routing import centre_of, is_return_step_of
from .transitions import DESTRUCTIVE, EXPECTED_ORDER, TRANSITIONS, Where

PROCESSING_ROLES = frozenset({Role.RECEIVING_OFFICER, Role.SPECIALIST, Role.UNIT_LEADER, Role.CENTRE_DIRECTOR})
# Roles that read a dossier through its handling unit and the units of its steps.
UNIT_ROLES = (Role.SPECIALIST, Role.UNIT_LEADER)
_FAMILY_KINDS = (UnitKind.BRANCH, UnitKind.SERVICE_POINT)


def holds(user, role: str, unit) -> bool:
    return unit is not None and user.is_active and unit.pk in user_unit_scope(user, [role])


def _staff(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.kind == AccountKind.STAFF)


def is_processing_staff(user) -> bool:
    """A staff account holding a processing role somewhere: who the workspace pages are for."""
    return _staff(user) and bool(user_roles(user) & PROCESSING_ROLES)


def desk_units(user) -> frozenset[int]:
    """The receiving units of the centre families where the user is a receiving officer: each centre (a unit's
    `centre_of`) with the branches and service points below it. Computed once per request, kept on the user."""
    cached = getattr(user, "_motcua_desk", None)
    if cached is None:
        centres = {centre_of(m.unit) for m in user_memberships(user) if m.role == Role.RECEIVING_OFFICER}
        found = {c.pk for c in centres if c.kind in RECEIVING_KINDS}
        frontier = set(found)
        while frontier:  # one query per level: centre → branches → their service points
            frontier = (
                set(Unit.objects.filter(parent_id__in=frontier, kind__in=_FAMILY_KINDS).values_list("pk", flat=True))
                - found
            )
            found |= frontier
        cached = user._motcua_desk = frozenset(found)
    return cached


def at_desk(user, dossier) -> bool:
    """A receiving officer of the same centre family (centre, its branches) that received the dossier."""
    return _staff(user) and dossier.receiving_unit_id in desk_units(user)


def directs(user, dossier) -> bool:
    """The centre director of the centre that received the dossier (its scope holds the branches)."""
    return _staff(user) and dossier.receiving_unit_id in user_unit_scope(user, [Role.CENTRE_DIRECTOR])


def dispatches(user, dossier) -> bool:
    return directs(user, dossier) or at_desk(user, dossier)


def on_step(user, dossier, roles) -> bool:
    step = dossier.current_step
    if step is None or step.unit is None or not _staff(user):
        return False
    if holds(user, Role.UNIT_LEADER, step.unit) and Role.UNIT_LEADER in roles:
        return True
    if step.role not in roles:
        return False
    if step.role == Role.RECEIVING_OFFICER:
        return at_desk(user, dossier)
    if not holds(user, step.role, step.unit):
        return False
    return step.assignee_id in (None, user.pk)


def handles(user, dossier, roles) -> bool:
    return _staff(user) and any(holds(user, role, dossier.handling_unit) for role in roles)


def may(user, dossier, transition) -> bool:
    if transition.applicant_may and is_applicant(user, dossier):
        return True
    where = transition.where
    if where == Where.DESK:
        return at_desk(user, dossier)
    if where == Where.DISPATCH:
        return dispatches(user, dossier)
    if where == Where.STEP:
        if transition.action == Action.ASSIGN:
            return on_step(user, dossier, {Role.UNIT_LEADER})
        return on_step(user, dossier, transition.who)
    if where == Where.HANDLING:
        return handles(user, dossier, transition.who)
    if where == Where.DESK_OR_HANDLING:
        return at_desk(user, dossier) or handles(user, dossier, transition.who)
    return False


def is_applicant(user, dossier) -> bool:
    return bool(
        user.is_authenticated
        and user.is_active
        and dossier.submitted_by_id == user.pk
        and user.kind in (AccountKind.CITIZEN, AccountKind.AGENT)
    )


def may_file(user, channel: str, receiving_unit) -> bool:
    """Counter filing: a receiving officer at that service point. Online: a citizen whose identity is verified
    (national identity login or an officer's check), or an agent of an active agent organisation."""
    if channel == Channel.ONLINE:
        if not (user.is_authenticated and user.is_active):
            return False
        if user.kind == AccountKind.CITIZEN:
            return bool(user.verified_citizen_id)
        if user.kind == AccountKind.AGENT:
            return bool(user.agent_organisation_id and user.agent_organisation.is_active)
        return False
    return (
        _staff(user) and receiving_unit.kind in RECEIVING_KINDS and holds(user, Role.RECEIVING_OFFICER, receiving_unit)
    )


def reads(user, dossier) -> bool:
    """Staff who read the dossier through a processing role (the workspace pages; `selectors.visible_dossiers`
    is the same rule as a query)."""
    if not _staff(user):
        return False
    if at_desk(user, dossier) or directs(user, dossier):
        return True
    scope = user_unit_scope(user, UNIT_ROLES)
    if not scope:
        return False
    if dossier.handling_unit_id in scope:
        return True
    return dossier.steps.filter(unit_id__in=scope).exists()


def may_view(user, dossier) -> bool:
    """The applicant who filed it, or staff who read it (pages shared by both: payments, receipts, the API)."""
    return is_applicant(user, dossier) or reads(user, dossier)


def result_released(dossier) -> bool:
    """The result was issued: from then on its files are the applicant's too."""
    return dossier.result_ready_at is not None


def applicant_sees_file(attachment, dossier) -> bool:
    """Which of an applicant's dossier files they may open: everything but result files before the issue."""
    return attachment.kind != AttachmentKind.RESULT or result_released(dossier)


def available_actions(user, dossier) -> list[Action]:
    """The actions this user may take on this dossier now (for showing buttons): allowed by the transition table
    and the user's role, and still possible (`_applicable`)."""
    facts = _Facts(dossier)
    return [
        name
        for name, t in TRANSITIONS.items()
        if dossier.state in t.sources and may(user, dossier, t) and _applicable(name, dossier, facts)
    ]


@dataclass(frozen=True)
class RankedActions:
    """A dossier page's actions: the expected next one, the others, and those that end or refuse the dossier."""

    primary: Action | None
    others: list[Action]
    destructive: list[Action]


def ranked_actions(user, dossier) -> RankedActions:
    actions = available_actions(user, dossier)
    order = {action: n for n, action in enumerate(EXPECTED_ORDER)}
    safe = sorted((a for a in actions if a not in DESTRUCTIVE), key=lambda a: order.get(a, len(order)))
    if Action.APPROVE in safe and Action.FORWARD not in safe:  # the last processing step: the decision is next
        safe.remove(Action.APPROVE)
        safe.insert(0, Action.APPROVE)
    step = dossier.current_step
    if Action.CLAIM in safe and Action.FORWARD in safe and step is not None and step.role == Role.RECEIVING_OFFICER:
        safe.remove(Action.CLAIM)  # the desk's own step is handed on, not taken first
        safe.insert(safe.index(Action.FORWARD) + 1, Action.CLAIM)
    return RankedActions(
        primary=safe[0] if safe else None,
        others=safe[1:],
        destructive=[a for a in actions if a in DESTRUCTIVE],
    )


class _Facts:
    """What `_applicable` reads beyond the dossier row, each read once and only if asked."""

    def __init__(self, dossier):
        self.dossier = dossier

    @cached_property
    def steps(self) -> list:
        return list(self.dossier.steps.order_by("position"))

    @cached_property
    def has_result(self) -> bool:
        return self.dossier.attachments.filter(kind=AttachmentKind.RESULT).exists()


def _applicable(action: Action, dossier, facts: _Facts) -> bool:
    step = dossier.current_step
    if action in (Action.CLAIM, Action.ASSIGN, Action.FORWARD, Action.SEND_BACK):
        if step is None or step.finished_at is not None:
            return False
        if action == Action.CLAIM:  # taken already (by this user or another): claiming again does nothing
            return step.assignee_id is None
        if action == Action.FORWARD:  # not from the last processing step, nor into the return at the desk
            later = [s for s in facts.steps if s.position > step.position]
            return bool(later) and not is_return_step_of(later[0], facts.steps)
        if action == Action.SEND_BACK:
            return any(s.position < step.position for s in facts.steps)
        return True
    if action == Action.DISPATCH:
        return dossier.handling_unit_id is None
    if action == Action.APOLOGISE:
        return not dossier.apologised and dossier.due_at is not None
    if action == Action.ISSUE_RESULT:  # there is nothing to issue before a result file is attached
        return facts.has_result
    return True
