"""Dossier states, with the national portal's status codes (Circular 01/2018 as implemented by the portal)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class State(models.TextChoices):
    SUBMITTED = "submitted", _("Waiting for the desk's check")
    RECEIVED = "received", _("Received")
    NOT_ACCEPTED = "not_accepted", _("Not accepted")
    IN_PROCESS = "in_process", _("In process")
    SUPPLEMENT = "supplement", _("Supplement requested")
    FINANCIAL = "financial", _("Financial obligation requested")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    STOPPED = "stopped", _("Processing stopped")
    REFUSED = "refused", _("Refused")
    APPROVED = "approved", _("Approved, result being prepared")
    RESULT_READY = "result_ready", _("Result ready")
    RETURNED = "returned", _("Result returned")


PORTAL_STATUS = {
    State.SUBMITTED: 1,
    State.RECEIVED: 2,
    State.NOT_ACCEPTED: 3,
    State.IN_PROCESS: 4,
    State.SUPPLEMENT: 5,
    State.FINANCIAL: 6,
    State.WITHDRAWN: 7,
    State.STOPPED: 8,
    State.REFUSED: 9,
    State.APPROVED: 4,
    State.RESULT_READY: 9,
    State.RETURNED: 10,
}

TERMINAL = frozenset({State.NOT_ACCEPTED, State.WITHDRAWN, State.STOPPED, State.RETURNED})
# Before a decision the citizen may still withdraw, or ask to stop.
UNDECIDED = frozenset({State.SUBMITTED, State.RECEIVED, State.IN_PROCESS, State.SUPPLEMENT, State.FINANCIAL})
# The legal clock runs in these states (it is paused while a supplement is awaited).
CLOCK_RUNS = frozenset({State.RECEIVED, State.IN_PROCESS, State.FINANCIAL, State.APPROVED})
