"""Every role against every action: who may, and who may not."""

import pytest
from django.contrib.auth.models import AnonymousUser

from motcua.core.actors import SYSTEM
from motcua.org.models import Role
from tests.builders import a_citizen, an_agent

pytestmark = pytest.mark.django_db

OFFICER, SPECIALIST, LEADER, DIRECTOR, ADMIN = (
    Role.RECEIVING_OFFICER,
    Role.SPECIALIST,
    Role.UNIT_LEADER,
    Role.CENTRE_DIRECTOR,
    Role.ADMINISTRATOR,
)

# (permission, object key in the org fixture or None) → roles allowed; everyone else is denied.
MATRIX = [
    ("core.use_admin", None, {ADMIN}),
    ("org.view_unit", "branch1", {OFFICER, DIRECTOR, ADMIN}),
    ("org.view_unit", "branch2", {DIRECTOR, ADMIN}),
    ("org.view_unit", "justice", {SPECIALIST, LEADER, ADMIN}),
    ("org.add_unit", None, {ADMIN}),
    ("org.change_unit", "branch1", {ADMIN}),
    ("org.delete_unit", "branch1", {ADMIN}),
    ("org.view_counter", "counter1", {OFFICER, DIRECTOR, ADMIN}),
    ("org.view_counter", "counter2", {DIRECTOR, ADMIN}),
    ("org.add_counter", "branch2", {DIRECTOR, ADMIN}),
    ("org.change_counter", "counter1", {DIRECTOR, ADMIN}),
    ("org.delete_counter", "counter1", {ADMIN}),
    ("org.view_membership", "branch1", {DIRECTOR, ADMIN}),
    ("org.add_membership", "branch1", {ADMIN}),
    ("org.change_membership", "branch1", {ADMIN}),
    ("org.delete_membership", "branch1", {ADMIN}),
    ("accounts.view_user", None, {ADMIN}),
    ("accounts.add_user", None, {ADMIN}),
    ("accounts.change_user", None, {ADMIN}),
    ("geo.view_commune", None, {ADMIN}),
    ("geo.add_divisionchange", None, {ADMIN}),
]


@pytest.mark.parametrize(("perm", "obj_key", "allowed"), MATRIX, ids=[f"{p}:{o}" for p, o, _ in MATRIX])
def test_role_matrix(org, staff, perm, obj_key, allowed):
    obj = getattr(org, obj_key) if obj_key else None
    results = {role: user.has_perm(perm, obj) for role, user in staff.by_role().items()}
    assert results == {role: role in allowed for role in staff}


@pytest.mark.parametrize(("perm", "obj_key", "allowed"), MATRIX, ids=[f"{p}:{o}" for p, o, _ in MATRIX])
def test_citizens_agents_and_anonymous_are_denied(org, perm, obj_key, allowed):
    obj = getattr(org, obj_key) if obj_key else None
    for user in (a_citizen(), an_agent(), AnonymousUser()):
        assert not user.has_perm(perm, obj)


def test_deactivated_accounts_and_revoked_roles_lose_their_rights(org, staff):
    from motcua.org import services

    admin = staff.admin
    admin.is_active = False
    admin.save()
    assert not admin.has_perm("core.use_admin")

    director = staff.director
    services.membership_revoke(actor=SYSTEM, membership=director.memberships.get())
    director.refresh_from_db()  # a new request sees the change
    assert not director.has_perm("org.view_unit", org.branch1)


def test_unknown_permissions_are_denied(staff):
    assert not staff.admin.has_perm("dossiers.delete_everything")


def test_scope_is_computed_once_per_request(org, staff, django_assert_max_num_queries):
    director = staff.director
    with django_assert_max_num_queries(4):
        for _ in range(10):
            director.has_perm("org.view_unit", org.branch1)
            director.has_perm("org.view_counter", org.counter2)
