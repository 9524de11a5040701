"""Every action against every state, and every role against every action."""

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from motcua.core.actors import SYSTEM, is_system
from motcua.dossiers import services
from motcua.dossiers.clock import unit_calendar
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import ActionNotAllowed, InvalidTransition, result_attach
from motcua.dossiers.states import State
from motcua.dossiers.transitions import TRANSITIONS
from tests.builders import a_dossier, pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(module_world, db):
    """The world is only read here: built once for the module (see the root conftest)."""
    return module_world


# Which states each action applies to — written out here, independently of lifecycle.py.
PROCESSING = {State.RECEIVED, State.IN_PROCESS}
UNDECIDED = {State.SUBMITTED, State.RECEIVED, State.IN_PROCESS, State.SUPPLEMENT, State.FINANCIAL}
EXPECTED_STATES = {
    "receive": {State.SUBMITTED},
    "request_supplement_at_desk": {State.SUBMITTED},
    "refuse_intake": {State.SUBMITTED},
    "dispatch": {State.SUBMITTED, *PROCESSING},
    "claim": PROCESSING,
    "assign": PROCESSING,
    "forward": PROCESSING,
    "send_back": {State.IN_PROCESS},
    "request_supplement": {State.IN_PROCESS},
    "receive_supplement": {State.SUPPLEMENT},
    "request_payment": {State.IN_PROCESS},
    "mark_paid": {State.FINANCIAL},
    "refuse": {State.IN_PROCESS},
    "approve": {State.IN_PROCESS},
    "attach_result": {State.APPROVED, State.REFUSED},
    "issue_result": {State.APPROVED},
    "return_result": {State.RESULT_READY, State.REFUSED},
    "withdraw": UNDECIDED,
    "stop": UNDECIDED - {State.SUBMITTED},
    "apologise": {State.RECEIVED, State.IN_PROCESS, State.SUPPLEMENT, State.FINANCIAL, State.APPROVED},
}

# Who may take each action (on a dossier filed online by "applicant", its current step at the commune
# committee's specialist, or at the desk where that applies) — everyone else is refused.
DESK = {"officer_b1", "officer_b2", "officer_c"}
COMMITTEE = {"spec", "lead"}
EXPECTED_ROLES = {
    "receive": DESK,
    "request_supplement_at_desk": DESK,
    "refuse_intake": DESK,
    "dispatch": DESK | {"director"},
    "claim": COMMITTEE,
    "assign": {"lead"},
    "forward": COMMITTEE,
    "send_back": COMMITTEE,
    "request_supplement": COMMITTEE,
    "receive_supplement": DESK | {"applicant"},
    "request_payment": COMMITTEE,
    "mark_paid": DESK | COMMITTEE,
    "refuse": {"lead"},
    "approve": {"lead"},
    "attach_result": COMMITTEE,
    "issue_result": {"lead"},
    "return_result": DESK,
    "withdraw": DESK | {"applicant"},
    "stop": {"lead"},
    "apologise": {"lead"},
}


def test_the_tables_cover_every_action():
    assert set(EXPECTED_STATES) == set(TRANSITIONS) == set(EXPECTED_ROLES)


def params(action, world, dossier):
    step = dossier.current_step
    return {
        "request_supplement_at_desk": {"items": ["Giấy chứng sinh"]},
        "refuse_intake": {"reasons": ["Không thuộc thẩm quyền"]},
        "dispatch": {"unit": world.org.committee},
        "assign": {"assignee": world.officer_c if step and step.role == "receiving_officer" else world.spec},
        "send_back": {"to_position": 1, "note": "Thiếu chữ ký"},
        "request_supplement": {"items": ["Bản sao giấy chứng sinh"]},
        "request_payment": {"amount": 8000},
        "refuse": {"reasons": ["Không đủ điều kiện"]},
        "return_result": {"method": "counter"},
        "withdraw": {"reason": "Người dân xin rút"},
        "stop": {"reason": "Theo đề nghị của người dân"},
        "apologise": {
            "new_due": unit_calendar(dossier.receiving_unit).add_working_days(dossier.due_at, 2)
            if dossier.due_at
            else timezone.now(),
            "reason": "Cần xác minh thêm",
        },
    }.get(action, {})


def run(action, world, dossier, actor):
    if action == "claim" and is_system(actor):  # someone must take the step: whoever works on it
        step = dossier.current_step
        actor = world.person("officer_c" if step and step.role == "receiving_officer" else "spec")
    if action == "attach_result":
        return result_attach(actor=actor, dossier=dossier, uploaded=pdf())
    return services.ACTIONS[action](actor=actor, dossier=dossier, **params(action, world, dossier))


@pytest.fixture
def fees_settled(monkeypatch):
    """The state and role tables are about the lifecycle; the payment rule has its own test below."""
    monkeypatch.setattr("motcua.payments.services.payment_required_ok", lambda dossier: True)


@pytest.mark.parametrize("state", list(State))
def test_each_action_applies_to_its_states_only(world, state, fees_settled):
    dossier = a_dossier(world).in_state(state).build()
    for action in TRANSITIONS:
        fresh = Dossier.objects.select_related("current_step", "receiving_unit").get(pk=dossier.pk)
        with transaction.atomic():
            try:
                run(action, world, fresh, actor=SYSTEM)
                outcome = "done"
            except InvalidTransition:
                outcome = "refused"
            transaction.set_rollback(True)
        expected = "done" if state in EXPECTED_STATES[action] else "refused"
        assert outcome == expected, f"{action} in {state}: {outcome}"


def state_for(action):
    # A state where the action applies and the current step sits with the committee's specialist.
    for state in (
        State.IN_PROCESS,
        State.SUBMITTED,
        State.SUPPLEMENT,
        State.FINANCIAL,
        State.APPROVED,
        State.RESULT_READY,
    ):
        if state in EXPECTED_STATES[action]:
            return state
    raise AssertionError(action)


@pytest.mark.parametrize("action", list(TRANSITIONS))
def test_each_role_may_or_may_not(world, action, fees_settled):
    dossier = a_dossier(world).in_state(state_for(action)).build()
    for name, user in world.everyone().items():
        fresh = Dossier.objects.select_related("current_step", "receiving_unit").get(pk=dossier.pk)
        actor = type(user).objects.get(pk=user.pk)  # a fresh request: roles read anew
        with transaction.atomic():
            try:
                run(action, world, fresh, actor=actor)
                outcome = True
            except ActionNotAllowed:
                outcome = False
            transaction.set_rollback(True)
        assert outcome == (name in EXPECTED_ROLES[action]), f"{name} → {action}"


def test_refused_actions_write_nothing(world):
    dossier = a_dossier(world).in_state(State.IN_PROCESS).build()
    events = dossier.events.count()
    with pytest.raises(ActionNotAllowed):
        services.dossier_approve(actor=world.spec_justice, dossier=dossier)
    with pytest.raises(InvalidTransition):
        services.dossier_receive(actor=world.officer_b1, dossier=dossier)
    with pytest.raises(ValidationError):
        services.dossier_refuse(actor=world.lead, dossier=dossier, reasons=[])
    dossier.refresh_from_db()
    assert dossier.state == State.IN_PROCESS and dossier.events.count() == events


def test_a_dossier_that_owes_fees_cannot_be_marked_paid(world):
    from motcua.payments.fees import outstanding
    from motcua.payments.services import payment_cash

    dossier = a_dossier(world).in_state(State.FINANCIAL).build()
    with pytest.raises(ValidationError) as err:
        services.ACTIONS["mark_paid"](actor=SYSTEM, dossier=dossier)  # the page's action: payments' rule applies
    assert "action" in err.value.message_dict
    officer = world.officer_c
    payment_cash(actor=officer, dossier=dossier, amount=outstanding(dossier))  # paying moves it on
    dossier.refresh_from_db()
    assert dossier.state == State.IN_PROCESS
