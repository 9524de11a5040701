"""Reading dossiers through the API: a dossier one may see, the public lookup; the shapes other routers share.

Filing (`POST /dossiers`) is in `motcua/portal/api.py`, through the same service as the web filing page."""

from datetime import datetime

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.security import django_auth

from motcua.api.errors import errors

from . import permissions, selectors
from .labels import action_label
from .models import Dossier
from .states import PORTAL_STATUS

router = Router(tags=["dossiers"])


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


class EventOut(Schema):
    at: datetime
    action: str
    label: str
    state: str
    note: str
    note_public: bool


class DossierDetailOut(DossierOut):
    timeline: list[EventOut]


class LookupOut(Schema):
    code: str
    procedure: str
    applicant: str
    state: str
    received_at: datetime | None
    due_at: datetime | None
    timeline: list[TimelineEntry]


def dossier_out(dossier) -> DossierOut:
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


@router.get(
    "/dossiers/{code}",
    auth=django_auth,
    response=DossierDetailOut,
    summary="A dossier you may see, with its timeline",
    description="Staff who handle the dossier read every event and note; the applicant reads the public events "
    "and only the notes made visible to them (internal notes come as an empty string).",
)
def dossier_detail(request, code: str):
    dossier = get_object_or_404(Dossier.objects.select_related("procedure", "receiving_unit"), code=code)
    if not permissions.may_view(request.user, dossier):
        raise HttpError(404, _("No dossier has this code."))
    if permissions.reads(request.user, dossier):
        events = dossier.events.order_by("seq")
    else:
        events = selectors.public_timeline(dossier)
    return DossierDetailOut(
        **dossier_out(dossier).dict(),
        timeline=[
            EventOut(
                at=e.at,
                action=e.action,
                label=action_label(e.action),
                state=e.to_state,
                note=e.note,
                note_public=e.note_public,
            )
            for e in events
        ],
    )


@router.get(
    "/lookup/{code}",
    response={200: LookupOut, **errors(429)},
    summary="Public lookup by dossier code (no personal data)",
)
def dossier_lookup(request, code: str):
    dossier = selectors.public_lookup(request, code)  # LookupRefused is a 429 (motcua/api/errors.py)
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
            TimelineEntry(at=e.at, action=e.action, label=action_label(e.action), state=e.to_state)
            for e in selectors.public_timeline(dossier)
        ],
    )
