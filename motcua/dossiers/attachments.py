"""Scans and result files: PDF, JPEG or PNG recognised by their content, size-limited, counted and hashed.

A file that fails any check is refused with a message naming the problem, and nothing is stored.
"""

import hashlib
import io

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from pypdf import PdfReader
from pypdf.errors import PdfReadError

from . import permissions
from .models import Attachment, AttachmentKind, Dossier
from .services import _perform

SIGNATURES = [
    (b"%PDF-", "application/pdf", ".pdf"),
    (b"\xff\xd8\xff", "image/jpeg", ".jpg"),
    (b"\x89PNG\r\n\x1a\n", "image/png", ".png"),
]


def _sniff(head: bytes):
    for magic, content_type, extension in SIGNATURES:
        if head.startswith(magic):
            return content_type, extension
    return None


def _clean_name(name: str) -> str:
    if not name or any(part in name for part in ("/", "\\", "\x00", "..")) or len(name) > 200:
        raise ValidationError(
            {"file": _("The file name “%(name)s” is not allowed; rename the file and try again.") % {"name": name[:60]}}
        )
    return name


def inspect(uploaded) -> dict:
    """Check an uploaded file; return what we store about it."""
    name = _clean_name(getattr(uploaded, "name", "") or "")
    limit = settings.MOTCUA_MAX_UPLOAD_MB * 1024 * 1024
    if uploaded.size > limit:
        raise ValidationError(
            {"file": _("“%(name)s” is larger than %(mb)s MB.") % {"name": name, "mb": settings.MOTCUA_MAX_UPLOAD_MB}}
        )
    if uploaded.size == 0:
        raise ValidationError({"file": _("“%(name)s” is empty.") % {"name": name}})
    uploaded.seek(0)
    head = uploaded.read(16)
    kind = _sniff(head)
    if kind is None:
        raise ValidationError({"file": _("“%(name)s” is not a PDF, JPEG or PNG file.") % {"name": name}})
    content_type, extension = kind
    digest = hashlib.sha256()
    uploaded.seek(0)
    for chunk in uploaded.chunks():
        digest.update(chunk)
    pages = 1
    if content_type == "application/pdf":
        uploaded.seek(0)
        try:
            reader = PdfReader(io.BytesIO(uploaded.read()))
            if reader.is_encrypted:
                raise PdfReadError("encrypted")
            pages = len(reader.pages)
        except (PdfReadError, ValueError, OSError, KeyError):
            raise ValidationError(
                {"file": _("“%(name)s” is a damaged or password-protected PDF.") % {"name": name}}
            ) from None
    uploaded.seek(0)
    return {
        "original_name": name,
        "content_type": content_type,
        "extension": extension,
        "size": uploaded.size,
        "pages": pages,
        "sha256": digest.hexdigest(),
    }


def _store(dossier: Dossier, uploaded, facts: dict, kind: str, actor, document=None) -> Attachment:
    attachment = Attachment(
        dossier=dossier,
        document=document,
        kind=kind,
        original_name=facts["original_name"],
        content_type=facts["content_type"],
        size=facts["size"],
        pages=facts["pages"],
        sha256=facts["sha256"],
        uploaded_by=actor if actor is not None and actor.is_authenticated else None,
    )
    attachment.file.save(f"file{facts['extension']}", uploaded, save=False)
    attachment.save()
    return attachment


def _discarding_file_on_error(store):
    """Run `store`; if it (or its transaction) fails, delete any file it wrote: nothing half-written stays."""
    written = []

    def track(*args, **kwargs):
        attachment = _store(*args, **kwargs)
        written.append(attachment.file)
        return attachment

    try:
        return store(track)
    except BaseException:
        for file in written:
            file.storage.delete(file.name)
        raise


def attachment_add(*, actor, dossier: Dossier, uploaded, document=None, kind=AttachmentKind.SUBMISSION) -> Attachment:
    """Attach a scan of a submitted document or a supplement (desk or applicant)."""
    facts = inspect(uploaded)
    if actor is not None and not (permissions.at_desk(actor, dossier) or permissions.is_applicant(actor, dossier)):
        raise PermissionDenied(_("You may not add files to this dossier."))
    if document is not None and document.dossier_id != dossier.pk:
        raise ValidationError({"document": _("The document does not belong to this dossier.")})

    def store(save):
        from motcua.datastore.models import Source
        from motcua.datastore.services import document_collect

        with transaction.atomic():
            attachment = save(dossier, uploaded, facts, kind, actor, document)
            # Once-only: the applicant's store keeps every scan, whoever made it.
            staff = actor is not None and actor.is_authenticated and actor.kind == "staff"
            document_collect(attachment=attachment, source=Source.DIGITISED if staff else Source.UPLOADED)
            return attachment

    return _discarding_file_on_error(store)


def result_attach(*, actor, dossier: Dossier, uploaded, revision=None) -> Attachment:
    """Attach a result file (the signed decision, certificate, …) — logged as an action."""
    facts = inspect(uploaded)
    stored = {}

    def store(save):
        def apply(d: Dossier):
            stored["attachment"] = save(d, uploaded, facts, AttachmentKind.RESULT, actor)
            return {
                "unit": d.handling_unit,
                "data": {"file": facts["original_name"], "pages": facts["pages"], "sha256": facts["sha256"]},
            }

        _perform("attach_result", actor=actor, dossier=dossier, revision=revision, apply=apply)
        return stored["attachment"]

    return _discarding_file_on_error(store)
