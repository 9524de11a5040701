"""The dossier state machine as data: one row per action, read by `services.perform`.

`who` names the roles that may act and `where` (`Where`) the unit their role must cover:
- desk: a receiving officer of the centre (or any of its branches) that received the dossier;
- step: the role and unit of the dossier's current step (a unit leader of that unit may always act);
- handling: the competent unit handling the dossier;
- dispatch: the centre that received the dossier (its director or receiving officers);
- desk or handling: either of those.
`clock` (`ClockEffect`): the legal clock starts (receipt), pauses or resumes (supplement), stops (decision)
or is left alone.
"""

from dataclasses import dataclass
from enum import StrEnum

from motcua.org.models import Role

from .actions import Action
from .states import UNDECIDED, State

RO, SPEC, LEAD, DIR = Role.RECEIVING_OFFICER, Role.SPECIALIST, Role.UNIT_LEADER, Role.CENTRE_DIRECTOR


class Where(StrEnum):
    DESK = "desk"
    STEP = "step"
    HANDLING = "handling"
    DISPATCH = "dispatch"
    DESK_OR_HANDLING = "desk|handling"


class ClockEffect(StrEnum):
    UNTOUCHED = ""
    START = "start"
    PAUSE = "pause"
    RESUME = "resume"
    STOP = "stop"


@dataclass(frozen=True)
class Transition:
    action: Action
    sources: frozenset
    target: str | None  # None: the state does not change
    who: frozenset
    where: Where
    clock: ClockEffect = ClockEffect.UNTOUCHED
    applicant_may: bool = False  # the citizen or agent who filed it may also do it


def _t(action, sources, target, who, where, clock=ClockEffect.UNTOUCHED, applicant_may=False):
    return Transition(action, frozenset(sources), target, frozenset(who), where, clock, applicant_may)


_PROCESSING = {State.RECEIVED, State.IN_PROCESS}
_BEFORE_RESULT = {State.RECEIVED, State.IN_PROCESS, State.SUPPLEMENT, State.FINANCIAL, State.APPROVED}

TRANSITIONS = {
    t.action: t
    for t in [
        # the desk's check: exactly one of received / supplement requested / not accepted
        _t(Action.RECEIVE, {State.SUBMITTED}, State.RECEIVED, {RO}, Where.DESK, clock=ClockEffect.START),
        _t(Action.REQUEST_SUPPLEMENT_AT_DESK, {State.SUBMITTED}, State.SUPPLEMENT, {RO}, Where.DESK),
        _t(Action.REFUSE_INTAKE, {State.SUBMITTED}, State.NOT_ACCEPTED, {RO}, Where.DESK),
        # routing and steps
        _t(Action.DISPATCH, {State.SUBMITTED, *_PROCESSING}, None, {DIR, RO}, Where.DISPATCH),
        _t(Action.CLAIM, _PROCESSING, None, {SPEC, LEAD, RO}, Where.STEP),
        _t(Action.ASSIGN, _PROCESSING, None, {LEAD}, Where.STEP),
        _t(Action.FORWARD, _PROCESSING, State.IN_PROCESS, {SPEC, LEAD, RO}, Where.STEP),
        _t(Action.SEND_BACK, {State.IN_PROCESS}, State.IN_PROCESS, {SPEC, LEAD, RO}, Where.STEP),
        # during appraisal
        _t(
            Action.REQUEST_SUPPLEMENT,
            {State.IN_PROCESS},
            State.SUPPLEMENT,
            {SPEC, LEAD},
            Where.HANDLING,
            clock=ClockEffect.PAUSE,
        ),
        _t(
            Action.RECEIVE_SUPPLEMENT,
            {State.SUPPLEMENT},
            None,
            {RO},
            Where.DESK,
            clock=ClockEffect.RESUME,
            applicant_may=True,
        ),
        _t(Action.REQUEST_PAYMENT, {State.IN_PROCESS}, State.FINANCIAL, {SPEC, LEAD}, Where.HANDLING),
        _t(Action.MARK_PAID, {State.FINANCIAL}, State.IN_PROCESS, {RO, SPEC, LEAD}, Where.DESK_OR_HANDLING),
        _t(Action.REFUSE, {State.IN_PROCESS}, State.REFUSED, {LEAD}, Where.HANDLING, clock=ClockEffect.STOP),
        _t(Action.APPROVE, {State.IN_PROCESS}, State.APPROVED, {LEAD}, Where.HANDLING),
        _t(Action.ATTACH_RESULT, {State.APPROVED, State.REFUSED}, None, {SPEC, LEAD}, Where.HANDLING),
        _t(Action.ISSUE_RESULT, {State.APPROVED}, State.RESULT_READY, {LEAD}, Where.HANDLING, clock=ClockEffect.STOP),
        _t(Action.RETURN_RESULT, {State.RESULT_READY, State.REFUSED}, State.RETURNED, {RO}, Where.DESK),
        # on the citizen's request, before a decision
        _t(Action.WITHDRAW, UNDECIDED, State.WITHDRAWN, {RO}, Where.DESK, clock=ClockEffect.STOP, applicant_may=True),
        _t(Action.STOP, UNDECIDED - {State.SUBMITTED}, State.STOPPED, {LEAD}, Where.HANDLING, clock=ClockEffect.STOP),
        # running late: once, before the due moment
        _t(Action.APOLOGISE, _BEFORE_RESULT, None, {LEAD}, Where.HANDLING),
    ]
}


# Actions that end the dossier or refuse it: a dossier's page shows them apart and asks before taking one.
DESTRUCTIVE = frozenset({Action.REFUSE_INTAKE, Action.REFUSE, Action.WITHDRAW, Action.STOP})

# The order a dossier's page offers the other actions in: the first one available is the expected next action
# (`permissions.ranked_actions` refines it: at the last processing step the decision comes before the rest).
EXPECTED_ORDER = (
    Action.RECEIVE,
    Action.RECEIVE_SUPPLEMENT,
    Action.DISPATCH,
    Action.MARK_PAID,
    Action.CLAIM,
    Action.FORWARD,
    Action.APPROVE,
    Action.ISSUE_RESULT,
    Action.ATTACH_RESULT,
    Action.RETURN_RESULT,
    Action.ASSIGN,
    Action.REQUEST_SUPPLEMENT_AT_DESK,
    Action.REQUEST_SUPPLEMENT,
    Action.REQUEST_PAYMENT,
    Action.SEND_BACK,
    Action.APOLOGISE,
)


def allowed_actions(state: str) -> list[Action]:
    return [name for name, t in TRANSITIONS.items() if state in t.sources]
