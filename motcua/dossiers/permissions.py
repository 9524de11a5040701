"""Who may file, see and act on a dossier. Deny by default; roles are scoped to units (motcua.org)."""

from motcua.accounts.models import AccountKind
from motcua.org.models import RECEIVING_KINDS, Role
from motcua.org.selectors import user_memberships, user_unit_scope

from .routing import centre_of


def holds(user, role: str, unit) -> bool:
    return unit is not None and user.is_active and unit.pk in user_unit_scope(user, [role])


def _staff(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.kind == AccountKind.STAFF)


def at_desk(user, dossier) -> bool:
    """A receiving officer of the same centre family (centre, its branches) that received the dossier."""
    if not _staff(user):
        return False
    centre = centre_of(dossier.receiving_unit)
    return any(m.role == Role.RECEIVING_OFFICER and centre_of(m.unit).pk == centre.pk for m in user_memberships(user))


def dispatches(user, dossier) -> bool:
    centre = centre_of(dossier.receiving_unit)
    return _staff(user) and (holds(user, Role.CENTRE_DIRECTOR, centre) or at_desk(user, dossier))


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
    if where == "desk":
        return at_desk(user, dossier)
    if where == "dispatch":
        return dispatches(user, dossier)
    if where == "step":
        if transition.action == "assign":
            return on_step(user, dossier, {Role.UNIT_LEADER})
        return on_step(user, dossier, transition.who)
    if where == "handling":
        return handles(user, dossier, transition.who)
    if where == "desk|handling":
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
    if channel == "online":
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


def may_view(user, dossier) -> bool:
    """Staff of the receiving centre, of the handling unit or of a step's unit; the applicant who filed it."""
    if is_applicant(user, dossier):
        return True
    if not _staff(user):
        return False
    if at_desk(user, dossier) or dispatches(user, dossier):
        return True
    scope = user_unit_scope(user)
    if dossier.handling_unit_id in scope:
        return True
    return any(step.unit_id in scope for step in dossier.steps.all())


def available_actions(user, dossier) -> list[str]:
    """The actions this user may take on this dossier now (for showing buttons)."""
    from .lifecycle import TRANSITIONS

    return [
        name
        for name, t in TRANSITIONS.items()
        if dossier.state in t.sources and may(user, dossier, t) and _applicable(name, dossier)
    ]


def _applicable(action: str, dossier) -> bool:
    step = dossier.current_step
    if action in ("claim", "assign", "forward", "send_back"):
        return step is not None and step.finished_at is None
    if action == "dispatch":
        return dossier.handling_unit_id is None
    if action == "apologise":
        return not dossier.apologised and dossier.due_at is not None
    return True
