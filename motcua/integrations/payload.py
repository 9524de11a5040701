"""What the portal receives for one status change (field by field in docs/portal-sync.md).

A payload has two parts: the dossier's facts (shared by its messages, so the backfill computes them once
per dossier) and the event's (status code, flags, the moment of the change). Moments are ISO 8601 in
Vietnam's time (+07:00), whatever the server's time zone."""

from django.apps import apps

from motcua.core.working_time import TZ
from motcua.dossiers.actions import Action
from motcua.dossiers.models import AttachmentKind, Dossier, DossierEvent
from motcua.dossiers.states import PORTAL_STATUS, TERMINAL, State

try:
    from motcua.payments.fees import fee_summary
except ImportError:  # the sync works without the payments app: fees are then reported as unknown
    fee_summary = None

PAYLOAD_VERSION = 1
# Events that change what the portal shows without changing the state.
FLAG_ACTIONS = frozenset({Action.FLAG_OVERDUE, Action.APOLOGISE})


def moment(value) -> str | None:
    return value.astimezone(TZ).isoformat(timespec="seconds") if value else None


def _fees(dossier: Dossier) -> dict | None:
    if fee_summary is None or not apps.is_installed("motcua.payments"):
        return None
    summary = fee_summary(dossier)
    return {"total": summary.total, "paid": summary.paid, "outstanding": summary.outstanding}


def dossier_facts(dossier: Dossier) -> dict:
    """The dossier's side of a payload (about six queries: fees and result files)."""
    results = dossier.attachments.filter(kind=AttachmentKind.RESULT).order_by("id")
    handling = dossier.handling_unit
    return {
        "dossier_code": dossier.code,
        "procedure_code": dossier.procedure.code,
        "channel": dossier.channel,
        "applicant": {
            "kind": dossier.applicant_kind,
            "name": dossier.applicant_name,
            "citizen_id": dossier.citizen_id,
            "tax_code": dossier.tax_code,
        },
        "submitted_at": moment(dossier.submitted_at),
        "received_at": moment(dossier.received_at),
        "appointment_at": moment(dossier.due_at),
        "original_appointment_at": moment(dossier.original_due_at),
        "finished_at": moment(dossier.finished_at),
        "handling_agency": {"code": handling.code, "name": handling.name} if handling else None,
        "receiving_agency": {"code": dossier.receiving_unit.code},
        "overdue": dossier.is_overdue,
        "extended": dossier.apologised,
        "fees": _fees(dossier),
        "results": [
            {"name": name, "sha256": digest} for name, digest in results.values_list("original_name", "sha256")
        ],
    }


def build_payload(facts: dict, event: DossierEvent) -> dict:
    """The message for `event`: its status, as of the event, with the dossier's facts."""
    state = event.to_state
    fees = facts["fees"]
    owes = bool(fees and fees["outstanding"] > 0)
    return {
        "version": PAYLOAD_VERSION,
        "dossier_code": facts["dossier_code"],
        "procedure_code": facts["procedure_code"],
        "channel": facts["channel"],
        "applicant": facts["applicant"],
        "status": PORTAL_STATUS[state],
        "state": state,
        "event": {
            "seq": event.seq,
            "action": event.action,
            "at": moment(event.at),
            "note": event.note if event.note_public else "",
        },
        "submitted_at": facts["submitted_at"],
        "received_at": facts["received_at"],
        "appointment_at": facts["appointment_at"],
        "original_appointment_at": facts["original_appointment_at"],
        "returned_at": facts["finished_at"] if state == State.RETURNED else None,
        "finished_at": facts["finished_at"] if state in TERMINAL else None,
        "flags": {
            "overdue": facts["overdue"],
            "extended": facts["extended"],
            # Asked for during processing, or catalogue fees still unpaid on a dossier that goes on.
            "payment_pending": state == State.FINANCIAL or (owes and state not in TERMINAL),
        },
        "handling_agency": facts["handling_agency"],
        "receiving_agency": facts["receiving_agency"],
        "fees": {"total": fees["total"], "paid": fees["paid"]} if fees else None,
        "results": facts["results"],
    }
