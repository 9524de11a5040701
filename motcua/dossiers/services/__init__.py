"""Every change to a dossier: one function per action, one transaction, permission checked, an event written.

Each action runs through the engine in `lifecycle` (`perform`); the modules follow a dossier's life: `intake`
(filing), `desk` (the desk's check), `counter` (intake at the counter: filing, scans and the desk's check at
once), `steps` (routing and processing steps), `decisions` (appraisal and the
result), `supplements` (what is asked for and what comes back, item by item), `closing` (returned, withdrawn,
stopped), `attachments` (files) and `sweep` (the worker's rounds).
"""

from ..actions import Action
from ..transitions import TRANSITIONS
from .attachments import attachment_add, attachment_reuse, result_attach
from .closing import dossier_return_result, dossier_stop, dossier_withdraw
from .counter import COUNTER_OUTCOMES, dossier_receive_at_counter
from .decisions import (
    MAX_PAYMENT_AMOUNT,
    dossier_apologise,
    dossier_approve,
    dossier_issue_result,
    dossier_mark_paid,
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
from .supplements import dossier_answer_supplement, dossier_receive_supplement
from .sweep import dossiers_flag_overdue

# The service behind each action of the transition table that a person takes from a dossier's page. `MARK_PAID`
# is provided by payments, which owns the rule that the fees are paid (`PaymentsConfig.ready()`, `action_provide`).
ACTIONS = {
    Action.RECEIVE: dossier_receive,
    Action.REQUEST_SUPPLEMENT_AT_DESK: dossier_request_supplement_at_desk,
    Action.REFUSE_INTAKE: dossier_refuse_intake,
    Action.DISPATCH: dossier_dispatch,
    Action.CLAIM: dossier_claim,
    Action.ASSIGN: dossier_assign,
    Action.FORWARD: dossier_forward,
    Action.SEND_BACK: dossier_send_back,
    Action.REQUEST_SUPPLEMENT: dossier_request_supplement,
    Action.RECEIVE_SUPPLEMENT: dossier_receive_supplement,
    Action.REQUEST_PAYMENT: dossier_request_payment,
    Action.REFUSE: dossier_refuse,
    Action.APPROVE: dossier_approve,
    Action.ISSUE_RESULT: dossier_issue_result,
    Action.RETURN_RESULT: dossier_return_result,
    Action.WITHDRAW: dossier_withdraw,
    Action.STOP: dossier_stop,
    Action.APOLOGISE: dossier_apologise,
}


def action_provide(action: str, service) -> None:
    """A higher app provides the service behind `action`, an action of the transition table whose rule it owns."""
    if action not in TRANSITIONS:
        raise KeyError(action)
    ACTIONS[action] = service


__all__ = [
    "ACTIONS",
    "COUNTER_OUTCOMES",
    "MAX_PAYMENT_AMOUNT",
    "ActionNotAllowed",
    "InvalidTransition",
    "PresentedDocument",
    "StaleDossier",
    "action_provide",
    "attachment_add",
    "attachment_reuse",
    "dossier_answer_supplement",
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
