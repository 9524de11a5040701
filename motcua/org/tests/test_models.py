import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from motcua.core.actors import SYSTEM
from motcua.org import services
from motcua.org.models import Membership, Role, Unit, UnitKind, validate_office_hours
from tests.builders import a_citizen, a_user

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "hours",
    [
        [["08:00", "12:00"], ["13:00", "17:00"]],
        [["07:30", "11:30"]],
        [["08:00", "12:00"], ["12:00", "17:00"]],
    ],
)
def test_valid_office_hours(hours):
    validate_office_hours(hours)


@pytest.mark.parametrize(
    "hours",
    [
        [],
        "08:00-17:00",
        [["08:00"]],
        [["12:00", "08:00"]],
        [["08:00", "12:00"], ["11:00", "17:00"]],
        [["8:00", "12:00"]],
        [["08:00", "24:00"]],
    ],
)
def test_invalid_office_hours(hours):
    with pytest.raises(ValidationError):
        validate_office_hours(hours)


def test_unit_upsert_is_idempotent_and_folds_the_name(org):
    again = services.unit_upsert(
        actor=SYSTEM,
        code=org.justice.code,
        name="Sở Tư pháp",
        kind=UnitKind.DEPARTMENT,
        department_area="justice",
        parent=org.city,
        province=org.province,
    )
    assert again.pk == org.justice.pk
    assert again.name_folded == "so tu phap"
    assert Unit.objects.filter(code=org.justice.code).count() == 1


def test_unit_validation_names_the_field(org):
    with pytest.raises(ValidationError) as err:
        services.unit_upsert(
            actor=SYSTEM, code="X1", name="Sở không lĩnh vực", kind=UnitKind.DEPARTMENT, province=org.province
        )
    assert "department_area" in err.value.message_dict
    with pytest.raises(ValidationError) as err:
        services.unit_upsert(
            actor=SYSTEM,
            code="X2",
            name="Chi nhánh lạc",
            kind=UnitKind.BRANCH,
            parent=org.justice,
            province=org.province,
        )
    assert "parent" in err.value.message_dict
    with pytest.raises(ValidationError) as err:
        services.unit_upsert(
            actor=SYSTEM, code="X3", name="UBND", kind=UnitKind.COMMUNE_COMMITTEE, province=org.province
        )
    assert "commune" in err.value.message_dict
    assert not Unit.objects.filter(code__in=["X1", "X2", "X3"]).exists()


def test_commune_must_lie_in_the_province(org):
    from motcua.geo.models import Commune

    elsewhere = Commune.objects.filter(province="79").first()
    with pytest.raises(ValidationError) as err:
        services.unit_upsert(
            actor=SYSTEM,
            code="X4",
            name="UBND",
            kind=UnitKind.COMMUNE_COMMITTEE,
            province=org.province,
            commune=elsewhere,
        )
    assert "commune" in err.value.message_dict


def test_counters_only_at_receiving_units(org):
    with pytest.raises(ValidationError) as err:
        services.counter_create(actor=SYSTEM, unit=org.justice, number=1)
    assert "unit" in err.value.message_dict
    with pytest.raises(ValidationError):
        services.counter_create(actor=SYSTEM, unit=org.branch1, number=1)  # number taken


def test_membership_rules(org):
    citizen = a_citizen()
    with pytest.raises(ValidationError):
        services.membership_grant(actor=SYSTEM, user=citizen, unit=org.branch1, role=Role.RECEIVING_OFFICER)
    officer = a_user()
    with pytest.raises(ValidationError):
        services.membership_grant(actor=SYSTEM, user=officer, unit=org.justice, role=Role.RECEIVING_OFFICER)
    with pytest.raises(ValidationError):
        services.membership_grant(actor=SYSTEM, user=officer, unit=org.branch1, role=Role.CENTRE_DIRECTOR)
    membership = services.membership_grant(actor=SYSTEM, user=officer, unit=org.branch1, role=Role.RECEIVING_OFFICER)
    services.membership_revoke(actor=SYSTEM, membership=membership)
    assert not Membership.objects.get(pk=membership.pk).is_active
    again = services.membership_grant(actor=SYSTEM, user=officer, unit=org.branch1, role=Role.RECEIVING_OFFICER)
    assert again.pk == membership.pk and again.is_active


def test_services_check_the_actor(org, staff):
    officer, admin = staff.officer, staff.admin
    newcomer = a_user()
    with pytest.raises(PermissionDenied):
        services.membership_grant(actor=officer, user=newcomer, unit=org.branch1, role=Role.RECEIVING_OFFICER)
    with pytest.raises(PermissionDenied):
        services.counter_create(actor=officer, unit=org.branch1, number=9)
    services.membership_grant(actor=admin, user=newcomer, unit=org.branch1, role=Role.RECEIVING_OFFICER)
    services.counter_create(actor=staff.director, unit=org.branch2, number=9)
