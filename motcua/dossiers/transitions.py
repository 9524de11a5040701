"""The dossier state machine as data: one row per action, read by `services.perform`.

`who` names the roles that may act and `where` the unit their role must cover:
- "desk": a receiving officer of the centre (or any of its branches) that received the dossier;
- "step": the role and unit of the dossier's current step (a unit leader of that unit may always act);
- "handling": the competent unit handling the dossier;
- "dispatch": the centre that received the dossier (its director or receiving officers).
`clock`: "start" (receipt), "pause"/"resume" (supplement), "stop" (decision) or "".
"""

from dataclasses import dataclass

from motcua.org.models import Role

from .states import UNDECIDED, State

RO, SPEC, LEAD, DIR = Role.RECEIVING_OFFICER, Role.SPECIALIST, Role.UNIT_LEADER, Role.CENTRE_DIRECTOR


@dataclass(frozen=True)
class Transition:
    action: str
    sources: frozenset
    target: str | None  # None: the state does not change
    who: frozenset
    where: str
    clock: str = ""
    applicant_may: bool = False  # the citizen or agent who filed it may also do it


def _t(action, sources, target, who, where, clock="", applicant_may=False):
    return Transition(action, frozenset(sources), target, frozenset(who), where, clock, applicant_may)


_PROCESSING = {State.RECEIVED, State.IN_PROCESS}
_BEFORE_RESULT = {State.RECEIVED, State.IN_PROCESS, State.SUPPLEMENT, State.FINANCIAL, State.APPROVED}

TRANSITIONS = {
    t.action: t
    for t in [
        # the desk's check: exactly one of received / supplement requested / not accepted
        _t("receive", {State.SUBMITTED}, State.RECEIVED, {RO}, "desk", clock="start"),
        _t("request_supplement_at_desk", {State.SUBMITTED}, State.SUPPLEMENT, {RO}, "desk"),
        _t("refuse_intake", {State.SUBMITTED}, State.NOT_ACCEPTED, {RO}, "desk"),
        # routing and steps
        _t("dispatch", {State.SUBMITTED, *_PROCESSING}, None, {DIR, RO}, "dispatch"),
        _t("claim", _PROCESSING, None, {SPEC, LEAD, RO}, "step"),
        _t("assign", _PROCESSING, None, {LEAD}, "step"),
        _t("forward", _PROCESSING, State.IN_PROCESS, {SPEC, LEAD, RO}, "step"),
        _t("send_back", {State.IN_PROCESS}, State.IN_PROCESS, {SPEC, LEAD, RO}, "step"),
        # during appraisal
        _t(
            "request_supplement",
            {State.IN_PROCESS},
            State.SUPPLEMENT,
            {SPEC, LEAD},
            "handling",
            clock="pause",
        ),
        _t("receive_supplement", {State.SUPPLEMENT}, None, {RO}, "desk", clock="resume", applicant_may=True),
        _t("request_payment", {State.IN_PROCESS}, State.FINANCIAL, {SPEC, LEAD}, "handling"),
        _t("mark_paid", {State.FINANCIAL}, State.IN_PROCESS, {RO, SPEC, LEAD}, "desk|handling"),
        _t("refuse", {State.IN_PROCESS}, State.REFUSED, {LEAD}, "handling", clock="stop"),
        _t("approve", {State.IN_PROCESS}, State.APPROVED, {LEAD}, "handling"),
        _t("attach_result", {State.APPROVED, State.REFUSED}, None, {SPEC, LEAD}, "handling"),
        _t("issue_result", {State.APPROVED}, State.RESULT_READY, {LEAD}, "handling", clock="stop"),
        _t("return_result", {State.RESULT_READY, State.REFUSED}, State.RETURNED, {RO}, "desk"),
        # on the citizen's request, before a decision
        _t("withdraw", UNDECIDED, State.WITHDRAWN, {RO}, "desk", clock="stop", applicant_may=True),
        _t("stop", UNDECIDED - {State.SUBMITTED}, State.STOPPED, {LEAD}, "handling", clock="stop"),
        # running late: once, before the due moment
        _t("apologise", _BEFORE_RESULT, None, {LEAD}, "handling"),
    ]
}


def allowed_actions(state: str) -> list[str]:
    return [name for name, t in TRANSITIONS.items() if state in t.sources]
