"""The personal data store (kho dữ liệu): every document of a citizen, whoever put it there."""

import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Source(models.TextChoices):
    UPLOADED = "uploaded", _("Uploaded by you")
    DIGITISED = "digitised", _("Digitised at a counter")
    RESULT = "result", _("Result issued to you")


def stored_path(instance, filename: str) -> str:
    return f"datastore/{instance.citizen_id}/{uuid.uuid4().hex}{PurePath(filename).suffix}"


class StoredDocument(models.Model):
    """Owned by a citizen ID, so that scans made at a counter reach the citizen's store before they ever log in."""

    citizen_id = models.CharField(_("citizen ID number"), max_length=12)
    title = models.CharField(_("title"), max_length=300)
    source = models.CharField(_("source"), max_length=12, choices=Source.choices)
    file = models.FileField(upload_to=stored_path, max_length=200)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=40)
    size = models.PositiveBigIntegerField()
    pages = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    dossier = models.ForeignKey("dossiers.Dossier", models.SET_NULL, null=True, blank=True, related_name="+")
    attachment = models.OneToOneField(
        "dossiers.Attachment", models.SET_NULL, null=True, blank=True, related_name="stored_copy"
    )
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("stored document")
        verbose_name_plural = _("stored documents")
        indexes = [models.Index(fields=["citizen_id", "-created_at"])]
        constraints = [
            models.UniqueConstraint(fields=["citizen_id", "sha256"], name="stored_document_once_per_citizen")
        ]

    def __str__(self) -> str:
        return self.title
