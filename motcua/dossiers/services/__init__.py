"""Every change to a dossier: one function per action, one transaction, permission checked, an event written.

Each action runs through the engine in `lifecycle` (`perform`); the modules follow a dossier's life: `intake`
(filing), `desk` (the desk's check), `counter` (intake at the counter: filing, scans and the desk's check at
once), `steps` (routing and processing steps), `decisions` (appraisal and the
result), `closing` (returned, withdrawn, stopped), `attachments` (files) and `sweep` (the worker's rounds).
"""

from .attachments import attachment_add, result_attach
from .closing import dossier_return_result, dossier_stop, dossier_withdraw
from .counter import COUNTER_OUTCOMES, dossier_receive_at_counter
from .decisions import (
    MAX_PAYMENT_AMOUNT,
    dossier_apologise,
    dossier_approve,
    dossier_issue_result,
    dossier_mark_paid,
    dossier_receive_supplement,
    dossier_refuse,
    dossier_request_payment,
    dossier_request_supplement,
)
from .desk import dossier_receive, dossier_refuse_intake, dossier_request_supplement_at_desk
from .intake import (
    PresentedDocument,
    dossier_create,
    idempotency_claim,
    idempotency_settle,
    next_dossier_code,
    request_fingerprint,
)
from .lifecycle import ActionNotAllowed, InvalidTransition, StaleDossier, dossier_lock, event_write, perform
from .steps import dossier_assign, dossier_claim, dossier_dispatch, dossier_forward, dossier_send_back
from .sweep import dossiers_flag_overdue

# The service behind each action of the transition table that a person takes from a dossier's page.
ACTIONS = {
    "receive": dossier_receive,
    "request_supplement_at_desk": dossier_request_supplement_at_desk,
    "refuse_intake": dossier_refuse_intake,
    "dispatch": dossier_dispatch,
    "claim": dossier_claim,
    "assign": dossier_assign,
    "forward": dossier_forward,
    "send_back": dossier_send_back,
    "request_supplement": dossier_request_supplement,
    "receive_supplement": dossier_receive_supplement,
    "request_payment": dossier_request_payment,
    "mark_paid": dossier_mark_paid,
    "refuse": dossier_refuse,
    "approve": dossier_approve,
    "issue_result": dossier_issue_result,
    "return_result": dossier_return_result,
    "withdraw": dossier_withdraw,
    "stop": dossier_stop,
    "apologise": dossier_apologise,
}

__all__ = [
    "ACTIONS",
    "COUNTER_OUTCOMES",
    "MAX_PAYMENT_AMOUNT",
    "ActionNotAllowed",
    "InvalidTransition",
    "PresentedDocument",
    "StaleDossier",
    "attachment_add",
    "dossier_apologise",
    "dossier_approve",
    "dossier_assign",
    "dossier_claim",
    "dossier_create",
    "dossier_dispatch",
    "dossier_forward",
    "dossier_issue_result",
    "dossier_lock",
    "dossier_mark_paid",
    "dossier_receive",
    "dossier_receive_at_counter",
    "dossier_receive_supplement",
    "dossier_refuse",
    "dossier_refuse_intake",
    "dossier_request_payment",
    "dossier_request_supplement",
    "dossier_request_supplement_at_desk",
    "dossier_return_result",
    "dossier_send_back",
    "dossier_stop",
    "dossier_withdraw",
    "dossiers_flag_overdue",
    "event_write",
    "idempotency_claim",
    "idempotency_settle",
    "next_dossier_code",
    "perform",
    "request_fingerprint",
    "result_attach",
]
