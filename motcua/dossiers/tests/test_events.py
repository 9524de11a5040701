"""The dossier event's subscribers: registered by the apps above dossiers, called in the event's transaction."""

import pytest

from motcua.core.actors import SYSTEM
from motcua.core.subscribers import Subscribers
from motcua.dossiers import events, services
from motcua.dossiers.models import DossierEvent
from motcua.feedback import events as feedback_events
from motcua.integrations import events as integration_events
from motcua.integrations.models import PortalMessage
from motcua.integrations.outbox import portal_enqueue_new
from motcua.payments.services import payment_mark_paid
from motcua.reports.models import DailyStat
from motcua.reports.rollups import rollup_apply, rollup_rating, rollup_synced
from tests.builders import a_dossier


def test_the_apps_above_subscribe_in_their_ready_in_installed_apps_order():
    assert events.written.functions == (rollup_apply, portal_enqueue_new)
    assert feedback_events.rating_recorded.functions == (rollup_rating,)
    assert integration_events.portal_confirmed.functions == (rollup_synced,)
    assert services.ACTIONS["mark_paid"] is payment_mark_paid  # payments provides the action whose rule it owns


def test_subscribers_run_once_each_in_the_order_they_subscribed():
    heard = []

    def first(subject):
        heard.append(("first", subject))

    def second(subject):
        heard.append(("second", subject))

    subscribers = Subscribers("test")
    subscribers.subscribe(first)
    subscribers.subscribe(second)
    subscribers.subscribe(first)  # again: nothing changes
    subscribers.publish(1)
    assert heard == [("first", 1), ("second", 1)]
    subscribers.unsubscribe(first)
    assert subscribers.functions == (second,)


@pytest.mark.django_db
def test_a_failing_subscriber_takes_the_event_and_the_other_effects_with_it(world):
    dossier = a_dossier(world).build()
    written = DossierEvent.objects.count(), PortalMessage.objects.count(), DailyStat.objects.count()

    def refuse(event):
        raise RuntimeError("subscriber failed")

    events.subscribe(refuse)
    try:
        with pytest.raises(RuntimeError):
            services.dossier_receive(actor=SYSTEM, dossier=dossier)
    finally:
        events.unsubscribe(refuse)
    dossier.refresh_from_db()
    assert dossier.state == "submitted"
    assert (DossierEvent.objects.count(), PortalMessage.objects.count(), DailyStat.objects.count()) == written
