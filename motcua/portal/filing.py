"""Online filing by citizens and agents — the one path for the web page and the API alike.

The rules of online filing live here, not in the page's form or the API's schema:
- who may file is `permissions.may_file`: a citizen only with a verified identity (the national identity login or
  an officer's check), an agent only for an active agent organisation;
- a citizen files in their own name: the applicant's name and citizen ID are their verified identity, whatever was
  sent; an applicant other than oneself only for an agent, with the citizen's signed authorisation (checked like
  every upload) recorded with the dossier;
- online dossiers are received by the province's service centre: only staff may name another receiving unit;
- an `Idempotency-Key` retry gets the first request's dossier; the key with a different request is refused;
- nothing is asked twice (`documents_not_asked`): the paper declaration the e-form stands in for, and a verified
  citizen's ID card scan, are not asked for and count as presented; the e-form's properties that hold the
  applicant's identity (`x-applicant`) are filled from the applicant (`eform_prefill`).

The dossier, its documents (new or from the data store) and the authorisation are written in one transaction;
if it fails, every file it wrote (data store, attachments) is deleted again (`core.files.discarding_files`).
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts.models import IDENTITY_NOT_VERIFIED, AccountKind
from motcua.catalog.eforms import eform_prefill
from motcua.catalog.models import Channel, DocumentKind
from motcua.catalog.selectors import version_in_force
from motcua.core.errors import InputErrorCode, Refused
from motcua.core.files import discarding_files
from motcua.core.uploads import inspect
from motcua.datastore.services import document_upload
from motcua.dossiers import permissions
from motcua.dossiers.errors import DossierErrorCode
from motcua.dossiers.models import ApplicantKind, Authorisation, Dossier
from motcua.dossiers.services import (
    PresentedDocument,
    attachment_add,
    attachment_reuse,
    dossier_create,
    idempotency_claim,
    idempotency_settle,
    request_fingerprint,
)
from motcua.org.models import RECEIVING_KINDS, Unit
from motcua.org.selectors import province_centre


@dataclass(frozen=True)
class Filed:
    dossier: Dossier
    replayed: bool = False  # a retry with the same Idempotency-Key: the first request's dossier, nothing written


def filing_refused(actor) -> Refused | None:
    """Why `actor` may not file online, or None when they may (the rule itself is `permissions.may_file`)."""
    if permissions.may_file(actor, Channel.ONLINE, None):
        return None
    kind = actor.kind if actor.is_authenticated else None
    if kind == AccountKind.CITIZEN:
        return Refused(str(IDENTITY_NOT_VERIFIED), code=DossierErrorCode.IDENTITY_NOT_VERIFIED)
    if kind == AccountKind.AGENT:
        return Refused(
            _("Your account is not attached to an active agent organisation."),
            code=DossierErrorCode.NO_AGENT_ORGANISATION,
        )
    return Refused(_("You may not file dossiers here."), code=DossierErrorCode.NOT_ALLOWED)


def filing_refusal(actor) -> str:
    """Why `actor` may not file online, or "" when they may."""
    refused = filing_refused(actor)
    return refused.message if refused else ""


def documents_not_asked(version, actor, documents=None) -> dict[int, str]:
    """The version's required documents online filing does not ask `actor` for (id → why): the declaration
    when the e-form stands in for it, and the citizen ID card of a citizen whose identity is verified (the
    national identity login or an officer's check vouched for it). Agents file for someone else: they are
    asked for the ID card. The counter asks for every document as before."""
    documents = version.documents.all() if documents is None else documents
    verified_citizen = actor.is_authenticated and actor.kind == AccountKind.CITIZEN and bool(actor.verified_citizen_id)
    why = {
        DocumentKind.DECLARATION: _("The e-form below stands in for it.") if version.eform else "",
        DocumentKind.CITIZEN_ID: _("Your identity is verified: no scan of your ID card is needed.")
        if verified_citizen
        else "",
    }
    return {doc.pk: why[doc.kind] for doc in documents if why.get(doc.kind)}


def _receiving_unit(actor, commune, code: str) -> Unit:
    if not code:
        centre = province_centre(commune.province_id)
        if centre is None:
            raise ValidationError(
                {
                    "commune": ValidationError(
                        _("No service centre receives dossiers for this province yet."), code=DossierErrorCode.NO_CENTRE
                    )
                }
            )
        return centre
    if not (actor.is_authenticated and actor.kind == AccountKind.STAFF):
        raise Refused(
            _("Only staff may choose the receiving unit: the province's service centre receives online dossiers."),
            code=DossierErrorCode.STAFF_ONLY,
        )
    unit = Unit.objects.filter(code=code, kind__in=RECEIVING_KINDS, is_active=True).first()
    if unit is None:
        raise ValidationError(
            {
                "receiving_unit_code": ValidationError(
                    _("No service centre, branch or service point has this code."), code=DossierErrorCode.UNKNOWN_UNIT
                )
            }
        )
    return unit


def _applicant(actor, sent: dict) -> dict:
    """A citizen's applicant is their verified self; an agent's is the citizen who authorised them."""
    if actor.kind != AccountKind.CITIZEN:
        return sent
    own = {"applicant_kind": ApplicantKind.PERSON, "tax_code": "", "representative": ""}
    return sent | own | {"applicant_name": actor.full_name, "citizen_id": actor.verified_citizen_id}


@discarding_files()
@transaction.atomic
def online_file(
    *,
    actor,
    procedure,
    commune,
    applicant: dict,
    form_data,
    case_code: str = "",
    receiving_unit_code: str = "",
    stored: dict | None = None,
    uploads: dict | None = None,
    authorisation=None,
    idempotency_key: str = "",
) -> Filed:
    """File online. `stored`: required document id → StoredDocument; `uploads`: required document id → uploaded
    file; `authorisation`: the citizen's signed authorisation (agents; an uploaded file)."""
    stored, uploads = stored or {}, uploads or {}
    receiving_unit = _receiving_unit(actor, commune, receiving_unit_code)
    if refused := filing_refused(actor):
        raise refused
    is_agent = actor.kind == AccountKind.AGENT
    if is_agent and authorisation is None:
        raise ValidationError(
            {
                "authorisation": ValidationError(
                    _("Attach the citizen's signed authorisation."), code=InputErrorCode.REQUIRED
                )
            }
        )
    files = {f"upload_{required_id}": upload for required_id, upload in uploads.items()}
    if authorisation is not None:
        files["authorisation"] = authorisation
    facts, problems = {}, {}
    for field, upload in files.items():  # every file is checked before anything is written
        try:
            facts[field] = inspect(upload)
        except ValidationError as error:
            problems[field] = error.error_dict["file"]
    if problems:
        raise ValidationError(problems)
    if idempotency_key:
        request = {
            "procedure": procedure.code,
            "commune": commune.code,
            "case": case_code,
            "receiving_unit": receiving_unit_code,
            "applicant": applicant,
            "form_data": form_data,
            "stored": {str(required_id): document.pk for required_id, document in stored.items()},
            "files": {field: found["sha256"] for field, found in facts.items()},
        }
        first = idempotency_claim(actor=actor, key=idempotency_key, request_hash=request_fingerprint(request))
        if first is not None:
            return Filed(first, replayed=True)
    given = set(stored) | set(uploads)
    person = _applicant(actor, applicant)
    version = version_in_force(procedure, timezone.localdate())
    if version is not None:  # none: dossier_create says the procedure is not in force
        given |= set(documents_not_asked(version, actor))
        form_data = eform_prefill(version.eform, form_data, person)
    dossier = dossier_create(
        actor=actor,
        procedure=procedure,
        channel=Channel.ONLINE,
        receiving_unit=receiving_unit,
        commune=commune,
        applicant=person,
        case_code=case_code,
        form_data=form_data,
        documents=[PresentedDocument(required_id, presented=True) for required_id in given],
    )
    checklist = {d.required_id: d for d in dossier.documents.all()}
    for required_id, document in stored.items():
        attachment_reuse(actor=actor, stored=document, dossier=dossier, document=checklist[required_id])
    for required_id, upload in uploads.items():
        if actor.verified_citizen_id:  # a citizen's uploads go to their data store first
            kept = document_upload(actor=actor, uploaded=upload, title=checklist[required_id].name)
            attachment_reuse(actor=actor, stored=kept, dossier=dossier, document=checklist[required_id], fresh=True)
        else:
            attachment_add(actor=actor, dossier=dossier, uploaded=upload, document=checklist[required_id])
    if is_agent:
        signed = attachment_add(actor=actor, dossier=dossier, uploaded=authorisation)
        Authorisation.objects.create(
            dossier=dossier,
            agent=actor,
            organisation=actor.agent_organisation,
            citizen_name=dossier.applicant_name,
            citizen_id=dossier.citizen_id,
            document=signed,
        )
    if idempotency_key:
        idempotency_settle(actor=actor, key=idempotency_key, dossier=dossier)
    return Filed(dossier)
