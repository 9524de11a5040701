from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class FilingDraft(models.Model):
    """An online filing saved to be finished later: the answers so far and the stored documents chosen."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="drafts")
    procedure = models.ForeignKey("catalog.Procedure", models.CASCADE, related_name="+")
    data = models.JSONField(default=dict)
    documents = models.JSONField(default=dict, help_text=_("required document id → stored document id"))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at"]
        indexes = [models.Index(fields=["user", "-updated_at"])]

    def __str__(self) -> str:
        return f"{self.user} · {self.procedure.code}"
