"""Small builders for tests: a province's centre with a branch, a department, a commune and staff."""

import itertools
from datetime import datetime
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model

from motcua.accounts.models import AccountKind, IdentitySource
from motcua.core.actors import SYSTEM
from motcua.geo.models import Commune, Province
from motcua.org import services
from motcua.org.models import DepartmentArea, Role, UnitKind

PASSWORD = "correct-horse-battery"
VERIFIED_AT = datetime(2026, 1, 5, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
_seq = itertools.count(1)


def make_user(*, kind=AccountKind.STAFF, username=None, full_name="Nguyễn Văn An", verified=True, **extra):
    """A user. A citizen's identity is verified (by an officer, with a citizen ID of its own unless one is given);
    `verified=False` makes an unverified citizen, whose citizen ID, if one is given, is only self-declared."""
    number = next(_seq)
    username = username or f"user{number}"
    if kind == AccountKind.CITIZEN and verified:
        extra.setdefault("citizen_id", f"0019{number:08d}")
        extra.setdefault("identity_verified_via", IdentitySource.OFFICER)
        extra.setdefault("identity_verified_at", VERIFIED_AT)
    user = get_user_model().objects.create_user(
        username=username, password=PASSWORD, kind=kind, full_name=full_name, **extra
    )
    return user


def make_org(province_code="01"):
    """A centre with two branches, a department, a commune committee, in one province."""
    province = Province.objects.get(code=province_code)
    communes = list(Commune.objects.filter(province=province).order_by("code")[:2])
    prefix = f"T{province_code}"
    city = services.unit_upsert(
        actor=SYSTEM,
        code=f"{prefix}.CITY",
        name="Ủy ban nhân dân thành phố",
        kind=UnitKind.PROVINCE_COMMITTEE,
        province=province,
    )
    centre = services.unit_upsert(
        actor=SYSTEM,
        code=f"{prefix}.CENTRE",
        name="Trung tâm Phục vụ hành chính công",
        kind=UnitKind.SERVICE_CENTRE,
        parent=city,
        province=province,
    )
    branch1 = services.unit_upsert(
        actor=SYSTEM,
        code=f"{prefix}.B1",
        name="Chi nhánh số 1",
        kind=UnitKind.BRANCH,
        parent=centre,
        province=province,
        commune=communes[0],
    )
    branch2 = services.unit_upsert(
        actor=SYSTEM,
        code=f"{prefix}.B2",
        name="Chi nhánh số 2",
        kind=UnitKind.BRANCH,
        parent=centre,
        province=province,
        commune=communes[1],
    )
    justice = services.unit_upsert(
        actor=SYSTEM,
        code=f"{prefix}.STP",
        name="Sở Tư pháp",
        kind=UnitKind.DEPARTMENT,
        department_area=DepartmentArea.JUSTICE,
        parent=city,
        province=province,
    )
    committee = services.unit_upsert(
        actor=SYSTEM,
        code=f"{prefix}.UBX",
        name=f"Ủy ban nhân dân {communes[0].name}",
        kind=UnitKind.COMMUNE_COMMITTEE,
        parent=city,
        province=province,
        commune=communes[0],
    )
    counter1 = services.counter_create(actor=SYSTEM, unit=branch1, number=1)
    counter2 = services.counter_create(actor=SYSTEM, unit=branch2, number=1)
    return {
        "province": province,
        "city": city,
        "centre": centre,
        "branch1": branch1,
        "branch2": branch2,
        "justice": justice,
        "committee": committee,
        "counter1": counter1,
        "counter2": counter2,
    }


def make_staff(role, unit, **kwargs):
    user = make_user(**kwargs)
    services.membership_grant(actor=SYSTEM, user=user, unit=unit, role=role)
    return user


def staff_by_role(org):
    """One user per role, placed where that role works."""
    return {
        Role.RECEIVING_OFFICER: make_staff(Role.RECEIVING_OFFICER, org["branch1"], username="officer"),
        Role.SPECIALIST: make_staff(Role.SPECIALIST, org["justice"], username="specialist"),
        Role.UNIT_LEADER: make_staff(Role.UNIT_LEADER, org["justice"], username="leader"),
        Role.CENTRE_DIRECTOR: make_staff(Role.CENTRE_DIRECTOR, org["centre"], username="director"),
        Role.ADMINISTRATOR: make_staff(Role.ADMINISTRATOR, org["centre"], username="admin"),
    }
