"""Delivering the portal outbox: at least once, in order per dossier, with backoff; `motcua worker` calls
`portal_deliver` every round.

Each message is claimed in a short transaction (`select_for_update(skip_locked=True)`, which moves its
`next_attempt_at` past a lease), posted, and its outcome committed in a second transaction. A worker that
dies between the POST and that commit leaves the message pending: after the lease it is sent again with
the same `Idempotency-Key`, which the portal uses to drop the repeat (at least once + idempotency key =
the effect of exactly once). No database transaction stays open during the HTTP call.
"""

import random
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from . import events, transport
from .conf import PortalSettings, portal_settings
from .models import MessageStatus, PortalFailure, PortalMessage
from .transport import Outcome, Verdict

BACKOFF_BASE = 30  # seconds, doubled after every failure
BACKOFF_CAP = 3600
JITTER = 0.1  # up to 10 % more, so messages that failed together do not come back together
LEASE_MARGIN = timedelta(seconds=60)


def backoff(failures: int) -> timedelta:
    """After the n-th failure: 30 s × 2^(n−1), at most an hour, plus up to 10 % jitter."""
    delay = min(BACKOFF_BASE * 2 ** max(failures - 1, 0), BACKOFF_CAP)
    return timedelta(seconds=delay * (1 + random.uniform(0, JITTER)))  # noqa: S311 - jitter, not a secret


def due_messages(now: datetime):
    """Pending messages whose time has come and whose dossier has no earlier message still unsent: the
    portal must never see status 10 before status 2. A dead message holds its dossier's later ones back."""
    earlier = PortalMessage.objects.filter(
        dossier_id=OuterRef("dossier_id"),
        event_id__lt=OuterRef("event_id"),
        status__in=[MessageStatus.PENDING, MessageStatus.DEAD],
    )
    return PortalMessage.objects.filter(status=MessageStatus.PENDING, next_attempt_at__lte=now).filter(~Exists(earlier))


def _claim(now: datetime, lease: timedelta) -> PortalMessage | None:
    with transaction.atomic():
        message = due_messages(now).select_for_update(skip_locked=True).order_by("id").first()
        if message is not None:
            # Other workers skip it until the lease ends; if we die, it is sent again after that.
            message.next_attempt_at = now + lease
            message.save(update_fields=["next_attempt_at"])
        return message


def _record(message: PortalMessage, outcome: Outcome, now: datetime, conf: PortalSettings) -> str:
    """Commit the attempt's outcome; returns "sent", "failed" (will retry) or "dead"."""
    message.attempts += 1
    message.last_attempt_at = now
    message.last_status_code = outcome.status_code
    message.last_error = outcome.error
    if outcome.verdict == Verdict.SENT:
        message.status, message.sent_at, kind = MessageStatus.SENT, now, "sent"
    elif outcome.verdict == Verdict.RETRY and message.attempts < conf.max_attempts:
        wait = backoff(message.attempts)
        if outcome.retry_after:
            wait = max(wait, timedelta(seconds=min(outcome.retry_after, BACKOFF_CAP)))
        message.next_attempt_at, kind = now + wait, "failed"
    else:
        message.status, kind = MessageStatus.DEAD, "dead"
    with transaction.atomic():
        message.save(
            update_fields=[
                "attempts",
                "last_attempt_at",
                "last_status_code",
                "last_error",
                "status",
                "sent_at",
                "next_attempt_at",
            ]
        )
        if kind == "sent":
            events.portal_confirmed.publish(message.event)  # the reports' roll-up, in this transaction
        else:
            PortalFailure.objects.create(message=message, at=now, status_code=outcome.status_code, error=outcome.error)
    return kind


def portal_deliver(*, batch: int = 100, now: datetime | None = None) -> dict:
    """Send up to `batch` due messages, one at a time, each outcome committed before the next.

    Returns {"sent", "failed", "dead", "disabled"}; without `MOTCUA_PORTAL["URL"]` nothing is sent."""
    conf = portal_settings()
    result = {"sent": 0, "failed": 0, "dead": 0, "disabled": not conf.url}
    if not conf.url:
        return result
    lease = timedelta(seconds=2 * conf.timeout) + LEASE_MARGIN
    for _ in range(batch):
        message = _claim(now or timezone.now(), lease)
        if message is None:
            break
        outcome = transport.post(
            url=conf.url,
            token=conf.token,
            idempotency_key=str(message.idempotency_key),
            payload=message.payload,
            timeout=conf.timeout,
        )
        result[_record(message, outcome, now or timezone.now(), conf)] += 1
    return result
