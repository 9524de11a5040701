"""Filling and reading the personal data store. The "once-only" rule: never ask twice for what we hold."""

from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils.translation import gettext as _

from motcua.accounts.models import IDENTITY_NOT_VERIFIED
from motcua.core.errors import Refused
from motcua.core.files import file_written
from motcua.core.uploads import inspect

from .errors import DatastoreErrorCode
from .models import Source, StoredDocument


def owner_id(user) -> str:
    """The citizen ID whose store this user sees: only a verified one (national identity login or an officer's
    check), never one the account merely declared; agents and staff have none of their own."""
    if user.is_authenticated and user.is_active:
        return user.verified_citizen_id
    return ""


def document_upload(*, actor, uploaded, title: str) -> StoredDocument:
    """A citizen adds a file to their own store (PDF, JPEG or PNG, checked by content)."""
    citizen_id = owner_id(actor)
    if not citizen_id:
        raise Refused(IDENTITY_NOT_VERIFIED, code=DatastoreErrorCode.IDENTITY_NOT_VERIFIED)
    title = " ".join((title or "").split())[:300] or uploaded.name
    facts = inspect(uploaded)
    existing = StoredDocument.objects.filter(citizen_id=citizen_id, sha256=facts["sha256"]).first()
    if existing:
        return existing
    document = StoredDocument(
        citizen_id=citizen_id,
        title=title,
        source=Source.UPLOADED,
        original_name=facts["original_name"],
        content_type=facts["content_type"],
        size=facts["size"],
        pages=facts["pages"],
        sha256=facts["sha256"],
        added_by=actor,
    )
    document.file.save(f"file{facts['extension']}", uploaded, save=False)
    file_written(document.file)  # an enclosing `discarding_files()` (online filing) deletes it if it fails
    try:
        with transaction.atomic():
            document.save()
    except IntegrityError:  # the same file arrived twice at once
        document.file.storage.delete(document.file.name)
        return StoredDocument.objects.get(citizen_id=citizen_id, sha256=facts["sha256"])
    return document


def document_collect(*, attachment, source: str) -> StoredDocument | None:
    """Keep a dossier's scan or result in its applicant's store (no copy of the bytes: same stored file)."""
    dossier = attachment.dossier
    if not dossier.citizen_id:
        return None
    title = attachment.document.name[:300] if attachment.document_id else attachment.original_name
    document, _created = StoredDocument.objects.get_or_create(
        citizen_id=dossier.citizen_id,
        sha256=attachment.sha256,
        defaults={
            "title": title,
            "source": source,
            "file": attachment.file.name,
            "original_name": attachment.original_name,
            "content_type": attachment.content_type,
            "size": attachment.size,
            "pages": attachment.pages,
            "dossier": dossier,
            "attachment": attachment,
            "added_by": attachment.uploaded_by,
        },
    )
    return document


def documents_of(user):
    citizen_id = owner_id(user)
    return StoredDocument.objects.filter(citizen_id=citizen_id) if citizen_id else StoredDocument.objects.none()


def document_for(user, pk: int) -> StoredDocument:
    """One of the user's own documents; any other answers "not found", so document ids cannot be probed."""
    document = documents_of(user).filter(pk=pk).first()
    if document is None:
        raise Http404(_("This document is not in your data store."))
    return document
