"""Every action a dossier's timeline records: the keys of the transition table, plus the two events that are
not transitions (the filing itself and the worker's overdue flag). The values are stored in events and appear
in URLs and the API; never change one."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    SUBMIT = "submit", _("Filed")
    RECEIVE = "receive", _("Receive")
    REQUEST_SUPPLEMENT_AT_DESK = "request_supplement_at_desk", _("Ask for missing documents")
    REFUSE_INTAKE = "refuse_intake", _("Refuse to receive")
    DISPATCH = "dispatch", _("Send to the competent unit")
    CLAIM = "claim", _("Take this step")
    ASSIGN = "assign", _("Assign")
    FORWARD = "forward", _("Forward to the next step")
    SEND_BACK = "send_back", _("Send back")
    REQUEST_SUPPLEMENT = "request_supplement", _("Request a supplement")
    RECEIVE_SUPPLEMENT = "receive_supplement", _("Supplement received")
    REQUEST_PAYMENT = "request_payment", _("Request payment")
    MARK_PAID = "mark_paid", _("Mark as paid")
    REFUSE = "refuse", _("Refuse")
    APPROVE = "approve", _("Approve")
    ATTACH_RESULT = "attach_result", _("Attach result")
    ISSUE_RESULT = "issue_result", _("Issue the result")
    RETURN_RESULT = "return_result", _("Return the result")
    WITHDRAW = "withdraw", _("Withdraw")
    STOP = "stop", _("Stop processing")
    APOLOGISE = "apologise", _("Apologise and set a new appointment")
    FLAG_OVERDUE = "flag_overdue", _("Overdue")


class NoteRule(models.TextChoices):
    """Who reads the note an action takes (the event's `note_public`)."""

    CHOICE = "choice", _("Internal unless the author makes it visible to the applicant")
    PUBLIC = "public", _("Always visible to the applicant")


# The one place that decides who reads each action's note; an action missing here takes no note.
# PUBLIC: the text reaches the applicant whatever the author ticks: the reasons of a supplement request
# (printed on form 02), a refusal (form 03), an apology (form 04), a stop or withdrawal (the applicant's own
# request, on the control sheet), and the note of a request for payment (it names the fee line on the
# applicant's payment page and receipt).
# CHOICE: step handovers and decisions carry working notes between officers; they stay internal unless the
# author ticks "visible to the applicant" (a citizen answering a supplement online writes to the centre, and
# sees their own note).
NOTE_RULES = {
    Action.REQUEST_SUPPLEMENT_AT_DESK: NoteRule.PUBLIC,
    Action.REQUEST_SUPPLEMENT: NoteRule.PUBLIC,
    Action.REFUSE_INTAKE: NoteRule.PUBLIC,
    Action.REFUSE: NoteRule.PUBLIC,
    Action.APOLOGISE: NoteRule.PUBLIC,
    Action.STOP: NoteRule.PUBLIC,
    Action.WITHDRAW: NoteRule.PUBLIC,
    Action.REQUEST_PAYMENT: NoteRule.PUBLIC,
    Action.FORWARD: NoteRule.CHOICE,
    Action.SEND_BACK: NoteRule.CHOICE,
    Action.APPROVE: NoteRule.CHOICE,
    Action.ISSUE_RESULT: NoteRule.CHOICE,
    Action.RECEIVE_SUPPLEMENT: NoteRule.CHOICE,
    Action.RETURN_RESULT: NoteRule.CHOICE,
}


def note_is_public(action: str, chosen: bool = False) -> bool:
    """Whether the applicant reads the note of an `action` event whose author ticked (`chosen`) or not."""
    rule = NOTE_RULES.get(action)
    return rule == NoteRule.PUBLIC or (rule == NoteRule.CHOICE and chosen)


class Milestone(models.TextChoices):
    """The moments of a dossier the applicant is told of (each has its message templates,
    `dossiers/templates/dossiers/notices/<value>.txt`)."""

    RECEIVED = "received", _("Received")
    SUPPLEMENT = "supplement", _("Supplement requested")
    PAYMENT_DUE = "payment_due", _("Payment due")
    RESULT_READY = "result_ready", _("Result ready")
    APOLOGY = "apology", _("Apology and new appointment")
    REFUSED = "refused", _("Refused")


# The one place that decides which actions the applicant is notified of. Everything else is either an internal
# handover (claim, assign, dispatch, forward, send back, attach result, approve), something the applicant did
# themselves (filing, a supplement answered, a withdrawal) or saw happen in front of them (payment, the
# result handed back), or a worker's flag.
MILESTONES = {
    Action.RECEIVE: Milestone.RECEIVED,
    Action.REQUEST_SUPPLEMENT_AT_DESK: Milestone.SUPPLEMENT,
    Action.REQUEST_SUPPLEMENT: Milestone.SUPPLEMENT,
    Action.REQUEST_PAYMENT: Milestone.PAYMENT_DUE,
    Action.ISSUE_RESULT: Milestone.RESULT_READY,
    Action.APOLOGISE: Milestone.APOLOGY,
    Action.REFUSE_INTAKE: Milestone.REFUSED,
    Action.REFUSE: Milestone.REFUSED,
}
