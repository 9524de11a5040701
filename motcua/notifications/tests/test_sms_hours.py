"""SMS go out between 07:00 and 21:00 in Hà Nội, email at once (docs/dossiers.md, "Notifications").

Every moment is given explicitly (`now=`): clock hours, whatever the day — Tết changes nothing."""

from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.core import mail

from motcua.notifications.models import Channel, OutboxMessage
from motcua.notifications.services import notify, outbox_deliver, sms_allowed_from

pytestmark = pytest.mark.django_db
HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


def hanoi(*args) -> datetime:
    return datetime(*args, tzinfo=HANOI)


class CountingSms:
    sent: list[str] = []

    def send(self, phone: str, text: str) -> None:
        type(self).sent.append(text)


@pytest.fixture(autouse=True)
def sms(settings):
    settings.MOTCUA_SMS_BACKEND = f"{__name__}.CountingSms"
    CountingSms.sent = []
    return CountingSms.sent


def queue(now):
    return {
        m.channel: m for m in notify(email="an@example.vn", phone="0912345678", subject="S", body="B", sms="T", now=now)
    }


@pytest.mark.parametrize(
    ("moment", "allowed"),
    [
        (hanoi(2026, 12, 9, 7, 0), hanoi(2026, 12, 9, 7, 0)),
        (hanoi(2026, 12, 9, 20, 59), hanoi(2026, 12, 9, 20, 59)),
        (hanoi(2026, 12, 9, 21, 0), hanoi(2026, 12, 10, 7, 0)),
        (hanoi(2026, 12, 9, 23, 30), hanoi(2026, 12, 10, 7, 0)),
        (hanoi(2026, 12, 9, 2, 40), hanoi(2026, 12, 9, 7, 0)),  # a Wednesday night
        (hanoi(2026, 12, 9, 6, 59), hanoi(2026, 12, 9, 7, 0)),
        (hanoi(2027, 2, 6, 22, 0), hanoi(2027, 2, 7, 7, 0)),  # the eve of Tết: clock hours all the same
        (hanoi(2027, 2, 8, 10, 0), hanoi(2027, 2, 8, 10, 0)),  # the second day of Tết, a holiday
        (hanoi(2026, 12, 31, 21, 30), hanoi(2027, 1, 1, 7, 0)),  # over the year's end
        (datetime(2026, 12, 9, 13, 59, tzinfo=ZoneInfo("UTC")), datetime(2026, 12, 9, 13, 59, tzinfo=ZoneInfo("UTC"))),
        (datetime(2026, 12, 9, 14, 0, tzinfo=ZoneInfo("UTC")), hanoi(2026, 12, 10, 7, 0)),  # 21:00 in Hà Nội
    ],
)
def test_sms_hours_are_hanoi_clock_hours(moment, allowed):
    assert sms_allowed_from(moment) == allowed


def test_at_2059_both_go_at_once(sms):
    now = hanoi(2026, 12, 9, 20, 59)
    queued = queue(now)
    assert queued[Channel.SMS].not_before is None
    assert outbox_deliver(now=now) == 2
    assert sms == ["T"] and len(mail.outbox) == 1


def test_at_2100_the_email_goes_and_the_sms_waits_for_seven(sms):
    now = hanoi(2026, 12, 9, 21, 0)
    queued = queue(now)
    assert queued[Channel.SMS].not_before == hanoi(2026, 12, 10, 7, 0)
    assert queued[Channel.EMAIL].not_before is None
    assert outbox_deliver(now=now) == 1 and len(mail.outbox) == 1 and sms == []
    assert outbox_deliver(now=hanoi(2026, 12, 10, 6, 59, 59)) == 0 and sms == []
    assert outbox_deliver(now=hanoi(2026, 12, 10, 7, 0)) == 1 and sms == ["T"]
    assert OutboxMessage.objects.get(channel=Channel.SMS).attempts == 1


def test_at_0659_the_sms_waits_a_minute(sms):
    queue(hanoi(2026, 12, 9, 6, 59))
    assert outbox_deliver(now=hanoi(2026, 12, 9, 6, 59)) == 1 and sms == []  # the email
    assert outbox_deliver(now=hanoi(2026, 12, 9, 7, 0)) == 1 and sms == ["T"]


def test_an_sms_claimed_late_is_held_not_sent_and_not_counted_as_an_attempt(sms):
    """Queued at 20:59, but the worker only gets to it at 21:05 (a backlog): it waits for the morning."""
    queue(hanoi(2026, 12, 9, 20, 59))
    assert outbox_deliver(now=hanoi(2026, 12, 9, 21, 5)) == 1 and sms == []
    held = OutboxMessage.objects.get(channel=Channel.SMS)
    assert held.not_before == held.next_attempt_at == hanoi(2026, 12, 10, 7, 0)
    assert held.attempts == 0 and held.sent_at is None
    assert outbox_deliver(now=hanoi(2026, 12, 10, 7, 0)) == 1 and sms == ["T"]


def test_a_failed_sms_is_retried_within_the_hours(settings, monkeypatch):
    now = hanoi(2026, 12, 9, 20, 59, 30)  # the first retry would be a minute later: 21:00:30
    queue(now)

    def down(self, phone, text):
        raise ConnectionError("SMS gateway down")

    monkeypatch.setattr(CountingSms, "send", down)
    outbox_deliver(now=now)
    failed = OutboxMessage.objects.get(channel=Channel.SMS)
    assert failed.last_error and failed.next_attempt_at == hanoi(2026, 12, 10, 7, 0)  # not 21:00:30


def test_the_hours_come_from_the_environment():
    from django.core.exceptions import ImproperlyConfigured

    from motcua.notifications.conf import parse_hours

    assert parse_hours("") is None
    assert parse_hours("06:30-22:00") == (time(6, 30), time(22, 0))
    with pytest.raises(ImproperlyConfigured):
        parse_hours("7h-21h")
