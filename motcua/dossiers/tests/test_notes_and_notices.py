"""Internal notes never reach the applicant; the applicant hears of the milestones only (docs/dossiers.md,
"Notes" and "Notifications").

Every action is tried: a note written on its event reaches the citizen's page, the applicant's API, the public
lookup, the applicant's printouts, the national portal and the outbox exactly when `actions.note_is_public`
says so; the services write the author's choice; a milestone (and nothing else) queues a message naming the
dossier code and linking to it."""

import json
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse

from motcua.core import conf as core_conf
from motcua.core.actors import SYSTEM
from motcua.dossiers import notices, printouts, selectors, services
from motcua.dossiers.actions import MILESTONES, NOTE_RULES, Action, Milestone, NoteRule, note_is_public
from motcua.dossiers.clock import unit_calendar
from motcua.dossiers.models import DossierEvent
from motcua.integrations.models import PortalMessage
from motcua.notifications.models import OutboxMessage
from tests.builders import a_dossier

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("working_morning")]

# The moments the applicant wants to hear of, written out here independently of `actions.MILESTONES`.
CITIZEN_FACING = {
    Action.RECEIVE,
    Action.REQUEST_SUPPLEMENT_AT_DESK,
    Action.REQUEST_SUPPLEMENT,
    Action.REQUEST_PAYMENT,
    Action.ISSUE_RESULT,
    Action.APOLOGISE,
    Action.REFUSE_INTAKE,
    Action.REFUSE,
}
# Reasons that go on an official form or page the applicant receives.
ALWAYS_PUBLIC = {
    Action.REQUEST_SUPPLEMENT_AT_DESK,
    Action.REQUEST_SUPPLEMENT,
    Action.REFUSE_INTAKE,
    Action.REFUSE,
    Action.APOLOGISE,
    Action.STOP,
    Action.WITHDRAW,
    Action.REQUEST_PAYMENT,
}


def marker(action, public: bool) -> str:
    return f"GHI-CHU-{'CONG-KHAI' if public else 'NOI-BO'}-{action.value.upper()}"


def citizen_outputs(world, dossier) -> dict[str, str]:
    """Everything the applicant (or anyone with the code) can read about the dossier, as text."""
    applicant = Client()
    applicant.force_login(world.applicant)
    anonymous = Client(REMOTE_ADDR="203.0.113.7")
    events = selectors.public_timeline(dossier)
    return {
        "page": applicant.get(reverse("portal:my_dossier", args=[dossier.code])).content.decode(),
        "api": applicant.get(f"/api/v1/dossiers/{dossier.code}").content.decode(),
        "lookup": anonymous.get(reverse("dossiers:lookup"), {"code": dossier.code}).content.decode(),
        "lookup_api": anonymous.get(f"/api/v1/lookup/{dossier.code}").content.decode(),
        "timeline": " ".join(e.note for e in events),
        "printout": " ".join(e.note for e in printouts.sheet_events(dossier, internal=False)),
        "portal": json.dumps(list(PortalMessage.objects.filter(dossier=dossier).values_list("payload", flat=True))),
        "outbox": " ".join(f"{m.subject} {m.body}" for m in OutboxMessage.objects.filter(dossier=dossier)),
    }


# -- the vocabulary ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("action", list(Action))
def test_the_milestones_are_the_citizen_facing_moments(action):
    assert (action in MILESTONES) == (action in CITIZEN_FACING)


@pytest.mark.parametrize("action", list(Action))
def test_which_notes_reach_the_applicant_whatever_the_author_ticks(action):
    assert note_is_public(action, chosen=False) == (action in ALWAYS_PUBLIC)
    # Ticking "visible to the applicant" counts only where the action's note is the author's choice.
    assert note_is_public(action, chosen=True) == (action in NOTE_RULES)
    if action in (Action.CLAIM, Action.ASSIGN, Action.DISPATCH, Action.FORWARD, Action.SEND_BACK):
        assert NOTE_RULES.get(action) != NoteRule.PUBLIC  # handovers: internal unless the author says otherwise


def test_every_milestone_has_its_templates():
    assert set(MILESTONES.values()) == set(Milestone)


# -- the read side, for every action: an event with a note -----------------------------------------------------
@pytest.mark.parametrize("chosen", [False, True], ids=["unticked", "ticked"])
@pytest.mark.parametrize("action", list(Action))
def test_a_note_reaches_the_applicant_only_if_public(world, action, chosen):
    dossier = a_dossier(world).received().build()
    note = marker(action, chosen)
    services.event_write(dossier, action, actor=SYSTEM, note=note, note_public=chosen)
    event = DossierEvent.objects.get(dossier=dossier, note=note)
    shown = selectors.is_public(action) and note_is_public(action, chosen)
    assert event.note_public == note_is_public(action, chosen)
    outputs = citizen_outputs(world, dossier)
    for where in ("lookup", "lookup_api", "outbox", "portal"):
        if not shown:
            assert note not in outputs[where], where
    for where in ("page", "api", "timeline", "printout"):
        assert (note in outputs[where]) == shown, where


# -- the write side, through the services --------------------------------------------------------------------
def _apology_due(d):
    due = d.due_at + timedelta(days=7)
    while not unit_calendar(d.receiving_unit).is_working_day(due.date()):
        due += timedelta(days=1)
    return due


# action: (builder trait to start from, the service call with the note and the author's choice)
WRITES = {
    Action.REQUEST_SUPPLEMENT_AT_DESK: (
        "submitted",
        lambda b, d, note, public: services.dossier_request_supplement_at_desk(
            actor=b.desk_officer(d), dossier=d, items=["Tờ khai"], note=note
        ),
    ),
    Action.REFUSE_INTAKE: (
        "submitted",
        lambda b, d, note, public: services.dossier_refuse_intake(actor=b.desk_officer(d), dossier=d, reasons=[note]),
    ),
    Action.WITHDRAW: (
        "submitted",
        lambda b, d, note, public: services.dossier_withdraw(actor=d.submitted_by, dossier=d, reason=note),
    ),
    Action.FORWARD: (
        "received",
        lambda b, d, note, public: services.dossier_forward(
            actor=b.step_worker(d), dossier=d, note=note, note_public=public
        ),
    ),
    Action.SEND_BACK: (
        "in_process",
        lambda b, d, note, public: services.dossier_send_back(
            actor=b.step_worker(d), dossier=d, to_position=1, note=note, note_public=public
        ),
    ),
    Action.REQUEST_SUPPLEMENT: (
        "in_process",
        lambda b, d, note, public: services.dossier_request_supplement(
            actor=b.handling_specialist(d), dossier=d, items=["Bản sao giấy chứng sinh"], note=note
        ),
    ),
    Action.RECEIVE_SUPPLEMENT: (
        "supplement_requested",
        lambda b, d, note, public: services.dossier_receive_supplement(
            actor=b.desk_officer(d), dossier=d, note=note, note_public=public
        ),
    ),
    Action.REQUEST_PAYMENT: (
        "in_process",
        lambda b, d, note, public: services.dossier_request_payment(
            actor=b.handling_specialist(d), dossier=d, amount=15000, note=note
        ),
    ),
    Action.REFUSE: (
        "in_process",
        lambda b, d, note, public: services.dossier_refuse(actor=b.handling_leader(d), dossier=d, reasons=[note]),
    ),
    Action.APPROVE: (
        "in_process",
        lambda b, d, note, public: services.dossier_approve(
            actor=b.handling_leader(d), dossier=d, note=note, note_public=public
        ),
    ),
    Action.ISSUE_RESULT: (
        "result_attached",
        lambda b, d, note, public: services.dossier_issue_result(
            actor=b.handling_leader(d), dossier=d, note=note, note_public=public
        ),
    ),
    Action.RETURN_RESULT: (
        "result_ready",
        lambda b, d, note, public: services.dossier_return_result(
            actor=b.desk_officer(d), dossier=d, method="counter", note=note, note_public=public
        ),
    ),
    Action.STOP: (
        "in_process",
        lambda b, d, note, public: services.dossier_stop(actor=b.handling_leader(d), dossier=d, reason=note),
    ),
    Action.APOLOGISE: (
        "in_process",
        lambda b, d, note, public: services.dossier_apologise(
            actor=b.handling_leader(d), dossier=d, new_due=_apology_due(d), reason=note
        ),
    ),
}


def test_every_action_that_takes_a_note_is_tried():
    assert set(WRITES) == set(NOTE_RULES)


def _written(world, action, public):
    start, write = WRITES[action]
    builder = a_dossier(world)
    if start == "result_attached":
        builder.approved(result=True)
    else:
        getattr(builder, start)()
    note = marker(action, public)
    dossier = builder.then(lambda b, d: write(b, d, note, public)).build()
    return dossier, note


@pytest.mark.parametrize("action", sorted(NOTE_RULES))
def test_a_note_written_as_internal_never_reaches_the_applicant(world, action):
    dossier, note = _written(world, action, public=False)
    outputs = citizen_outputs(world, dossier)
    if NOTE_RULES[action] == NoteRule.PUBLIC:  # the reasons on an official form: the applicant reads them
        assert note in outputs["page"] and note in outputs["api"] and note in outputs["timeline"]
        if action in MILESTONES:
            assert note in outputs["outbox"]
    else:
        leaks = [where for where, text in outputs.items() if note in text]
        assert not leaks
        # Staff still read it, marked internal, on the dossier's page.
        staff = Client()
        staff.force_login(world.lead)
        page = staff.get(reverse("dossiers:detail", args=[dossier.code])).content.decode()
        assert note in page and "tag-note-internal" in page


@pytest.mark.parametrize("action", sorted(a for a, rule in NOTE_RULES.items() if rule == NoteRule.CHOICE))
def test_a_note_made_visible_reaches_the_applicant(world, action):
    dossier, note = _written(world, action, public=True)
    outputs = citizen_outputs(world, dossier)
    assert note in outputs["page"] and note in outputs["api"] and note in outputs["timeline"]
    if action in MILESTONES:
        assert note in outputs["outbox"]


def test_the_action_form_asks_who_reads_the_note(world):
    dossier = a_dossier(world).received().build()
    officer = Client()
    officer.force_login(world.officer_c)
    page = officer.get(reverse("dossiers:detail", args=[dossier.code])).content.decode()
    assert page.count('name="note_public"') == 1  # forward; the refusal's reasons always go to the applicant
    url = reverse("dossiers:act", args=[dossier.code, Action.FORWARD])
    response = officer.post(url, {"revision": dossier.revision, "note": "Chuyển bước, kiểm tra lại tờ khai"})
    assert response.status_code == 302
    assert not dossier.events.get(action=Action.FORWARD).note_public  # unticked: internal


def test_ticking_the_box_makes_the_note_public(world):
    dossier = a_dossier(world).received().build()
    officer = Client()
    officer.force_login(world.officer_c)
    url = reverse("dossiers:act", args=[dossier.code, Action.FORWARD])
    officer.post(url, {"revision": dossier.revision, "note": "Hồ sơ đã chuyển UBND phường", "note_public": "on"})
    assert dossier.events.get(action=Action.FORWARD).note_public


def test_the_applicant_api_blanks_internal_notes_staff_read_them(world):
    dossier = a_dossier(world).received().build()
    dossier = services.dossier_forward(actor=world.officer_c, dossier=dossier, note="Nội bộ: thiếu chữ ký")
    applicant = Client()
    applicant.force_login(world.applicant)
    entry = next(
        e for e in applicant.get(f"/api/v1/dossiers/{dossier.code}").json()["timeline"] if e["action"] == Action.FORWARD
    )
    assert entry["note"] == "" and entry["note_public"] is False
    staff = Client()
    staff.force_login(world.lead)
    entry = next(
        e for e in staff.get(f"/api/v1/dossiers/{dossier.code}").json()["timeline"] if e["action"] == Action.FORWARD
    )
    assert entry["note"] == "Nội bộ: thiếu chữ ký"


# -- notifications -------------------------------------------------------------------------------------------
def _through_every_action(world):
    """An online dossier taken through receipt, handovers, a supplement, a payment, an apology and the result."""
    return (
        a_dossier(world)
        .in_process()
        .claimed()
        .supplement_requested(items=("Bản sao giấy chứng sinh", "Tờ khai có chữ ký"))
        .supplement_received()
        .payment_requested(amount=15000)
        .paid()
        .apologised()
        .result_ready()
        .returned()
        .build()
    )


def test_only_milestones_notify_the_applicant(world):
    dossier = _through_every_action(world)
    by_event = {}
    for message in OutboxMessage.objects.filter(dossier=dossier).order_by("id"):
        by_event.setdefault(message.subject, []).append(message.channel)
    actions = list(dossier.events.order_by("seq").values_list("action", flat=True))
    milestones = [a for a in actions if a in MILESTONES]
    assert len(by_event) == len(milestones) == 5  # received, supplement, payment, apology, result
    assert all(sorted(channels) == ["email", "sms"] for channels in by_event.values())
    assert {Action.CLAIM, Action.FORWARD, Action.ATTACH_RESULT, Action.MARK_PAID} <= set(actions)


def test_every_message_names_the_code_and_links_to_the_citizens_page(world):
    dossier = _through_every_action(world)
    link = core_conf.public_url() + reverse("portal:my_dossier", args=[dossier.code])
    messages = list(OutboxMessage.objects.filter(dossier=dossier))
    assert messages
    for message in messages:
        assert dossier.code in message.subject and dossier.code in message.body
        assert link in message.body
    sms = [m.body for m in messages if m.channel == "sms"]
    assert any("Bản sao giấy chứng sinh; Tờ khai có chữ ký" in text for text in sms)  # the missing items
    bodies = " ".join(m.body for m in messages if m.channel == "email")
    assert "tiếp nhận" in bodies and "cần bổ sung" in bodies and "15.000 đồng" in bodies
    assert "Xin lỗi" in bodies or "xin lỗi" in bodies
    assert "đã có kết quả" in bodies and "- Tờ khai có chữ ký" in bodies


def test_a_counter_applicant_gets_the_lookup_link(world):
    dossier = a_dossier(world, channel="counter").received().build()
    message = OutboxMessage.objects.get(dossier=dossier, channel="email")
    assert f"{core_conf.public_url()}/lookup/?code={dossier.code}" in message.body
    assert message.subject == f"Hồ sơ {dossier.code} đã được tiếp nhận"


def test_refusals_list_the_reasons(world):
    dossier = a_dossier(world).refused(reasons=("Không đủ điều kiện", "Sai đối tượng")).build()
    email = OutboxMessage.objects.get(dossier=dossier, channel="email", subject__contains="từ chối")
    assert email.subject == f"Hồ sơ {dossier.code} bị từ chối"
    assert "- Không đủ điều kiện\n- Sai đối tượng" in email.body


def test_the_apology_gives_the_new_date(world):
    dossier = a_dossier(world).apologised().build()
    event = dossier.events.get(action=Action.APOLOGISE)
    when = notices._moment(event.data["new_due"])
    email = OutboxMessage.objects.get(dossier=dossier, channel="email", subject__contains=when)
    assert when in email.body and "Cần xác minh thêm" in email.body


def test_an_sms_only_applicant_gets_the_sms_only(world):
    dossier = a_dossier(world, channel="counter", applicant_fields={"email": ""}).received().build()
    assert list(OutboxMessage.objects.filter(dossier=dossier).values_list("channel", flat=True)) == ["sms"]
