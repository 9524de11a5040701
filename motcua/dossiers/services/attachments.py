"""Files of a dossier: scans of submitted documents and supplements, and result files (inspected first)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from motcua.accounts.models import AccountKind
from motcua.core.actors import actor_required, is_system
from motcua.core.errors import Refused
from motcua.core.files import discarding_files, file_written
from motcua.core.uploads import inspect
from motcua.datastore.errors import DatastoreErrorCode
from motcua.datastore.models import Source, StoredDocument
from motcua.datastore.services import document_collect, owner_id

from .. import permissions
from ..actions import Action
from ..errors import DossierErrorCode
from ..models import Attachment, AttachmentKind, Dossier
from .lifecycle import perform


def _store(dossier: Dossier, uploaded, facts: dict, kind: str, actor, document=None) -> Attachment:
    """Write the file and its row; call inside `discarding_files()`."""
    attachment = Attachment(
        dossier=dossier,
        document=document,
        kind=kind,
        original_name=facts["original_name"],
        content_type=facts["content_type"],
        size=facts["size"],
        pages=facts["pages"],
        sha256=facts["sha256"],
        uploaded_by=actor if actor.is_authenticated else None,
    )
    attachment.file.save(f"file{facts['extension']}", uploaded, save=False)
    file_written(attachment.file)
    attachment.save()
    return attachment


def attachment_add(*, actor, dossier: Dossier, uploaded, document=None, kind=AttachmentKind.SUBMISSION) -> Attachment:
    """Attach a scan of a submitted document or a supplement (desk, applicant, or `SYSTEM` loading data)."""
    actor_required(actor)
    facts = inspect(uploaded)
    if not is_system(actor) and not (permissions.at_desk(actor, dossier) or permissions.is_applicant(actor, dossier)):
        raise Refused(_("You may not add files to this dossier."), code=DossierErrorCode.NOT_ALLOWED)
    if document is not None and document.dossier_id != dossier.pk:
        raise ValidationError(
            {
                "document": ValidationError(
                    _("The document does not belong to this dossier."), code=DossierErrorCode.DOCUMENT_NOT_IN_DOSSIER
                )
            }
        )

    with discarding_files(), transaction.atomic():
        attachment = _store(dossier, uploaded, facts, kind, actor, document)
        # Once-only: the applicant's store keeps every scan, whoever made it.
        staff = actor.is_authenticated and actor.kind == AccountKind.STAFF
        document_collect(attachment=attachment, source=Source.DIGITISED if staff else Source.UPLOADED)
        return attachment


def result_attach(*, actor, dossier: Dossier, uploaded, revision=None) -> Attachment:
    """Attach a result file (the signed decision, certificate, …) — logged as an action."""
    actor_required(actor)
    facts = inspect(uploaded)
    stored = {}

    def apply(d: Dossier):
        stored["attachment"] = _store(d, uploaded, facts, AttachmentKind.RESULT, actor)
        return {
            "unit": d.handling_unit,
            "data": {"file": facts["original_name"], "pages": facts["pages"], "sha256": facts["sha256"]},
        }

    with discarding_files():
        perform(Action.ATTACH_RESULT, actor=actor, dossier=dossier, revision=revision, apply=apply)
    return stored["attachment"]


def attachment_reuse(*, actor, stored: StoredDocument, dossier, document=None, fresh: bool = False):
    """Attach a stored document to a new dossier without uploading it again.

    `fresh`: the document was uploaded for this very dossier (kept in the store on the way), so it is not a reuse."""
    if stored.citizen_id != owner_id(actor):
        raise Refused(_("This document is not in your data store."), code=DatastoreErrorCode.NOT_IN_STORE)
    if document is not None and document.dossier_id != dossier.pk:
        raise ValidationError(
            {
                "document": ValidationError(
                    _("The document does not belong to this dossier."), code=DatastoreErrorCode.DOCUMENT_NOT_IN_DOSSIER
                )
            }
        )
    return Attachment.objects.create(
        dossier=dossier,
        document=document,
        kind=AttachmentKind.SUBMISSION,
        file=stored.file.name,
        original_name=stored.original_name,
        content_type=stored.content_type,
        size=stored.size,
        pages=stored.pages,
        sha256=stored.sha256,
        reused=not fresh,
        uploaded_by=actor,
    )
