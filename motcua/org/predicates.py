"""Authorization predicates (django-rules) that every app builds its permissions from.

Deny by default: a predicate is False unless the user is an active account of the right kind
and, for object checks, the object lies in the units where the user holds the role.
"""

import rules

from motcua.accounts.models import AccountKind

from .models import Role
from .selectors import user_roles, user_unit_scope


def _account(kind):
    @rules.predicate(name=f"is_{kind}_account")
    def predicate(user) -> bool:
        return bool(user.is_authenticated and user.is_active and user.kind == kind)

    return predicate


is_staff_account = _account(AccountKind.STAFF)
is_citizen = _account(AccountKind.CITIZEN)
is_agent = _account(AccountKind.AGENT)


def has_role(*roles: str):
    """The user holds one of `roles` in some unit."""

    @rules.predicate(name=f"has_role:{'|'.join(roles)}")
    def predicate(user) -> bool:
        return bool(is_staff_account(user) and user_roles(user) & set(roles))

    return predicate


def has_role_for_unit(*roles: str):
    """The user holds one of `roles` in the unit given (or in a unit above it)."""

    @rules.predicate(name=f"has_role_for_unit:{'|'.join(roles)}")
    def predicate(user, unit) -> bool:
        if unit is None or not is_staff_account(user):
            return False
        return unit.pk in user_unit_scope(user, roles)

    return predicate


@rules.predicate
def unit_in_scope(user, unit) -> bool:
    """The unit is one where the user holds any role, or lies below one."""
    return unit is not None and is_staff_account(user) and unit.pk in user_unit_scope(user)


@rules.predicate
def counter_in_scope(user, counter) -> bool:
    return counter is not None and unit_in_scope(user, counter.unit)


@rules.predicate
def is_superuser(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_superuser)


is_administrator = has_role(Role.ADMINISTRATOR) | is_superuser
is_receiving_officer = has_role(Role.RECEIVING_OFFICER)
is_specialist = has_role(Role.SPECIALIST)
is_unit_leader = has_role(Role.UNIT_LEADER)
is_centre_director = has_role(Role.CENTRE_DIRECTOR)
directs_unit = has_role_for_unit(Role.CENTRE_DIRECTOR)
directs_counter_unit = rules.predicate(
    lambda user, counter: counter is not None and directs_unit(user, counter.unit),
    name="directs_counter_unit",
)
works_at_unit = has_role_for_unit(Role.RECEIVING_OFFICER)
works_at_counter = rules.predicate(
    lambda user, counter: counter is not None and counter.is_active and works_at_unit(user, counter.unit),
    name="works_at_counter",
)
