"""Supplements: what is asked for (one request, one row per missing item) and what comes back, item by item.

A request is opened by the desk's check (`desk.dossier_request_supplement_at_desk`) or by appraisal
(`decisions.dossier_request_supplement`); `dossier_receive_supplement` records what was handed in — at the desk,
with a scan per item, or online by the applicant — and the clock moves on only once nothing is missing."""

from collections.abc import Iterable, Mapping, Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts.models import AccountKind
from motcua.core.actors import actor_required
from motcua.core.files import discarding_files
from motcua.core.uploads import inspect
from motcua.datastore.models import Source, StoredDocument
from motcua.datastore.services import document_collect

from ..actions import Action
from ..clock import appointment, unit_calendar
from ..errors import DossierErrorCode
from ..models import Attachment, AttachmentKind, ClockRule, Dossier, SupplementItem, SupplementRequest
from ..selectors import open_supplement
from ..states import State
from .attachments import _store, attachment_add, attachment_reuse
from .lifecycle import perform
from .steps import step_start


def supplement_request_open(dossier: Dossier, *, items: Sequence[str], note: str, actor, at) -> SupplementRequest:
    """The request's rows, written by the requesting action inside its transaction (items already cleaned)."""
    request = SupplementRequest.objects.create(
        dossier=dossier,
        asked_at=at,
        asked_by=actor.get_full_name() if actor.is_authenticated else _("System"),
        note=note,
    )
    SupplementItem.objects.bulk_create(
        SupplementItem(request=request, position=n, text=text) for n, text in enumerate(items, start=1)
    )
    return request


def dossier_receive_supplement(
    *,
    actor,
    dossier,
    note: str = "",
    note_public: bool = False,
    received: Iterable[int] | None = None,
    scans: Mapping[int, Sequence] | None = None,
    revision=None,
) -> Dossier:
    """The supplement arrived, wholly or in part.

    `received`: the ids of the open request's items handed in; with neither `received` nor `scans`, every item
    still missing (the applicant answering online, or an officer receiving everything). `scans` maps an item's
    id to its scanned files; a scanned item counts as received. Only once no item is missing does the dossier go
    on: back to the desk's check (if it was never received) or the clock restarts; until then it stays waiting
    for the rest. Files the applicant attached online since the request are filed with it. `note_public`: the
    applicant reads the note (theirs, when they answer online)."""
    scans = {int(pk): list(files) for pk, files in (scans or {}).items() if files}
    facts = {pk: [(upload, inspect(upload)) for upload in files] for pk, files in scans.items()}
    person = actor if actor.is_authenticated else None

    def apply(d: Dossier):
        now = timezone.now()
        request = open_supplement(d)
        staged = {}
        if request is not None:
            missing = {item.pk: item for item in request.items.filter(received_at=None)}
            everything = received is None and not facts
            wanted = set(missing) if everything else {int(pk) for pk in received or ()} | set(facts)
            if wanted - set(missing):
                raise ValidationError(
                    {
                        "received": ValidationError(
                            _("An item received is not among those still missing."), code=DossierErrorCode.NOT_ASKED
                        )
                    }
                )
            if missing and not wanted:
                raise ValidationError(
                    {
                        "received": ValidationError(
                            _("Tick the items handed in, or scan them."), code=DossierErrorCode.NOTHING_RECEIVED
                        )
                    }
                )
            staff = person is not None and person.kind == AccountKind.STAFF
            for pk in sorted(wanted):
                item = missing.pop(pk)
                item.received_at, item.received_by = now, person
                item.save(update_fields=["received_at", "received_by"])
                for upload, found in facts.get(pk, []):
                    attachment = _store(d, upload, found, AttachmentKind.SUPPLEMENT, actor)
                    attachment.supplement, attachment.supplement_item = request, item
                    attachment.save(update_fields=["supplement", "supplement_item"])
                    document_collect(attachment=attachment, source=Source.DIGITISED if staff else Source.UPLOADED)
                staged.setdefault("received", []).append(item.text)
            if missing:  # part of it: the dossier keeps waiting for the rest, the clock stays paused
                return {
                    "state": d.state,
                    "unit": d.receiving_unit,
                    "note": note,
                    "note_public": note_public,
                    "data": {**staged, "still_missing": [item.text for item in missing.values()]},
                }
            # The applicant's note (or a public one) is kept with the answer; an officer's internal note stays on
            # the event only, which the applicant never reads.
            request.answered_at, request.answer_note = now, note if note_public else ""
            request.save(update_fields=["answered_at", "answer_note"])
            Attachment.objects.filter(
                Q(kind=AttachmentKind.SUPPLEMENT) | Q(kind=AttachmentKind.SUBMISSION, document=None),
                dossier=d,
                supplement=None,
                uploaded_at__gte=request.asked_at,
            ).update(supplement=request)
        if d.received_at is None:  # a supplement to the desk's check: the desk checks again
            return {
                "state": State.SUBMITTED,
                "unit": d.receiving_unit,
                "note": note,
                "note_public": note_public,
                "data": staged,
            }
        calendar = unit_calendar(d.receiving_unit)
        paused = calendar.working_time_between(d.clock_paused_at, now)
        if d.clock_rule == ClockRule.RESTART:
            d.due_at = appointment(d, now)
        elif d.due_at:
            d.due_at = calendar.add_working_time(d.due_at, paused)
        d.is_overdue = False
        d.clock_paused_at = None
        if d.current_step:
            step_start(d, d.current_step, now)
        return {
            "state": State.IN_PROCESS,
            "unit": d.receiving_unit,
            "note": note,
            "note_public": note_public,
            "data": {
                **staged,
                "paused_hours": round(paused.total_seconds() / 3600, 2),
                "due_at": d.due_at.isoformat() if d.due_at else None,
            },
        }

    with discarding_files():
        return perform(Action.RECEIVE_SUPPLEMENT, actor=actor, dossier=dossier, revision=revision, apply=apply)


def dossier_answer_supplement(
    *, actor, dossier: Dossier, uploaded=None, stored: StoredDocument | None = None, note: str = "", revision=None
) -> Dossier:
    """The applicant answers a supplement request online: a new file and/or one from their data store, then the
    supplement is received. All or nothing: if the dossier's page was stale or the action is refused, no
    attachment stays and the new file is deleted again."""
    actor_required(actor)
    with discarding_files(), transaction.atomic():
        if stored is not None:
            attachment_reuse(actor=actor, stored=stored, dossier=dossier)
        if uploaded is not None:
            attachment_add(actor=actor, dossier=dossier, uploaded=uploaded, kind=AttachmentKind.SUPPLEMENT)
        # the applicant's own note: they read it in their history
        return dossier_receive_supplement(actor=actor, dossier=dossier, note=note, note_public=True, revision=revision)
