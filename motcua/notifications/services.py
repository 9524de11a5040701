"""Notifications go through an outbox: written with the change, delivered by `motcua worker` with retries."""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from .models import Channel, OutboxMessage

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 8


class ConsoleSms:
    """SMS for the demo and development: writes the message to the log."""

    def send(self, phone: str, text: str) -> None:
        log.info("SMS to %s: %s", phone, text)


def sms_sender():
    return import_string(getattr(settings, "MOTCUA_SMS_BACKEND", "motcua.notifications.services.ConsoleSms"))()


def notify(*, dossier=None, email: str = "", phone: str = "", subject: str, body: str) -> list[OutboxMessage]:
    """Queue a message to every address given; call inside the transaction that makes the change."""
    now = timezone.now()
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
        messages.append(
            OutboxMessage(
                channel=Channel.SMS,
                recipient=phone,
                subject=subject,
                body=subject,
                dossier=dossier,
                next_attempt_at=now,
            )
        )
    return OutboxMessage.objects.bulk_create(messages)


def _deliver(message: OutboxMessage) -> None:
    if message.channel == Channel.EMAIL:
        send_mail(message.subject, message.body, None, [message.recipient], fail_silently=False)
    else:
        sms_sender().send(message.recipient, message.body)


def outbox_deliver(*, batch: int = 100) -> int:
    """Send what is due; failures are retried with exponential backoff. Returns how many were sent."""
    sent = 0
    now = timezone.now()
    with transaction.atomic():
        due = list(
            OutboxMessage.objects.select_for_update(skip_locked=True)
            .filter(sent_at=None, next_attempt_at__lte=now, attempts__lt=MAX_ATTEMPTS)
            .order_by("id")[:batch]
        )
        for message in due:
            message.attempts += 1
            try:
                _deliver(message)
            except Exception as error:  # noqa: BLE001 - any failure of the channel is retried later
                message.last_error = str(error)[:1000]
                message.next_attempt_at = now + timedelta(seconds=30 * 2**message.attempts)
            else:
                message.sent_at = now
                sent += 1
            message.save(update_fields=["attempts", "last_error", "next_attempt_at", "sent_at"])
    return sent
