"""Reads of the kernel's own rows."""

from django.utils import timezone

from .models import PendingUpload


def pending_uploads(owner, token: str) -> dict[str, PendingUpload]:
    """The user's live pending uploads of one form, by field; another user's token finds nothing."""
    if not (owner.is_authenticated and token):
        return {}
    found = PendingUpload.objects.filter(owner=owner, token=token, expires_at__gt=timezone.now())
    return {pending.field: pending for pending in found}
