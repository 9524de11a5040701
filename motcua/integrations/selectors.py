from dataclasses import dataclass
from datetime import datetime, timedelta

from .models import MessageStatus, PortalFailure, PortalMessage

DEAD_LIST_LIMIT = 200


@dataclass(frozen=True)
class PortalOverview:
    sent: int  # in the last 24 hours
    pending: int
    dead: int
    failed_attempts: int  # in the last 24 hours
    dead_messages: list[PortalMessage]  # the newest DEAD_LIST_LIMIT


def portal_overview(now: datetime) -> PortalOverview:
    """Five queries whatever the size of the outbox; each count uses one of the model's indexes."""
    since = now - timedelta(hours=24)
    messages = PortalMessage.objects
    return PortalOverview(
        sent=messages.filter(sent_at__gte=since).count(),
        pending=messages.filter(status=MessageStatus.PENDING).count(),
        dead=messages.filter(status=MessageStatus.DEAD).count(),
        failed_attempts=PortalFailure.objects.filter(at__gte=since).count(),
        # Code and status come from the payload: no join with the dossiers.
        dead_messages=list(messages.filter(status=MessageStatus.DEAD).order_by("-id")[:DEAD_LIST_LIMIT]),
    )


def portal_backlog() -> dict[str, int]:
    """Messages waiting to be sent and dead ones (each count uses a partial index); read by /readyz."""
    messages = PortalMessage.objects
    return {
        "pending": messages.filter(status=MessageStatus.PENDING).count(),
        "dead": messages.filter(status=MessageStatus.DEAD).count(),
    }
