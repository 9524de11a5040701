from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Header, Router, Schema, Status
from ninja.errors import HttpError
from ninja.security import django_auth

from motcua.api.errors import FieldErrors, errors, field_errors
from motcua.catalog.models import Procedure
from motcua.geo.models import Commune
from motcua.org.models import RECEIVING_KINDS, Unit
from motcua.org.selectors import province_centre

from . import permissions, selectors, services
from .models import Dossier, IdempotencyKey
from .states import PORTAL_STATUS

router = Router(tags=["dossiers"])


class ApplicantIn(Schema):
    applicant_kind: str = "person"
    applicant_name: str
    citizen_id: str = ""
    date_of_birth: date | None = None
    tax_code: str = ""
    representative: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""


class DossierIn(Schema):
    procedure_code: str
    commune_code: str
    case_code: str = ""
    receiving_unit_code: str = ""
    applicant: ApplicantIn
    form_data: dict | None = None


class DossierOut(Schema):
    code: str
    state: str
    state_label: str
    portal_status: int
    procedure_code: str
    submitted_at: datetime
    received_at: datetime | None
    due_at: datetime | None


class TimelineEntry(Schema):
    at: datetime
    action: str
    label: str
    state: str


class LookupOut(Schema):
    code: str
    procedure: str
    applicant: str
    state: str
    received_at: datetime | None
    due_at: datetime | None
    timeline: list[TimelineEntry]


def _out(dossier) -> DossierOut:
    return DossierOut(
        code=dossier.code,
        state=dossier.state,
        state_label=dossier.get_state_display(),
        portal_status=PORTAL_STATUS[dossier.state],
        procedure_code=dossier.procedure.code,
        submitted_at=dossier.submitted_at,
        received_at=dossier.received_at,
        due_at=dossier.due_at,
    )


@router.post(
    "/dossiers",
    auth=django_auth,
    response={201: DossierOut, 200: DossierOut, 403: dict, 422: FieldErrors},
    summary="File a dossier online; it waits for the desk's check",
)
def dossier_file(request, payload: DossierIn, idempotency_key: str = Header("", alias="Idempotency-Key")):
    procedure = Procedure.objects.filter(code=payload.procedure_code, is_active=True).first()
    commune = Commune.objects.filter(code=payload.commune_code).first()
    missing = {}
    if procedure is None:
        missing["procedure_code"] = _("No procedure has this code.")
    if commune is None:
        missing["commune_code"] = _("No commune has this code.")
    if missing:
        return Status(422, field_errors(ValidationError(missing)))
    if payload.receiving_unit_code:
        unit = Unit.objects.filter(code=payload.receiving_unit_code, kind__in=RECEIVING_KINDS, is_active=True).first()
    else:  # online dossiers are received by the province's centre
        unit = province_centre(commune.province_id)
    if unit is None:
        return Status(
            422, field_errors(ValidationError({"receiving_unit_code": _("No service centre receives here.")}))
        )
    if len(idempotency_key) > 100:
        return Status(422, field_errors(ValidationError({"Idempotency-Key": _("At most 100 characters.")})))
    replay = bool(idempotency_key) and IdempotencyKey.objects.filter(user=request.user, key=idempotency_key).exists()
    try:
        dossier = services.dossier_create(
            actor=request.user,
            procedure=procedure,
            channel="online",
            receiving_unit=unit,
            commune=commune,
            applicant=payload.applicant.dict(),
            case_code=payload.case_code,
            form_data=payload.form_data,
            idempotency_key=idempotency_key,
        )
    except PermissionDenied as error:
        return Status(403, {"detail": str(error)})
    except ValidationError as error:
        return Status(422, field_errors(error))
    return Status(200 if replay else 201, _out(dossier))


@router.get("/dossiers/{code}", auth=django_auth, response=DossierOut, summary="A dossier you may see")
def dossier_detail(request, code: str):
    dossier = get_object_or_404(Dossier.objects.select_related("procedure", "receiving_unit"), code=code)
    if not permissions.may_view(request.user, dossier):
        raise HttpError(404, _("No dossier has this code."))
    return _out(dossier)


@router.get(
    "/lookup/{code}",
    response={200: LookupOut, **errors(429)},
    summary="Public lookup by dossier code (no personal data)",
)
def dossier_lookup(request, code: str):
    if not selectors.lookup_allowed(request):
        raise HttpError(429, _("Too many lookups; wait a minute and try again."))
    dossier = selectors.lookup(code)
    if dossier is None:
        raise HttpError(404, _("No dossier has this code. Check the code on your receipt."))
    return LookupOut(
        code=dossier.code,
        procedure=dossier.version.name,
        applicant=selectors.mask_name(dossier.applicant_name),
        state=dossier.get_state_display(),
        received_at=dossier.received_at,
        due_at=dossier.due_at,
        timeline=[
            TimelineEntry(at=e.at, action=e.action, label=services.action_label(e.action), state=e.to_state)
            for e in selectors.public_timeline(dossier)
        ],
    )
