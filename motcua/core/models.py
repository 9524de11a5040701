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
