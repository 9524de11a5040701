"""Notifications go through an outbox: written with the change, delivered by `motcua worker` with retries.

Email goes at once; SMS only in the sending hours (`conf.sms_hours`, 07:00–21:00 in Hà Nội): one queued,
retried or claimed outside them waits until the next opening (`not_before`)."""

import logging
import threading
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from . import conf
from .models import Channel, OutboxMessage

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 8
# A claimed message is handed to no other worker for this long: far more than one send takes (EMAIL_TIMEOUT).
LEASE = timedelta(minutes=10)
# Outcomes of messages sent while the database could not record them: (message id, fields), written first
# by the next `outbox_deliver` of this process.
_unrecorded: list[tuple[int, dict]] = []
_unrecorded_lock = threading.Lock()


class ConsoleSms:
    """SMS for the demo and development: writes the message to the log."""

    def send(self, phone: str, text: str) -> None:
        log.info("SMS to %s: %s", phone, text)


def sms_sender():
    return import_string(conf.sms_backend())()


def sms_allowed_from(moment: datetime) -> datetime:
    """The first moment at or after `moment` an SMS may go: `moment` itself within the sending hours, else the
    next opening (the same morning before it, the next morning after the closing)."""
    opening, closing = conf.sms_hours()
    local = moment.astimezone(ZoneInfo(conf.SMS_TIME_ZONE))
    if opening == closing or opening <= local.time() < closing:
        return moment
    day = local.date() if local.time() < opening else local.date() + timedelta(days=1)
    return datetime.combine(day, opening, tzinfo=local.tzinfo)


def notify(
    *,
    dossier=None,
    email: str = "",
    phone: str = "",
    subject: str,
    body: str,
    sms: str = "",
    now: datetime | None = None,
) -> list[OutboxMessage]:
    """Queue a message to every address given; call inside the transaction that makes the change.

    The email carries `subject` and `body`, the SMS `sms` (the subject if empty). Email goes at once, the SMS
    not before the sending hours open (`sms_allowed_from`); `now`: the moment it is queued (default: now)."""
    now = now or timezone.now()
    messages = []
    if email:
        messages.append(
            OutboxMessage(
                channel=Channel.EMAIL,
                recipient=email,
                subject=subject,
                body=body,
                dossier=dossier,
                next_attempt_at=now,
            )
        )
    if phone:
        allowed = sms_allowed_from(now)
        messages.append(
            OutboxMessage(
                channel=Channel.SMS,
                recipient=phone,
                subject=subject,
                body=sms or subject,
                dossier=dossier,
                not_before=allowed if allowed > now else None,
                next_attempt_at=allowed,
            )
        )
    return OutboxMessage.objects.bulk_create(messages)


def _deliver(message: OutboxMessage) -> None:
    if message.channel == Channel.EMAIL:
        send_mail(message.subject, message.body, None, [message.recipient], fail_silently=False)
    else:
        sms_sender().send(message.recipient, message.body)


def _claim(now: datetime) -> OutboxMessage | None:
    """Take the next due message: its attempt is counted and other workers skip it until the lease ends."""
    with transaction.atomic():
        message = (
            OutboxMessage.objects.select_for_update(skip_locked=True)
            .filter(sent_at=None, next_attempt_at__lte=now, attempts__lt=MAX_ATTEMPTS)
            .order_by("id")
            .first()
        )
        if message is not None:
            message.attempts += 1
            message.next_attempt_at = now + LEASE
            message.save(update_fields=["attempts", "next_attempt_at"])
        return message


def _attempt(message: OutboxMessage, now: datetime) -> dict:
    """Send it (no transaction open), unless it is an SMS in the quiet hours; returns the fields that record the
    outcome."""
    if message.channel == Channel.SMS and (opening := sms_allowed_from(now)) > now:
        # Held, not failed: it goes at the opening and the claim does not count as an attempt.
        return {"not_before": opening, "next_attempt_at": opening, "attempts": message.attempts - 1}
    try:
        _deliver(message)
    except Exception as error:  # noqa: BLE001 - any failure of the channel is retried later
        retry_at = now + timedelta(seconds=30 * 2**message.attempts)
        if message.channel == Channel.SMS:
            retry_at = sms_allowed_from(retry_at)
        return {"last_error": str(error)[:1000], "next_attempt_at": retry_at}
    return {"sent_at": timezone.now()}


def _record(outcomes: list[tuple[int, dict]]) -> None:
    """Write outcomes in order; whatever the database does not take is kept for the next round."""
    for done, (pk, fields) in enumerate(outcomes):
        try:
            OutboxMessage.objects.filter(pk=pk).update(**fields)
        except Exception:
            with _unrecorded_lock:
                _unrecorded[:0] = outcomes[done:]
            raise


def outbox_deliver(*, batch: int = 100, now: datetime | None = None) -> int:
    """Send up to `batch` due messages; failures are retried with exponential backoff. Returns how many were sent.
    `now`: the moment of the round (default: the clock, read for each message).

    Each message is claimed in a short transaction (its attempt counted, its `next_attempt_at` moved past a
    lease), sent with no transaction open, and its outcome written on its own. If the database fails between
    the sending and the writing, the outcome stays in this process and is written first in the next call: a
    message sent before an outage is not sent again after it. Only a process that dies in that moment (or
    stays cut off from the database longer than the lease while other workers run) sends it again, after
    the lease: email and SMS carry no idempotency key.
    """
    with _unrecorded_lock:
        waiting = list(_unrecorded)
        _unrecorded.clear()
    _record(waiting)
    sent = 0
    for _ in range(batch):
        moment = now or timezone.now()
        message = _claim(moment)
        if message is None:
            break
        outcome = _attempt(message, moment)
        _record([(message.pk, outcome)])
        sent += "sent_at" in outcome
    return sent
