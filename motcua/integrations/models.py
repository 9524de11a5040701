"""The national portal's outbox: one message per dossier status change, written with the change."""

import uuid

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class MessageStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENT = "sent", _("Sent")
    DEAD = "dead", _("Dead (needs an administrator)")


class PortalMessage(models.Model):
    """A status change to report to the National Public Service Portal, delivered by `motcua worker`.

    The payload is frozen when the event is written: a retry sends exactly what was first sent, under the
    same idempotency key, so the portal can drop a repeat."""

    dossier = models.ForeignKey("dossiers.Dossier", models.CASCADE, related_name="portal_messages")
    # One message per event: enqueueing twice (hook and backfill, a retried transaction) writes one row.
    event = models.OneToOneField("dossiers.DossierEvent", models.CASCADE, related_name="portal_message")
    payload = models.JSONField()
    idempotency_key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    status = models.CharField(max_length=8, choices=MessageStatus.choices, default=MessageStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField()
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    last_status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("portal message")
        verbose_name_plural = _("portal messages")
        # Partial indexes: the sent rows (nearly all of them, for years) stay out of the hot indexes.
        indexes = [
            models.Index(fields=["next_attempt_at"], condition=Q(status="pending"), name="portal_due"),
            models.Index(
                fields=["dossier", "event"], condition=Q(status__in=["pending", "dead"]), name="portal_unsent"
            ),
            models.Index(fields=["id"], condition=Q(status="dead"), name="portal_dead"),
            models.Index(fields=["sent_at"], name="portal_sent_at"),
        ]

    def __str__(self) -> str:
        return f"{self.payload.get('dossier_code')} → {self.payload.get('status')} ({self.status})"


class PortalFailure(models.Model):
    """One failed delivery attempt: what the dead-letter page counts and what an administrator reads."""

    message = models.ForeignKey(PortalMessage, models.CASCADE, related_name="failures")
    at = models.DateTimeField()
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["at"])]

    def __str__(self) -> str:
        return f"{self.message_id} at {self.at:%Y-%m-%d %H:%M}: {self.status_code or self.error[:40]}"
