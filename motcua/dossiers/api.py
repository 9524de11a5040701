"""Reading dossiers through the API: a dossier one may see, the public lookup; the shapes other routers share.

Filing (`POST /dossiers`) is in `motcua/portal/api.py`, through the same service as the web filing page."""

from datetime import datetime

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
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


class AnswerOut(Schema):
    """One answer of the e-form, labelled from its schema: a value (`text`), an object (`children`: its fields)
    or an array (`children`: its elements; `columns`: the labels of an array of objects)."""

    key: str
    label: str
    kind: str
    text: str = ""
    children: list["AnswerOut"] = []
    columns: list[str] = []


AnswerOut.model_rebuild()


class FileOut(Schema):
    id: int
    name: str
    content_type: str
    size: int
    pages: int
    sha256: str
    kind: str
    url: str


class DocumentOut(Schema):
    name: str
    presented: bool
    originals: int
    copies: int
    files: list[FileOut]


class SupplementItemOut(Schema):
    text: str
    received_at: datetime | None
    files: list[FileOut]


class SupplementOut(Schema):
    asked_at: datetime
    asked_by: str
    note: str
    answered_at: datetime | None
    answer_note: str
    items: list[SupplementItemOut]
    files: list[FileOut] = Field(description="Files sent with the answer, not tied to one item")


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
    """A dossier with what was filed: the e-form declaration (raw and labelled), documents and their files,
    supplements (asked, handed in, files) and the result files one may see, and its timeline."""

    form_data: dict | None
    declaration: list[AnswerOut]
    documents: list[DocumentOut]
    other_files: list[FileOut]
    supplements: list[SupplementOut]
    results: list[FileOut]
    timeline: list[EventOut] = Field(
        description="Staff read every event and note; the applicant the public events, internal notes blanked"
    )


class LookupOut(Schema):
    code: str
    procedure: str
    applicant: str
    state: str
    received_at: datetime | None
    due_at: datetime | None
    timeline: list[TimelineEntry]
    # While a supplement is requested: what the applicant still has to bring (the items asked, no note).
    missing: list[str] = []


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


def _file_out(request, dossier, attachment, staff: bool) -> FileOut:
    route = "dossiers:attachment" if staff else "portal:my_dossier_file"
    return FileOut(
        id=attachment.pk,
        name=attachment.original_name,
        content_type=attachment.content_type,
        size=attachment.size,
        pages=attachment.pages,
        sha256=attachment.sha256,
        kind=attachment.kind,
        url=request.build_absolute_uri(reverse(route, args=[dossier.code, attachment.pk])),
    )


def _answer_out(answer) -> AnswerOut:
    return AnswerOut(
        key=answer.key,
        label=answer.label,
        kind=answer.kind,
        text=answer.text,
        children=[_answer_out(child) for child in answer.children],
        columns=answer.columns,
    )


@router.get(
    "/dossiers/{code}",
    auth=django_auth,
    response=DossierDetailOut,
    summary="A dossier you may see, with its declaration, documents, supplements and timeline",
    description="Staff who handle the dossier read every event and note; the applicant reads the public events "
    "and only the notes made visible to them (internal notes come as an empty string).",
)
def dossier_detail(request, code: str):
    dossier = get_object_or_404(Dossier.objects.select_related("procedure", "version", "receiving_unit"), code=code)
    staff = permissions.reads(request.user, dossier)
    if not (staff or permissions.is_applicant(request.user, dossier)):
        raise HttpError(404, _("No dossier has this code."))
    filing = selectors.dossier_filing(dossier, results=staff or permissions.result_released(dossier))

    def files(attachments):
        return [_file_out(request, dossier, a, staff) for a in attachments]

    return DossierDetailOut(
        **dossier_out(dossier).model_dump(),
        form_data=dossier.form_data,
        declaration=[_answer_out(a) for a in filing.declaration],
        documents=[
            DocumentOut(
                name=d.name, presented=d.presented, originals=d.originals, copies=d.copies, files=files(d.scans)
            )
            for d in filing.documents
        ],
        other_files=files(filing.other_files),
        supplements=[
            SupplementOut(
                asked_at=r.asked_at,
                asked_by=r.asked_by,
                note=r.note,
                answered_at=r.answered_at,
                answer_note=r.answer_note,
                items=[
                    SupplementItemOut(text=i.text, received_at=i.received_at, files=files(i.scans)) for i in r.item_list
                ],
                files=files(r.loose_scans),
            )
            for r in filing.supplements
        ],
        results=files(filing.results),
        timeline=[
            EventOut(
                at=e.at,
                action=e.action,
                label=action_label(e.action),
                state=e.to_state,
                note=e.note,
                note_public=e.note_public,
            )
            for e in (dossier.events.order_by("seq") if staff else selectors.public_timeline(dossier))
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
        missing=selectors.supplement_missing(dossier),
    )
