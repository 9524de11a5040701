"""POST /api/v1/dossiers: online filing through the API (mounted in motcua/api/api.py).

A thin adapter onto `portal.filing.online_file`, the service the web filing page uses: the same rules decide who
may file, in whose name and where, whichever way the dossier arrives."""

import base64
import binascii
from datetime import date

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.translation import gettext as _
from ninja import Field, Header, Router, Schema, Status
from ninja.security import django_auth

from motcua.api.errors import errors
from motcua.catalog.models import Procedure
from motcua.core.errors import InputErrorCode
from motcua.dossiers.api import DossierOut, dossier_out
from motcua.dossiers.errors import DossierErrorCode
from motcua.dossiers.models import ApplicantKind
from motcua.geo.models import Commune

from .filing import online_file

router = Router(tags=["dossiers"])


class ApplicantIn(Schema):
    applicant_kind: str = ApplicantKind.PERSON
    applicant_name: str = ""
    citizen_id: str = ""
    date_of_birth: date | None = None
    tax_code: str = ""
    representative: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""


class FileIn(Schema):
    name: str = Field(description="File name, e.g. uy-quyen.pdf")
    content: str = Field(description="The file's bytes in base64: a PDF, JPEG or PNG within the upload size limit")


class DossierIn(Schema):
    procedure_code: str
    commune_code: str
    case_code: str = ""
    receiving_unit_code: str = Field("", description="Staff only; online dossiers go to the province's centre")
    applicant: ApplicantIn = Field(description="A citizen's own name and citizen ID are always used instead")
    form_data: dict | None = None
    authorisation: FileIn | None = Field(None, description="Agents: the citizen's signed authorisation")


def _decoded(upload: FileIn | None):
    if upload is None:
        return None
    try:
        content = base64.b64decode(upload.content, validate=True)
    except (binascii.Error, ValueError):
        raise ValidationError(
            {
                "authorisation": ValidationError(
                    _("The authorisation's content is not valid base64."), code=InputErrorCode.INVALID
                )
            }
        ) from None
    return SimpleUploadedFile(upload.name, content)


@router.post(
    "/dossiers",
    auth=django_auth,
    response={201: DossierOut, 200: DossierOut, **errors(403, 422)},
    summary="File a dossier online; it waits for the desk's check",
)
def dossier_file(request, payload: DossierIn, idempotency_key: str = Header("", alias="Idempotency-Key")):
    procedure = Procedure.objects.filter(code=payload.procedure_code, is_active=True).first()
    commune = Commune.objects.filter(code=payload.commune_code).first()
    missing = {}
    if procedure is None:
        missing["procedure_code"] = ValidationError(
            _("No procedure has this code."), code=DossierErrorCode.UNKNOWN_PROCEDURE
        )
    if commune is None:
        missing["commune_code"] = ValidationError(_("No commune has this code."), code=DossierErrorCode.UNKNOWN_COMMUNE)
    if missing:
        raise ValidationError(missing)
    # A refusal (PermissionDenied → 403) or a field error (ValidationError → 422) is answered by the API's
    # exception handlers (motcua/api/errors.py), in the shapes declared above.
    filed = online_file(
        actor=request.user,
        procedure=procedure,
        commune=commune,
        applicant=payload.applicant.dict(),
        form_data=payload.form_data,
        case_code=payload.case_code,
        receiving_unit_code=payload.receiving_unit_code,
        authorisation=_decoded(payload.authorisation),
        idempotency_key=idempotency_key,
    )
    return Status(200 if filed.replayed else 201, dossier_out(filed.dossier))
