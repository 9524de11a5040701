"""Every write to the organisation goes through here: validated, permission-checked, one transaction.

`actor=SYSTEM` (`motcua.core.actors`) is the system itself (data loading, the demo); any other actor is checked
against its permissions (an anonymous user holds none). No actor is a programming error.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from motcua.core.actors import actor_required, is_system

from .models import Counter, Membership, OfficerCounter, Unit


def _require(actor, perm: str, obj=None) -> None:
    actor_required(actor)
    if not is_system(actor) and not actor.has_perm(perm, obj):
        raise PermissionDenied(perm)


@transaction.atomic
def unit_upsert(*, actor, code: str, **fields) -> Unit:
    """Create the unit with this agency code, or update it; validation errors name the field."""
    unit = Unit.objects.select_for_update().filter(code=code).first()
    _require(actor, "org.change_unit" if unit else "org.add_unit", unit)
    unit = unit or Unit(code=code)
    for name, value in fields.items():
        setattr(unit, name, value)
    unit.full_clean()
    unit.save()
    return unit


@transaction.atomic
def counter_create(*, actor, unit: Unit, number: int, name: str = "") -> Counter:
    _require(actor, "org.add_counter", unit)
    counter = Counter(unit=unit, number=number, name=name)
    counter.full_clean()
    counter.save()
    return counter


@transaction.atomic
def membership_grant(*, actor, user, unit: Unit, role: str) -> Membership:
    """Give `user` the role in `unit`; granting a role already held (even if revoked) re-activates it."""
    _require(actor, "org.add_membership", unit)
    membership = Membership.objects.filter(user=user, unit=unit, role=role).first()
    if membership is None:
        membership = Membership(user=user, unit=unit, role=role)
        membership.full_clean()
    membership.is_active = True
    membership.save()
    return membership


@transaction.atomic
def membership_revoke(*, actor, membership: Membership) -> Membership:
    _require(actor, "org.change_membership", membership.unit)
    membership.is_active = False
    membership.save(update_fields=["is_active", "updated_at"])
    return membership


@transaction.atomic
def officer_counter_remember(*, actor, counter: Counter) -> OfficerCounter | None:
    """Remember `counter` as the one where `actor`, a receiving officer, works: their next intake preselects it
    (`selectors.officer_counter`). The system works at no counter: nothing is remembered for it."""
    actor_required(actor)
    if is_system(actor):
        return None
    _require(actor, "org.work_at_counter", counter)
    # One upsert: two intakes of the same officer at once neither fail nor wait on each other here.
    (remembered,) = OfficerCounter.objects.bulk_create(
        [OfficerCounter(user=actor, counter=counter)],
        update_conflicts=True,
        unique_fields=["user"],
        update_fields=["counter", "updated_at"],
    )
    return remembered
