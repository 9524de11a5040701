import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class CalendarOverride(models.Model):
    """A day the administrators declare off, or worked, beyond what the law's calendar says."""

    date = models.DateField(_("date"), unique=True)
    is_working_day = models.BooleanField(
        _("working day"), help_text=_("Ticked: an extra working day. Not ticked: an extra day off.")
    )
    name = models.CharField(_("name"), max_length=200)
    legal_basis = models.CharField(_("legal basis"), max_length=200, blank=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("calendar override")
        verbose_name_plural = _("calendar overrides")

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {self.name}"


class WorkerHeartbeat(models.Model):
    """One row per `motcua worker` process, written after every job it runs; /readyz reads the newest beat.

    The last error stays until a newer one replaces it; an error met while the database was unreachable is
    written with the first beat after it came back."""

    host = models.CharField(_("host"), max_length=255)
    pid = models.PositiveIntegerField(_("process ID"))
    started_at = models.DateTimeField(_("started at"))
    beat_at = models.DateTimeField(_("last beat at"), db_index=True)
    last_error = models.TextField(_("last error"), blank=True)
    last_error_at = models.DateTimeField(_("last error at"), null=True, blank=True)

    class Meta:
        ordering = ["-beat_at"]
        verbose_name = _("worker heartbeat")
        verbose_name_plural = _("worker heartbeats")

    def __str__(self) -> str:
        return f"{self.host}:{self.pid} {self.beat_at:%Y-%m-%d %H:%M:%S}"


def pending_path(instance, filename: str) -> str:
    return f"pending/{uuid.uuid4().hex}{PurePath(filename).suffix}"


class PendingUpload(models.Model):
    """A file that passed its checks on a form that then failed validation, kept until the form is sent again.

    It belongs to the user who uploaded it and to one form instance (`token`, a random value in a hidden field of
    that form), one per file field. It is used when the form succeeds, or swept once `expires_at` has passed;
    either way its file is deleted from storage."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="+")
    token = models.CharField(max_length=64)
    field = models.CharField(max_length=100)
    file = models.FileField(upload_to=pending_path, max_length=200)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=40)
    size = models.PositiveBigIntegerField()
    pages = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()

    class Meta:
        verbose_name = _("pending upload")
        verbose_name_plural = _("pending uploads")
        indexes = [models.Index(fields=["expires_at"], name="pending_upload_expiry")]
        constraints = [
            models.UniqueConstraint(fields=["owner", "token", "field"], name="pending_upload_once_per_field")
        ]

    def __str__(self) -> str:
        return self.original_name
