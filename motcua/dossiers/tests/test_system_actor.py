"""The actor is explicit: a person (checked), `SYSTEM` (trusted where the system acts), never `None`."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.utils import translation

from motcua.catalog.services import catalog_export, catalog_import
from motcua.core.actors import SYSTEM, is_system
from motcua.dossiers import permissions, services
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.dossiers.services import ActionNotAllowed
from motcua.dossiers.states import State
from motcua.dossiers.transitions import TRANSITIONS
from motcua.feedback import services as feedback
from motcua.org import services as org
from motcua.org.models import Role, UnitKind
from motcua.payments import services as payments
from tests.builders import APPLICANT, a_dossier, pdf

pytestmark = pytest.mark.django_db


def calls(world, dossier):
    """Every service that takes an actor, each with `actor` to be filled in."""
    version = world.procedure.versions.get()
    branch, counter = world.org.branch1, world.org.counter1
    return {
        "dossier_create": lambda actor: services.dossier_create(
            actor=actor,
            procedure=world.procedure,
            channel="counter",
            receiving_unit=branch,
            counter=counter,
            commune=world.commune,
            applicant=dict(APPLICANT),
        ),
        "dossier_receive_at_counter": lambda actor: services.dossier_receive_at_counter(
            actor=actor,
            procedure=world.procedure,
            counter=counter,
            commune=world.commune,
            applicant=dict(APPLICANT),
            documents=[services.PresentedDocument(d.pk, originals=1) for d in version.documents.all()],
            outcome="receive",
        ),
        "dossier_receive": lambda actor: services.dossier_receive(actor=actor, dossier=dossier),
        "dossier_refuse_intake": lambda actor: services.dossier_refuse_intake(
            actor=actor, dossier=dossier, reasons=["x"]
        ),
        "attachment_add": lambda actor: services.attachment_add(actor=actor, dossier=dossier, uploaded=pdf()),
        "unit_upsert": lambda actor: org.unit_upsert(
            actor=actor,
            code="T01.B9",
            name="Chi nhánh số 9",
            kind=UnitKind.BRANCH,
            parent=world.org.centre,
            province=world.org.centre.province,
            commune=world.commune,
        ),
        "counter_create": lambda actor: org.counter_create(actor=actor, unit=branch, number=9),
        "membership_grant": lambda actor: org.membership_grant(
            actor=actor, user=world.spec_justice, unit=branch, role=Role.RECEIVING_OFFICER
        ),
        "catalog_import": lambda actor: catalog_import(catalog_export(), actor=actor),
    }


# What a person's check refused and `actor=None` used to let through: an anonymous user is refused everywhere.
CHECKED = [
    "dossier_create",
    "dossier_receive_at_counter",
    "dossier_receive",
    "dossier_refuse_intake",
    "attachment_add",
    "unit_upsert",
    "counter_create",
    "membership_grant",
    "catalog_import",
]


@pytest.mark.parametrize("name", CHECKED)
def test_no_actor_is_a_programming_error_and_writes_nothing(world, settings, tmp_path, name):
    settings.MEDIA_ROOT = tmp_path
    dossier = a_dossier(world, channel="counter").build()
    events = DossierEvent.objects.count()
    with pytest.raises(TypeError, match="actor is required"):
        calls(world, dossier)[name](None)
    assert Dossier.objects.count() == 1 and DossierEvent.objects.count() == events
    assert not [p for p in tmp_path.rglob("*") if p.is_file()]


@pytest.mark.parametrize("name", CHECKED)
def test_an_anonymous_user_is_refused_where_no_actor_skipped_the_check(world, settings, tmp_path, name):
    settings.MEDIA_ROOT = tmp_path
    dossier = a_dossier(world, channel="counter").build()
    with pytest.raises(PermissionDenied):
        calls(world, dossier)[name](AnonymousUser())
    assert Dossier.objects.count() == 1 and dossier.events.count() == 1


@pytest.mark.parametrize("name", CHECKED)
def test_the_system_loads_data_and_acts_without_a_persons_roles(world, settings, tmp_path, name):
    settings.MEDIA_ROOT = tmp_path
    dossier = a_dossier(world, channel="counter").build()
    calls(world, dossier)[name](SYSTEM)


def test_the_other_services_refuse_no_actor(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    dossier = services.dossier_forward(
        actor=SYSTEM, dossier=services.dossier_receive(actor=SYSTEM, dossier=a_dossier(world).build())
    )
    others = [
        lambda: services.dossier_forward(actor=None, dossier=dossier),
        lambda: services.dossier_claim(actor=None, dossier=dossier),
        lambda: services.result_attach(actor=None, dossier=dossier, uploaded=pdf()),
        lambda: services.dossiers_flag_overdue(actor=None),
        lambda: services.event_write(dossier, "flag_overdue", actor=None),
        lambda: org.membership_revoke(actor=None, membership=world.spec.memberships.get()),
        lambda: feedback.rating_submit(actor=None, dossier=dossier, scores={}, channel="online"),
        lambda: feedback.tablet_token_issue(actor=None, dossier=dossier),
        lambda: payments.payment_start_qr(actor=None, dossier=dossier),
        lambda: payments.payment_cash(actor=None, dossier=dossier, amount=1),
        lambda: payments.fee_exempt(actor=None, dossier=dossier, fee_code="x", reason="x"),
    ]
    for call in others:
        with pytest.raises(TypeError, match="actor is required"):
            call()


def test_the_worker_sweeps_as_the_system_and_its_events_name_no_person(world):
    dossier = services.dossier_receive(actor=world.officer_b1, dossier=a_dossier(world, channel="counter").build())
    later = dossier.due_at + timedelta(minutes=1)
    for person in (world.officer_b1, world.admin, AnonymousUser()):
        with pytest.raises(ValueError, match="system"):
            services.dossiers_flag_overdue(actor=person, now=later)
    assert services.dossiers_flag_overdue(actor=SYSTEM, now=later) == 1
    event = dossier.events.get(action="flag_overdue")
    assert event.actor is None
    with translation.override("vi"):
        assert str(SYSTEM) == "Hệ thống"


def test_the_system_does_not_claim_a_step(world):
    dossier = services.dossier_forward(
        actor=SYSTEM, dossier=services.dossier_receive(actor=SYSTEM, dossier=a_dossier(world).build())
    )
    with pytest.raises(ValueError, match="person"):
        services.dossier_claim(actor=SYSTEM, dossier=dossier)
    with pytest.raises(ActionNotAllowed):
        services.dossier_claim(actor=AnonymousUser(), dossier=dossier)
    services.dossier_claim(actor=world.spec, dossier=dossier)  # whoever works on the step


def test_the_system_rates_nothing_online_and_hands_out_no_tablet(world):
    dossier = a_dossier(world).build()
    with pytest.raises(PermissionDenied):
        feedback.rating_submit(actor=SYSTEM, dossier=dossier, scores={}, channel="online")
    with pytest.raises(PermissionDenied):
        feedback.tablet_token_issue(actor=SYSTEM, dossier=dossier)


@pytest.mark.parametrize("state", [State.SUBMITTED, State.IN_PROCESS])
def test_permission_helpers_do_not_take_the_system_for_a_person(world, state):
    dossier = a_dossier(world).build()
    if state == State.IN_PROCESS:
        dossier = services.dossier_forward(
            actor=SYSTEM, dossier=services.dossier_receive(actor=SYSTEM, dossier=dossier)
        )
    assert is_system(SYSTEM) and not is_system(AnonymousUser()) and not is_system(world.admin)
    assert not any(permissions.may(SYSTEM, dossier, t) for t in TRANSITIONS.values())
    assert permissions.available_actions(SYSTEM, dossier) == []
    for channel, unit in (("online", world.org.centre), ("counter", world.org.branch1)):
        assert not permissions.may_file(SYSTEM, channel, unit)
    assert not permissions.is_processing_staff(SYSTEM)
    assert not (permissions.at_desk(SYSTEM, dossier) or permissions.is_applicant(SYSTEM, dossier))
    assert not (permissions.reads(SYSTEM, dossier) or permissions.may_view(SYSTEM, dossier))
    assert not SYSTEM.has_perm("org.add_unit") and SYSTEM.pk is None and not SYSTEM.is_authenticated


def test_the_bank_callback_settles_as_the_system(world, monkeypatch):
    dossier = services.dossier_forward(
        actor=SYSTEM, dossier=services.dossier_receive(actor=SYSTEM, dossier=a_dossier(world).build())
    )
    dossier = services.dossier_request_payment(actor=world.spec, dossier=dossier, amount=8000)
    monkeypatch.setattr("motcua.payments.services.payment_required_ok", lambda d: True)
    settled = []
    real = services.dossier_mark_paid

    def mark_paid(**kwargs):
        settled.append(kwargs["actor"])
        return real(**kwargs)

    monkeypatch.setattr("motcua.payments.services.dossier_services.dossier_mark_paid", mark_paid)
    payment = payments.payment_start_qr(actor=world.applicant, dossier=dossier)
    payments.payment_confirm(provider=payment.provider, reference=payment.provider_reference, amount=payment.amount)
    assert settled == [SYSTEM]
    dossier.refresh_from_db()
    assert dossier.state == State.IN_PROCESS
    event = dossier.events.get(action="mark_paid")
    assert event.actor is None
