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
