"""Enqueueing: once per event, in the event's transaction; the backfill for events from before the sync."""

import pytest
from django.core.management import call_command
from django.db import transaction

from motcua.core.actors import SYSTEM
from motcua.dossiers import services
from motcua.dossiers.models import DossierEvent
from motcua.integrations.models import PortalMessage
from motcua.integrations.outbox import portal_backfill, portal_enqueue
from tests.builders import a_dossier

from .flows import ended

pytestmark = pytest.mark.django_db


def test_enqueueing_an_event_twice_writes_one_message(world):
    d = a_dossier(world).build()
    event = d.events.get()
    first = PortalMessage.objects.get()
    assert portal_enqueue(event) is False
    assert PortalMessage.objects.get() == first and first.event == event and first.dossier == d


def test_events_that_do_not_change_the_status_are_not_queued(world):
    d = a_dossier(world).received().build()
    claim = services.dossier_claim(actor=world.officer_c, dossier=d).events.latest("seq")
    assert portal_enqueue(claim) is False
    assert PortalMessage.objects.count() == 2


def test_a_change_that_rolls_back_leaves_no_message(world):
    d = a_dossier(world).build()
    with pytest.raises(RuntimeError), transaction.atomic():
        services.dossier_receive(actor=SYSTEM, dossier=d)
        raise RuntimeError("the transaction fails after the event was written")
    assert PortalMessage.objects.count() == 1 and not DossierEvent.objects.filter(action="receive").exists()


def test_backfill_queues_what_is_missing_page_by_page(world):
    dossiers = [ended(world, "stop"), ended(world, "withdraw"), ended(world, "refuse_intake")]
    kept = PortalMessage.objects.get(dossier=dossiers[0], event__action="stop")
    PortalMessage.objects.exclude(pk=kept.pk).delete()  # as if these events happened before the sync
    assert portal_backfill(page=3) == 7
    assert PortalMessage.objects.count() == 8 == DossierEvent.objects.count()
    assert PortalMessage.objects.get(pk=kept.pk).idempotency_key == kept.idempotency_key  # untouched
    # The payload is the event's status with the dossier's facts.
    statuses = [m.payload["status"] for m in PortalMessage.objects.filter(dossier=dossiers[0]).order_by("event__seq")]
    assert statuses == [1, 2, 4, 8]
    assert portal_backfill() == 0  # nothing left


def test_backfill_command(world):
    ended(world, "withdraw")
    PortalMessage.objects.all().delete()
    from io import StringIO

    out = StringIO()
    call_command("portal", "backfill", "--page", "1", stdout=out)
    assert out.getvalue().strip() == "queued 2 messages" and PortalMessage.objects.count() == 2
    call_command("portal", "deliver", stdout=out)
    assert "disabled" in out.getvalue()


def test_backfill_is_paged_by_event_id(world, django_assert_max_num_queries):
    for _ in range(3):
        ended(world, "withdraw")
    PortalMessage.objects.all().delete()
    # Per page: the events, one insert and its savepoint (4); per dossier its facts once (6: fees, results);
    # and the last, empty page. Never a query per event.
    pages, dossiers = 3, 3
    with django_assert_max_num_queries(pages * 4 + dossiers * 6 + 1):
        assert portal_backfill(page=2) == 6
