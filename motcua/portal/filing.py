"""Online filing by citizens and agents: the dossier, its documents (new or from the data store) and, for
agents, the citizen's authorisation — all in one transaction."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from motcua.accounts.models import AccountKind
from motcua.catalog.models import Channel
from motcua.datastore.services import document_upload, reuse_in_dossier
from motcua.dossiers.attachments import attachment_add, inspect
from motcua.dossiers.models import Authorisation, Dossier
from motcua.dossiers.services import PresentedDocument, dossier_create
from motcua.org.selectors import province_centre


@transaction.atomic
def online_file(
    *,
    actor,
    procedure,
    commune,
    applicant: dict,
    form_data,
    case_code: str = "",
    stored: dict | None = None,
    uploads: dict | None = None,
    authorisation=None,
) -> Dossier:
    """`stored`: required document id → StoredDocument; `uploads`: required document id → uploaded file."""
    stored, uploads = stored or {}, uploads or {}
    is_agent = actor.kind == AccountKind.AGENT
    if is_agent and (actor.agent_organisation_id is None or not actor.agent_organisation.is_active):
        raise PermissionDenied(_("Your account is not attached to an active agent organisation."))
    if is_agent and authorisation is None:
        raise ValidationError({"authorisation": _("Attach the citizen's signed authorisation.")})
    files = {f"upload_{required_id}": upload for required_id, upload in uploads.items()}
    if authorisation is not None:
        files["authorisation"] = authorisation
    problems = {}
    for field, upload in files.items():  # every file is checked before anything is written
        try:
            inspect(upload)
        except ValidationError as error:
            problems[field] = error.message_dict["file"]
    if problems:
        raise ValidationError(problems)
    centre = province_centre(commune.province_id)
    if centre is None:
        raise ValidationError({"commune": _("No service centre receives dossiers for this province yet.")})
    given = set(stored) | set(uploads)
    dossier = dossier_create(
        actor=actor,
        procedure=procedure,
        channel=Channel.ONLINE,
        receiving_unit=centre,
        commune=commune,
        applicant=applicant,
        case_code=case_code,
        form_data=form_data,
        documents=[PresentedDocument(required_id, presented=True) for required_id in given],
    )
    checklist = {d.required_id: d for d in dossier.documents.all()}
    for required_id, document in stored.items():
        reuse_in_dossier(actor=actor, stored=document, dossier=dossier, document=checklist[required_id])
    for required_id, upload in uploads.items():
        if actor.kind == AccountKind.CITIZEN and actor.citizen_id:
            kept = document_upload(actor=actor, uploaded=upload, title=checklist[required_id].name)
            reuse_in_dossier(actor=actor, stored=kept, dossier=dossier, document=checklist[required_id], fresh=True)
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
    return dossier
