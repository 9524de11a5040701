"""Delivery against a real HTTP receiver on loopback: failures, timeouts, dedup, order, dead letters."""

from datetime import timedelta

import pytest
from django.db.models import F, Q
from django.utils import timezone

from motcua.dossiers.models import DossierEvent
from motcua.integrations import sync
from motcua.integrations.models import MessageStatus, PortalFailure, PortalMessage
from motcua.integrations.outbox import portal_retry_dead
from tests.builders import a_dossier

from .flows import ended, full_life, late_and_apologised

pytestmark = pytest.mark.django_db
LATER = timedelta(hours=2)  # more than the longest backoff (1 hour + jitter)


def drain(now=None, rounds=100) -> list[dict]:
    """Run delivery rounds, moving the clock past every backoff, until nothing is pending."""
    now = now or timezone.now()
    results = []
    for _ in range(rounds):
        if not PortalMessage.objects.filter(status=MessageStatus.PENDING).exists():
            return results
        results.append(sync.portal_deliver(now=now))
        now += LATER
    raise AssertionError("messages still pending")


def flaky(arrival):
    """Every second request fails with 500; every seventh of the others is stored but answered too late."""
    if arrival.number % 2 == 0:
        return "fail"
    return "hang" if arrival.number % 7 == 3 else "ok"


def test_every_event_reaches_the_portal_once_and_in_order(world, media, portal):
    portal.behaviour = flaky
    dossiers = [full_life(world), late_and_apologised(world), *(ended(world, how) for how in ("stop", "refuse"))]
    dossiers.append(ended(world, "withdraw"))
    portal_events = DossierEvent.objects.filter(
        ~Q(from_state=F("to_state")) | Q(action__in=["flag_overdue", "apologise"])
    )
    assert PortalMessage.objects.count() == portal_events.count() == 25

    results = drain()

    # Nothing lost, nothing dead: every message is sent, every event stored once under its key.
    assert set(PortalMessage.objects.values_list("status", flat=True)) == {MessageStatus.SENT}
    keys = {str(k) for k in PortalMessage.objects.values_list("idempotency_key", flat=True)}
    assert set(portal.stored) == keys and len(portal.order) == len(keys) == 25
    stored_events = sorted((p["dossier_code"], p["event"]["seq"]) for p in portal.stored.values())
    assert stored_events == sorted((e.dossier.code, e.seq) for e in portal_events.select_related("dossier"))
    # Per dossier, the portal stored the statuses in the order they happened.
    for dossier in dossiers:
        seqs = [
            portal.stored[k]["event"]["seq"] for k in portal.order if portal.stored[k]["dossier_code"] == dossier.code
        ]
        assert seqs == sorted(seqs) and len(seqs) == dossier.portal_messages.count()
    # The receiver really failed and timed out, and repeats were answered 409 and counted as delivered.
    statuses = [m.last_status_code for m in PortalMessage.objects.all()]
    assert sum(r["failed"] for r in results) == PortalFailure.objects.count() > 10
    assert any(f.status_code is None and "timed out" in f.error.lower() for f in PortalFailure.objects.all())
    assert 409 in statuses and len(portal.arrivals) > 25
    assert {a.authorization for a in portal.arrivals} == {"Bearer portal-token"}
    assert {a.content_type for a in portal.arrivals} == {"application/json; charset=utf-8"}


def test_a_later_status_waits_for_the_earlier_one(world, portal):
    portal.behaviour = lambda arrival: "fail" if arrival.payload["event"]["action"] == "receive" else "ok"

    d = a_dossier(world).in_process().build()
    now = timezone.now()
    assert sync.portal_deliver(now=now) == {"sent": 1, "failed": 1, "dead": 0, "disabled": False}
    # Submit went; receive failed; forward (status 4) must not overtake it.
    assert [a.payload["status"] for a in portal.arrivals] == [1, 2]
    assert sync.portal_deliver(now=now + LATER)["failed"] == 1
    assert [a.payload["status"] for a in portal.arrivals] == [1, 2, 2]
    portal.behaviour = None
    assert sync.portal_deliver(now=now + 2 * LATER)["sent"] == 2
    assert [portal.stored[k]["status"] for k in portal.order] == [1, 2, 4]
    assert not d.portal_messages.exclude(status=MessageStatus.SENT).exists()


def test_a_dead_message_holds_back_its_dossier_only(world, portal):
    portal.behaviour = lambda arrival: 422 if arrival.payload["status"] == 7 else "ok"
    held = ended(world, "withdraw")
    other = ended(world, "desk_supplement")
    drain_result = sync.portal_deliver()
    assert drain_result["dead"] == 1
    dead = PortalMessage.objects.get(status=MessageStatus.DEAD)
    assert dead.dossier_id == held.pk and dead.last_status_code == 422 and "refused with 422" in dead.last_error
    assert dead.attempts == 1  # a 4xx is never retried by itself
    assert not other.portal_messages.exclude(status=MessageStatus.SENT).exists()


@pytest.mark.parametrize("status", [400, 401, 403, 404, 410, 413, 422, 301])
def test_answers_that_will_never_succeed_kill_the_message_at_once(world, portal, status):
    portal.behaviour = lambda arrival: status
    a_dossier(world).build()
    assert sync.portal_deliver()["dead"] == 1
    message = PortalMessage.objects.get()
    assert (message.status, message.attempts, message.last_status_code) == ("dead", 1, status)


@pytest.mark.parametrize("status", [500, 502, 503, 408, 429])
def test_answers_worth_retrying_back_off(world, portal, status):
    portal.behaviour = lambda arrival: status
    a_dossier(world).build()
    now = timezone.now()
    assert sync.portal_deliver(now=now)["failed"] == 1
    message = PortalMessage.objects.get()
    assert message.status == "pending" and message.last_status_code == status
    wait = (message.next_attempt_at - now).total_seconds()
    assert 30 <= wait <= 33
    assert sync.portal_deliver(now=now + timedelta(seconds=29))["failed"] == 0  # not due yet


def test_after_max_attempts_the_message_is_dead(world, portal, settings):
    settings.MOTCUA_PORTAL = {**settings.MOTCUA_PORTAL, "MAX_ATTEMPTS": 4}
    portal.behaviour = lambda arrival: "fail"
    a_dossier(world).build()
    now = timezone.now()
    waits = []
    for _ in range(4):
        result = sync.portal_deliver(now=now)
        message = PortalMessage.objects.get()
        waits.append(round((message.next_attempt_at - now).total_seconds() / 30))
        now += LATER
    assert result == {"sent": 0, "failed": 0, "dead": 1, "disabled": False}
    assert message.status == "dead" and message.attempts == 4 and len(portal.arrivals) == 4
    assert waits[:3] == [1, 2, 4]  # 30 s, 60 s, 120 s (jitter adds at most 10 %)
    assert sync.portal_deliver(now=now + LATER)["dead"] == 0 and len(portal.arrivals) == 4


def test_backoff_doubles_and_stops_at_an_hour():
    seconds = [sync.backoff(n).total_seconds() for n in range(1, 12)]
    for n, value in enumerate(seconds, start=1):
        base = min(30 * 2 ** (n - 1), 3600)
        assert base <= value <= base * 1.1


def test_connection_refused_is_retried(world, settings):
    import socket

    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.MOTCUA_PORTAL = {"URL": f"http://127.0.0.1:{port}/", "TIMEOUT": 0.5}
    a_dossier(world).build()
    assert sync.portal_deliver()["failed"] == 1
    message = PortalMessage.objects.get()
    assert message.status == "pending" and message.last_status_code is None and "refused" in message.last_error.lower()


def test_a_crash_after_the_post_resends_with_the_same_key(world, portal, monkeypatch):
    a_dossier(world).build()
    real_record = sync._record

    def crash(*args, **kwargs):
        raise SystemExit("worker killed between the POST and the commit")

    monkeypatch.setattr(sync, "_record", crash)
    now = timezone.now()
    with pytest.raises(SystemExit):
        sync.portal_deliver(now=now)
    message = PortalMessage.objects.get()
    assert message.status == "pending" and len(portal.arrivals) == 1
    monkeypatch.setattr(sync, "_record", real_record)
    assert sync.portal_deliver(now=now + timedelta(seconds=30))["sent"] == 0  # leased: not yet
    assert sync.portal_deliver(now=now + timedelta(seconds=70))["sent"] == 1
    first, second = portal.arrivals
    assert first.key == second.key == str(message.idempotency_key) and len(portal.stored) == 1
    message.refresh_from_db()
    assert message.status == "sent" and message.last_status_code == 409  # the portal had it already


def test_retrying_a_dead_message_delivers_it(world, portal):
    portal.behaviour = lambda arrival: 400
    a_dossier(world).build()
    sync.portal_deliver()
    assert portal_retry_dead() == 1
    message = PortalMessage.objects.get()
    assert (message.status, message.attempts) == ("pending", 0)
    portal.behaviour = None
    assert sync.portal_deliver()["sent"] == 1 and len(portal.stored) == 1


def test_without_a_url_nothing_is_sent(world, settings):
    settings.MOTCUA_PORTAL = {"URL": ""}
    a_dossier(world).build()
    assert sync.portal_deliver() == {"sent": 0, "failed": 0, "dead": 0, "disabled": True}
    del settings.MOTCUA_PORTAL
    assert sync.portal_deliver()["disabled"] is True
    assert PortalMessage.objects.get().attempts == 0


def test_a_url_that_is_not_http_is_refused(settings):
    from django.core.exceptions import ImproperlyConfigured

    settings.MOTCUA_PORTAL = {"URL": "file:///etc/passwd"}
    with pytest.raises(ImproperlyConfigured):
        sync.portal_deliver()
