from django.utils.translation import gettext_lazy as _

ACTION_LABELS = {
    "submit": _("Filed"),
    "receive": _("Receive"),
    "request_supplement_at_desk": _("Ask for missing documents"),
    "refuse_intake": _("Refuse to receive"),
    "dispatch": _("Send to the competent unit"),
    "claim": _("Take this step"),
    "assign": _("Assign"),
    "forward": _("Forward to the next step"),
    "send_back": _("Send back"),
    "request_supplement": _("Request a supplement"),
    "receive_supplement": _("Supplement received"),
    "request_payment": _("Request payment"),
    "mark_paid": _("Mark as paid"),
    "refuse": _("Refuse"),
    "approve": _("Approve"),
    "attach_result": _("Attach result"),
    "issue_result": _("Issue the result"),
    "return_result": _("Return the result"),
    "withdraw": _("Withdraw"),
    "stop": _("Stop processing"),
    "apologise": _("Apologise and set a new appointment"),
    "flag_overdue": _("Overdue"),
}


def action_label(action: str) -> str:
    return str(ACTION_LABELS.get(action, action))
