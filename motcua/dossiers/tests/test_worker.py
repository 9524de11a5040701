"""`motcua worker` survives a database outage: it keeps running, logs each failure and the recovery, backs off,
and delivers everything queued, once, when the database is back.

The outage is real (see tests/outage.py): on PostgreSQL the worker's backend is terminated from another
connection and the database refuses connections; on SQLite the worker's connection opens a file in a missing
folder. The worker runs in a thread with its own connection; the test's own connection keeps working."""

import logging
import random
import threading
from datetime import time

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection, connections

from motcua.core.models import WorkerHeartbeat
from motcua.core.worker import Worker, retry_delay
from motcua.dossiers.management.commands.worker import JOBS
from motcua.integrations.models import MessageStatus, PortalMessage
from motcua.integrations.tests.receiver import Portal, PortalServer
from motcua.notifications.models import OutboxMessage
from motcua.notifications.services import outbox_deliver
from tests.builders import a_dossier
from tests.outage import DatabaseOutage


class Watch(logging.Handler):
    """Collects the worker's log records; `wait_for` wakes on each record and on each SMS sent."""

    def __init__(self):
        super().__init__(level=logging.DEBUG)
        self.records: list[logging.LogRecord] = []
        self.changed = threading.Condition()

    def emit(self, record):
        with self.changed:
            self.records.append(record)
            self.changed.notify_all()

    def poke(self):
        with self.changed:
            self.changed.notify_all()

    def said(self, text: str, level: int = logging.DEBUG) -> list[str]:
        return [r.getMessage() for r in self.records if r.levelno >= level and text in r.getMessage()]

    def wait_for(self, predicate, what: str, timeout: float = 60):
        with self.changed:
            assert self.changed.wait_for(predicate, timeout), f"timed out waiting for {what}"


class PlugPullingSms:
    """An SMS gateway that records what it sends. Sending the first message takes the database away, so the
    worker loses it between sending a message and recording that it was sent."""

    sent: list[str] = []
    outage: DatabaseOutage | None = None
    watch: Watch | None = None

    def send(self, phone: str, text: str) -> None:
        cls = type(self)
        cls.sent.append(text)
        cls.watch.poke()
        if len(cls.sent) == 1:
            cls.outage.begin()


@pytest.fixture(autouse=True)
def sms_at_any_hour(settings):
    """The worker runs on the real clock (a moved one stalls its waits), so SMS may go at any hour here; the
    sending hours have their own tests (motcua/notifications/tests)."""
    settings.MOTCUA_SMS_HOURS = (time(0), time(0))


@pytest.fixture
def portal(settings):
    state = Portal()
    server = PortalServer(state).start()
    settings.MOTCUA_PORTAL = {"URL": server.url, "TOKEN": "portal-token", "TIMEOUT": 5, "MAX_ATTEMPTS": 10}
    yield state
    server.stop()


@pytest.fixture
def watch():
    handler = Watch()
    logger = logging.getLogger("motcua.worker")
    logger.addHandler(handler)
    yield handler
    logger.removeHandler(handler)


@pytest.mark.django_db(transaction=True)
def test_the_worker_rides_out_a_database_outage(world, settings, portal, watch, tmp_path):
    settings.MOTCUA_SMS_BACKEND = f"{__name__}.PlugPullingSms"
    outage = DatabaseOutage(tmp_path)
    PlugPullingSms.sent, PlugPullingSms.outage, PlugPullingSms.watch = [], outage, watch
    first = a_dossier(world, channel="counter").received().build()  # an email, an SMS, portal messages
    worker = Worker(JOBS, interval=0.01, backoff_base=0.01, backoff_cap=0.05)
    crashed = []

    def run():
        outage.adopt()
        try:
            worker.run()
        except BaseException as error:
            crashed.append(error)
        finally:
            connections.close_all()
            watch.poke()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    try:
        try:
            watch.wait_for(
                lambda: len(watch.said("database unavailable", logging.WARNING)) >= 3 or not thread.is_alive(),
                "the worker to fail three rounds in a row",
            )
            assert thread.is_alive(), crashed
            assert len(PlugPullingSms.sent) == 1 and first.code in PlugPullingSms.sent[0]
            assert len(mail.outbox) == 1  # the email went before the outage
            # Queued while the worker cannot reach the database: the test's own connection still can.
            second = a_dossier(world, channel="counter").received().build()
            portal_messages = PortalMessage.objects.count()
        finally:
            outage.end()
        watch.wait_for(
            lambda: (
                not thread.is_alive()
                or (watch.said("Recovered") and len(mail.outbox) == 2 and len(portal.stored) == portal_messages)
            ),
            "the worker to recover and deliver",
        )
    finally:
        worker.stop.set()
        thread.join(timeout=30)
    assert not crashed and not thread.is_alive()

    # Everything queued went out, and nothing twice: the SMS sent just before the outage was recorded after it.
    assert len(PlugPullingSms.sent) == 2 and second.code in PlugPullingSms.sent[1]
    assert sorted(m.subject for m in mail.outbox) == sorted(
        OutboxMessage.objects.filter(channel="email").values_list("subject", flat=True)
    )
    assert set(OutboxMessage.objects.values_list("attempts", flat=True)) == {1}
    assert not OutboxMessage.objects.filter(sent_at=None).exists()
    assert set(PortalMessage.objects.values_list("status", flat=True)) == {MessageStatus.SENT}
    assert len(portal.arrivals) == len(portal.stored) == portal_messages
    # The log tells the story; the heartbeat keeps the last error.
    assert watch.said("database unavailable", logging.WARNING) and watch.said("Recovered", logging.INFO)
    beat = WorkerHeartbeat.objects.get()
    assert "notifications" in beat.last_error and beat.last_error_at <= beat.beat_at
    assert beat.started_at <= beat.last_error_at


def test_retry_delays_double_up_to_the_cap_with_jitter():
    rng = random.Random(7)  # noqa: S311 - a seeded sequence for the test
    for failures in range(1, 40):
        base = min(60.0, 1.0 * 2 ** (failures - 1))
        delay = retry_delay(failures, base=1.0, cap=60.0, rng=rng)
        assert base / 2 <= delay <= base
    assert retry_delay(10**6, base=1.0, cap=60.0) <= 60.0  # no overflow after a very long outage


@pytest.mark.django_db
def test_one_round_reports_what_it_did_and_beats(world, capsys, mailoutbox):
    a_dossier(world, channel="counter").received().build()
    call_command("worker", "--once")
    assert "sent 2 notifications" in capsys.readouterr().out
    assert len(mailoutbox) == 1
    beat = WorkerHeartbeat.objects.get()
    assert beat.pid > 0 and beat.host and beat.last_error == ""


class CountingSms:
    sent: list[str] = []

    def send(self, phone: str, text: str) -> None:
        type(self).sent.append(text)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite has one writer at a time anyway")
@pytest.mark.django_db(transaction=True)
def test_two_workers_never_send_the_same_notification(world, settings):
    settings.MOTCUA_SMS_BACKEND = f"{__name__}.CountingSms"
    CountingSms.sent = []
    for _ in range(4):
        a_dossier(world, channel="counter").received().build()
    errors = []

    def deliver():
        try:
            while outbox_deliver(batch=1):
                pass
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=deliver) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors
    assert len(CountingSms.sent) == len(set(CountingSms.sent)) == 4
    assert len(mail.outbox) == 4 and len({m.subject for m in mail.outbox}) == 4
    assert not OutboxMessage.objects.filter(sent_at=None).exists()
