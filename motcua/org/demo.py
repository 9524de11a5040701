"""Demo organisation for Hà Nội: the city's service centre and its 12 branches, departments, and a
People's Committee, police and service centre for each of the city's 126 communes and wards.

Names of departments and communes are the real ones (two-tier model, since 1 July 2025). Agency
codes follow the shape of the national agency code list (Hà Nội = H26) but are demo values, and
branch addresses name only the ward: none of this is an official register.
"""

from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from motcua.accounts.models import AccountKind, AgentOrganisation, IdentitySource
from motcua.core.actors import SYSTEM
from motcua.geo.models import Commune, Province
from motcua.geo.services import divisions_sync

from . import services
from .models import Counter, DepartmentArea, Role, Unit, UnitKind

PROVINCE = "01"
# The centre's hotline and the branches' phones are demo numbers, like the codes.
DEMO_HOTLINE = "024 3700 1000"
DEMO_PASSWORD = "motcua-demo"  # noqa: S105 - printed to the demo's user on purpose

DEPARTMENTS = [
    ("01", "Sở Nội vụ", DepartmentArea.HOME_AFFAIRS),
    ("02", "Sở Tư pháp", DepartmentArea.JUSTICE),
    ("03", "Sở Tài chính", DepartmentArea.FINANCE),
    ("04", "Sở Xây dựng", DepartmentArea.CONSTRUCTION),
    ("05", "Sở Nông nghiệp và Môi trường", DepartmentArea.AGRICULTURE_ENVIRONMENT),
    ("06", "Sở Công Thương", DepartmentArea.INDUSTRY_TRADE),
    ("07", "Sở Y tế", DepartmentArea.HEALTH),
    ("08", "Sở Giáo dục và Đào tạo", DepartmentArea.EDUCATION),
    ("09", "Sở Văn hóa và Thể thao", DepartmentArea.CULTURE_SPORTS),
    ("10", "Sở Du lịch", DepartmentArea.TOURISM),
    ("11", "Sở Khoa học và Công nghệ", DepartmentArea.SCIENCE_TECHNOLOGY),
    ("12", "Sở Dân tộc và Tôn giáo", DepartmentArea.ETHNIC_RELIGIOUS),
    ("13", "Sở Quy hoạch - Kiến trúc", DepartmentArea.PLANNING_ARCHITECTURE),
    ("14", "Công an thành phố Hà Nội", DepartmentArea.PUBLIC_SECURITY),
]

# Branch number → ward it stands in, with approximate coordinates of that ward.
BRANCHES = [
    (1, "Phường Ba Đình", "21.035800", "105.834000"),
    (2, "Phường Cầu Giấy", "21.032900", "105.795000"),
    (3, "Phường Hà Đông", "20.971400", "105.778800"),
    (4, "Phường Long Biên", "21.046900", "105.888900"),
    (5, "Phường Hoàng Mai", "20.981000", "105.864000"),
    (6, "Xã Đông Anh", "21.137600", "105.848000"),
    (7, "Xã Sóc Sơn", "21.256600", "105.848800"),
    (8, "Phường Sơn Tây", "21.138300", "105.505100"),
    (9, "Xã Thường Tín", "20.871400", "105.860800"),
    (10, "Xã Mê Linh", "21.184000", "105.713400"),
    (11, "Phường Chương Mỹ", "20.921300", "105.704600"),
    (12, "Xã Ứng Hòa", "20.726000", "105.770000"),
]

DEMO_USERS = [
    ("admin", "Đỗ Quang Huy", AccountKind.STAFF, Role.ADMINISTRATOR, "centre"),
    ("director", "Phạm Thu Hà", AccountKind.STAFF, Role.CENTRE_DIRECTOR, "centre"),
    ("officer", "Nguyễn Thị Lan", AccountKind.STAFF, Role.RECEIVING_OFFICER, "branch1"),
    ("specialist", "Trần Văn Minh", AccountKind.STAFF, Role.SPECIALIST, "hoan_kiem"),
    ("leader", "Lê Hoàng Nam", AccountKind.STAFF, Role.UNIT_LEADER, "hoan_kiem"),
    ("citizen", "Vũ Thị Mai", AccountKind.CITIZEN, None, None),
    ("agent", "Hoàng Anh Tuấn", AccountKind.AGENT, None, None),
]


def _committee_name(commune: Commune) -> str:
    kind, _, rest = commune.name.partition(" ")
    return f"Ủy ban nhân dân {kind.lower()} {rest}"


def _local_name(prefix: str, commune: Commune) -> str:
    kind, _, rest = commune.name.partition(" ")
    return f"{prefix} {kind.lower()} {rest}"


@transaction.atomic
def load_demo() -> dict:
    """Create or refresh the demo organisation and users; safe to run again."""
    divisions_sync()
    province = Province.objects.get(code=PROVINCE)
    communes = {c.name: c for c in Commune.objects.filter(province=province)}
    hours = [["08:00", "12:00"], ["13:00", "17:00"]]
    common = {"province": province, "office_hours": hours, "is_active": True}

    city = services.unit_upsert(
        actor=SYSTEM,
        code="000.00.00.H26",
        name="Ủy ban nhân dân thành phố Hà Nội",
        kind=UnitKind.PROVINCE_COMMITTEE,
        commune=communes["Phường Hoàn Kiếm"],
        address="79 Đinh Tiên Hoàng, phường Hoàn Kiếm, thành phố Hà Nội",
        latitude=Decimal("21.029700"),
        longitude=Decimal("105.852700"),
        **common,
    )
    centre = services.unit_upsert(
        actor=SYSTEM,
        code="000.00.40.H26",
        name="Trung tâm Phục vụ hành chính công thành phố Hà Nội",
        short_name="Trung tâm PVHCC Hà Nội",
        kind=UnitKind.SERVICE_CENTRE,
        parent=city,
        commune=communes["Phường Tây Hồ"],
        address="197 Nghi Tàm, phường Tây Hồ (trước đây phường Yên Phụ, quận Tây Hồ), thành phố Hà Nội",
        latitude=Decimal("21.059800"),
        longitude=Decimal("105.836500"),
        phone=DEMO_HOTLINE,
        **common,
    )
    units = {"city": city, "centre": centre}
    for number, ward, lat, lon in BRANCHES:
        units[f"branch{number}"] = services.unit_upsert(
            actor=SYSTEM,
            code=f"{number:03d}.00.40.H26",
            name=f"Chi nhánh số {number} - Trung tâm Phục vụ hành chính công thành phố Hà Nội",
            short_name=f"Chi nhánh số {number}",
            kind=UnitKind.BRANCH,
            parent=centre,
            commune=communes[ward],
            address=f"{ward}, thành phố Hà Nội",
            latitude=Decimal(lat),
            longitude=Decimal(lon),
            phone=f"024 3700 {1000 + number * 10}",
            **common,
        )
    for number, name, area in DEPARTMENTS:
        units[area.value] = services.unit_upsert(
            actor=SYSTEM,
            code=f"000.00.{number}.H26",
            name=f"{name} thành phố Hà Nội" if name.startswith("Sở") else name,
            kind=UnitKind.DEPARTMENT,
            department_area=area,
            parent=city,
            **common,
        )
    for commune in communes.values():
        committee = units[f"committee:{commune.code}"] = services.unit_upsert(
            actor=SYSTEM,
            code=f"H26.{commune.code}",
            name=_committee_name(commune),
            kind=UnitKind.COMMUNE_COMMITTEE,
            parent=city,
            commune=commune,
            **common,
        )
        services.unit_upsert(
            actor=SYSTEM,
            code=f"H26.{commune.code}.CA",
            name=_local_name("Công an", commune),
            kind=UnitKind.COMMUNE_POLICE,
            parent=units[DepartmentArea.PUBLIC_SECURITY.value],
            commune=commune,
            **common,
        )
        services.unit_upsert(
            actor=SYSTEM,
            code=f"H26.{commune.code}.TT",
            name=_local_name("Trung tâm Phục vụ hành chính công", commune),
            kind=UnitKind.SERVICE_POINT,
            parent=committee,
            commune=commune,
            **common,
        )

    units["hoan_kiem"] = units["committee:00070"]
    existing = set(Counter.objects.filter(unit__province=province).values_list("unit_id", "number"))
    for key, unit in units.items():
        if unit.kind in (UnitKind.SERVICE_CENTRE, UnitKind.BRANCH):
            for number in range(1, (10 if key == "centre" else 6) + 1):
                if (unit.pk, number) not in existing:
                    services.counter_create(actor=SYSTEM, unit=unit, number=number, name=f"Quầy số {number}")

    agency = AgentOrganisation.objects.get_or_create(
        tax_code="0109999001",
        defaults={
            "name": "Công ty TNHH Dịch vụ công trực tuyến Thăng Long (demo)",
            "address": "Phường Cầu Giấy, Hà Nội",
            "phone": "02437001234",
        },
    )[0]
    profiles = {
        "citizen": {"citizen_id": "001185012345", "phone": "0912000111", "email": "mai.vu@example.vn"},
        "agent": {"phone": "0912000222", "email": "tuan.hoang@example.vn", "agent_organisation": agency},
    }
    users = []
    user_model = get_user_model()
    for username, full_name, kind, role, unit_key in DEMO_USERS:
        user, created = user_model.objects.get_or_create(
            username=username, defaults={"full_name": full_name, "kind": kind}
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            for field, value in profiles.get(username, {}).items():
                setattr(user, field, value)
        # The demo password is public: outside demo mode it must be changed at the first login (see
        # motcua.accounts.middleware), including on accounts seeded before this mark existed.
        if created or (not user.must_change_password and user.check_password(DEMO_PASSWORD)):
            user.must_change_password = True
            user.save()
        if kind == AccountKind.CITIZEN and user.citizen_id and not user.identity_verified_via:
            # The demo citizen's ID card was "checked at a counter" (demo): verified by an officer.
            user.identity_verified_via, user.identity_verified_at = IdentitySource.OFFICER, timezone.now()
            user.save(update_fields=["identity_verified_via", "identity_verified_at"])
        if role:
            services.membership_grant(actor=SYSTEM, user=user, unit=units[unit_key], role=role)
        users.append((username, f"{Role(role).label if role else AccountKind(kind).label}"))

    return {
        "units": Unit.objects.filter(province=province).count(),
        "counters": Counter.objects.filter(unit__province=province).count(),
        "users": [(u, str(label)) for u, label in users],
    }
