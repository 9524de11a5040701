from .models import OutboxMessage
from .services import MAX_ATTEMPTS


def outbox_backlog() -> dict[str, int]:
    """Messages still to send, and messages given up after MAX_ATTEMPTS (both counts use the unsent index)."""
    unsent = OutboxMessage.objects.filter(sent_at=None)
    return {
        "pending": unsent.filter(attempts__lt=MAX_ATTEMPTS).count(),
        "failed": unsent.filter(attempts__gte=MAX_ATTEMPTS).count(),
    }
