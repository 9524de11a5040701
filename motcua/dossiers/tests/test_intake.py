import re
from datetime import date
from unittest import mock

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from motcua.accounts.models import AgentOrganisation
from motcua.catalog.models import Procedure
from motcua.core.actors import SYSTEM
from motcua.dossiers import services
from motcua.dossiers.models import DailySequence, Dossier, DossierEvent
from motcua.dossiers.states import State
from motcua.notifications.models import Channel, OutboxMessage
from motcua.org import services as org_services
from motcua.org.models import DepartmentArea, UnitKind
from tests.builders import APPLICANT, BIRTH_FORM, a_citizen, a_dossier

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(module_world, db):
    """The world is only read here: built once for the module (see the root conftest)."""
    return module_world


CODE = re.compile(r"^(?P<agency>.+)-(?P<day>[0-9]{6})-(?P<seq>[0-9]{4,})$")


def test_counter_intake_records_everything(world):
    with time_machine.travel(timezone.now(), tick=False):  # no midnight between the filing and "today"
        dossier = a_dossier(world, channel="counter").build()
        today = timezone.localdate()
    match = CODE.match(dossier.code)
    assert match and match["agency"] == world.org.branch1.code
    assert match["day"] == today.strftime("%y%m%d") and match["seq"] == "0001"
    assert dossier.state == State.SUBMITTED
    assert dossier.version == world.procedure.versions.get()
    assert dossier.receiving_unit == world.org.branch1 and dossier.counter == world.org.counter1
    # routed by competent authority (the committee of the commune concerned), not by the receiving branch
    assert dossier.handling_unit == world.org.committee
    assert dossier.applicant_name_folded == "nguyen van an"
    assert dossier.documents.count() == world.procedure.versions.get().documents.count()
    assert dossier.documents.filter(presented=True).count() == dossier.version.documents.filter(mandatory=True).count()
    assert [e.action for e in dossier.events.all()] == ["submit"]


def test_codes_count_per_agency_and_day(world):
    first, second = a_dossier(world, channel="counter").build(), a_dossier(world, channel="counter").build()
    online = a_dossier(world).build()
    assert first.code.endswith("-0001") and second.code.endswith("-0002")
    assert online.code.startswith(world.org.centre.code) and online.code.endswith("-0001")


@settings(max_examples=30, deadline=None)
@given(
    agency=st.from_regex(r"[0-9A-Z]{3}\.[0-9]{2}\.[0-9]{2}\.H[0-9]{2}", fullmatch=True),
    day=st.dates(min_value=date(2025, 1, 1), max_value=date(2099, 12, 31)),
    count=st.integers(1, 25),
)
def test_codes_are_unique_sequential_and_parse_back(agency, day, count):
    from django.db import transaction

    with transaction.atomic():
        codes = [services.next_dossier_code(agency, day) for _ in range(count)]
        transaction.set_rollback(True)
    assert len(set(codes)) == count
    for n, code in enumerate(codes, start=1):
        match = CODE.match(code)
        assert match["agency"] == agency and match["day"] == day.strftime("%y%m%d") and int(match["seq"]) == n


def test_sequence_goes_past_four_digits(world):
    DailySequence.objects.create(agency_code="X", day=date(2026, 3, 2), last=9999)
    assert services.next_dossier_code("X", date(2026, 3, 2)) == "X-260302-10000"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"citizen_id": "12345"}, "citizen_id"),
        ({"applicant_name": "  "}, "applicant_name"),
        ({"email": "not-an-email"}, "email"),
        ({"phone": "12"}, "phone"),
        ({"phone": "", "email": ""}, "phone"),
        ({"date_of_birth": "2090-01-01"}, "date_of_birth"),
        ({"date_of_birth": "02/03/1988"}, "date_of_birth"),
        ({"applicant_kind": "organisation", "tax_code": "12"}, "tax_code"),
        ({"applicant_kind": "organisation", "tax_code": "0101234567"}, "representative"),
    ],
)
def test_bad_applicant_data_names_the_field_and_writes_nothing(world, change, field):
    with pytest.raises(ValidationError) as err:
        services.dossier_create(
            actor=world.officer_b1,
            procedure=world.procedure,
            channel="counter",
            receiving_unit=world.org.branch1,
            commune=world.commune,
            applicant={**APPLICANT, **change},
        )
    assert field in err.value.message_dict
    assert not Dossier.objects.exists() and not DailySequence.objects.exists() and not DossierEvent.objects.exists()


def test_organisations_file_with_tax_code_and_representative(world):
    dossier = services.dossier_create(
        actor=world.officer_b1,
        procedure=world.procedure,
        channel="counter",
        receiving_unit=world.org.branch1,
        commune=world.commune,
        applicant={
            "applicant_kind": "organisation",
            "applicant_name": "Công ty TNHH Sông Hồng",
            "tax_code": "0101234567",
            "representative": "Trần Văn Hải",
            "phone": "02438251234",
        },
    )
    assert dossier.tax_code == "0101234567" and dossier.citizen_id == ""


def test_online_eform_is_validated_field_by_field(world):
    with pytest.raises(ValidationError) as err:
        a_dossier(
            world, form_data={**BIRTH_FORM, "gioi_tinh": "X", "ngay_sinh": "not a date", "ho_ten_me": None}
        ).build()
    fields = err.value.message_dict
    assert {"form.gioi_tinh", "form.ngay_sinh", "form.ho_ten_me"} <= set(fields)
    with pytest.raises(ValidationError) as err:
        a_dossier(world, form_data={k: v for k, v in BIRTH_FORM.items() if k != "dan_toc"}).build()
    assert "form.dan_toc" in err.value.message_dict
    assert not Dossier.objects.exists()


def test_the_applicant_hears_of_the_receipt_not_of_their_own_filing(world, working_morning):
    dossier = a_dossier(world).build()
    assert not OutboxMessage.objects.filter(dossier=dossier).exists()  # they watched it happen on screen
    services.dossier_receive(actor=world.officer_c, dossier=dossier)
    messages = OutboxMessage.objects.filter(dossier=dossier)  # in the receipt's transaction
    assert {m.channel for m in messages} == {Channel.EMAIL, Channel.SMS}
    assert all(dossier.code in m.subject for m in messages)


def test_who_may_file(world):
    with pytest.raises(PermissionDenied):
        a_dossier(world, channel="counter", desk=world.spec).build()  # not a receiving officer
    with pytest.raises(PermissionDenied):
        services.dossier_create(
            actor=world.officer_b2,
            procedure=world.procedure,
            channel="counter",
            receiving_unit=world.org.branch1,
            commune=world.commune,
            applicant=dict(APPLICANT),
        )  # another branch's counter
    with pytest.raises(PermissionDenied):
        services.dossier_create(
            actor=world.officer_b1,
            procedure=world.procedure,
            channel="online",
            receiving_unit=world.org.centre,
            commune=world.commune,
            applicant=dict(APPLICANT),
            form_data=dict(BIRTH_FORM),
        )


def test_online_filing_needs_a_verified_citizen_in_their_own_name_or_an_active_agent(world):
    def online(actor, **applicant):
        return services.dossier_create(
            actor=actor,
            procedure=world.procedure,
            channel="online",
            receiving_unit=world.org.centre,
            commune=world.commune,
            applicant={**APPLICANT, **applicant},
            form_data=dict(BIRTH_FORM),
        )

    unverified = a_citizen(verified=False, citizen_id="001190098765")
    with pytest.raises(PermissionDenied):
        online(unverified, citizen_id="001190098765")  # a self-declared ID is no identity
    with pytest.raises(PermissionDenied):
        online(world.other_citizen)  # a verified citizen, but in someone else's name
    agent = world.agent
    with pytest.raises(PermissionDenied):
        online(agent)  # no agent organisation
    agent.agent_organisation = AgentOrganisation.objects.create(name="Đại lý", tax_code="0109999001", is_active=False)
    with pytest.raises(PermissionDenied):
        online(agent)  # an inactive one
    assert not Dossier.objects.exists()
    assert online(world.applicant).citizen_id == APPLICANT["citizen_id"]


def test_channel_and_version_rules(world):
    offline_only = Procedure.objects.filter(online_level="none").first()
    with pytest.raises(ValidationError) as err:
        services.dossier_create(
            actor=world.applicant,
            procedure=offline_only,
            channel="online",
            receiving_unit=world.org.centre,
            commune=world.commune,
            applicant=dict(APPLICANT),
        )
    assert "channel" in err.value.message_dict
    long_ago = timezone.now().replace(year=2020)
    with mock.patch("django.utils.timezone.now", return_value=long_ago), pytest.raises(ValidationError) as err:
        a_dossier(world, channel="counter").build()
    assert "procedure" in err.value.message_dict


def test_province_level_dossiers_go_to_the_department_or_the_dispatch_queue(world):
    procedure = Procedure.objects.filter(
        level="province", competent_agency="department", department_area=DepartmentArea.HOME_AFFAIRS
    ).first()
    org = world.org
    filed = services.dossier_create(
        actor=world.officer_b1,
        procedure=procedure,
        channel="counter",
        receiving_unit=org.branch1,
        commune=world.commune,
        applicant=dict(APPLICANT),
    )
    assert filed.handling_unit is None  # no Department of Home Affairs set up: the centre dispatches it
    home_affairs = org_services.unit_upsert(
        actor=SYSTEM,
        code="T01.SNV",
        name="Sở Nội vụ",
        kind=UnitKind.DEPARTMENT,
        department_area=DepartmentArea.HOME_AFFAIRS,
        parent=org.city,
        province=org.province,
    )
    director = type(world.director).objects.get(pk=world.director.pk)
    dispatched = services.dossier_dispatch(actor=director, dossier=filed, unit=home_affairs)
    assert dispatched.handling_unit == home_affairs
    routed = services.dossier_create(
        actor=world.officer_b1,
        procedure=procedure,
        channel="counter",
        receiving_unit=org.branch1,
        commune=world.commune,
        applicant=dict(APPLICANT),
    )
    assert routed.handling_unit == home_affairs
    with pytest.raises(ValidationError):
        services.dossier_dispatch(actor=director, dossier=routed, unit=org.committee)  # not competent
