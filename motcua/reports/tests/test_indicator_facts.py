"""The facts behind the indicators reach the roll-up from the real flows, and the rebuild finds them again."""

from datetime import timedelta

import pytest
from django.utils import timezone

from motcua.core.actors import SYSTEM
from motcua.datastore.services import document_upload
from motcua.dossiers import services
from motcua.dossiers.services import attachment_add, attachment_reuse
from motcua.feedback.services import rating_submit
from motcua.integrations.sync import portal_deliver
from motcua.integrations.tests.conftest import portal  # noqa: F401  (a fixture)
from motcua.payments import services as payments
from motcua.payments.callbacks import demo_bank_pay
from motcua.payments.tests.conftest import TEST_PAYMENT
from motcua.reports.models import COUNTERS, DailyStat
from motcua.reports.rollups import rollups_rebuild
from motcua.reports.selectors import drilldown
from tests.builders import APPLICANT, a_dossier, pdf

# The drill-downs read today's facts.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("working_morning")]


def _sum(name: str, **where) -> int:
    return sum(DailyStat.objects.filter(**where).values_list(name, flat=True))


def _drilled(metric: str) -> set[str]:
    today = timezone.localdate()
    return {d.code for d in drilldown(metric=metric, by="receiving", key=None, start=today, end=today)}


def _snapshot():
    return sorted(DailyStat.objects.values_list("day", "receiving_unit", "handling_unit", "channel", *COUNTERS))


def test_scans_and_reuse_are_counted_on_receipt(world):
    world.applicant.citizen_id = APPLICANT["citizen_id"]  # the store is keyed by the citizen ID
    world.applicant.save(update_fields=["citizen_id"])
    scanned = a_dossier(world, channel="counter").build()
    attachment_add(actor=world.officer_b1, dossier=scanned, uploaded=pdf())
    services.dossier_receive(actor=world.officer_b1, dossier=scanned)
    a_dossier(world, channel="counter").received().build()  # paper only
    stored = document_upload(actor=world.applicant, uploaded=pdf(), title="Giấy chứng sinh")
    reusing = a_dossier(world).build()
    attachment_reuse(actor=world.applicant, stored=stored, dossier=reusing)
    services.dossier_receive(actor=SYSTEM, dossier=reusing)
    fresh = a_dossier(world).build()
    attachment_reuse(actor=world.applicant, stored=stored, dossier=fresh, fresh=True)
    services.dossier_receive(actor=SYSTEM, dossier=fresh)
    assert (_sum("received"), _sum("digitised"), _sum("reused")) == (4, 3, 1)
    assert _drilled("digitised") == {scanned.code, reusing.code, fresh.code}
    before = _snapshot()
    rollups_rebuild()
    assert _snapshot() == before


def test_online_payments_results_returns_and_ratings(world, settings):
    settings.MOTCUA_PAYMENT = dict(TEST_PAYMENT)
    dossier = a_dossier(world).in_process().build()
    dossier = services.dossier_request_payment(actor=SYSTEM, dossier=dossier, amount=50000, note="Phí xác minh")
    assert demo_bank_pay(payments.payment_start_qr(actor=world.applicant, dossier=dossier)).status == 200
    cash = a_dossier(world, channel="counter").in_process().build()
    cash = services.dossier_request_payment(actor=SYSTEM, dossier=cash, amount=20000, note="Phí xác minh")
    payments.payment_cash(actor=world.officer_b1, dossier=cash, amount=28000)
    assert (_sum("paid"), _sum("paid_online")) == (2, 1)
    assert _drilled("paid_online") == {dossier.code}

    done = a_dossier(world).returned().build()
    rating_submit(
        actor=world.applicant,
        dossier=done,
        scores={f"criterion_{i}": 2 for i in range(1, 9)} | {"criterion_9": 1},
        channel="online",
    )
    assert (_sum("issued"), _sum("results_to_store"), _sum("returned"), _sum("returned_online")) == (1, 1, 1, 0)
    assert (_sum("rated"), _sum("rated_satisfied"), _sum("rating_points")) == (1, 1, 17)
    assert _drilled("rated") == {done.code}
    before = _snapshot()
    rollups_rebuild()
    assert _snapshot() == before


def test_a_reception_counts_as_synced_once_the_portal_confirms(world, portal):  # noqa: F811
    portal.behaviour = lambda arrival: "fail" if len(portal.arrivals) % 2 else "ok"  # every other one fails
    dossier = a_dossier(world).received().build()
    assert _sum("synced") == 0
    moment = timezone.now()
    for _ in range(6):
        portal_deliver(now=moment)
        moment += timedelta(minutes=30)
    assert dossier.portal_messages.filter(status="sent").count() == 2  # submit and receive
    assert _sum("synced") == 1
    before = _snapshot()
    rollups_rebuild()
    assert _snapshot() == before
