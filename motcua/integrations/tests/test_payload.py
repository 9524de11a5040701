"""The payload of each status change, for dossiers moved through the services (values worked out by hand)."""

import hashlib
import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from motcua.integrations.models import PortalMessage
from tests.builders import PDF, a_dossier

from .flows import ended, full_life, late_and_apologised

pytestmark = pytest.mark.django_db
ISO_VN = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00$")


def sent_for(dossier) -> list[dict]:
    return [m.payload for m in PortalMessage.objects.filter(dossier=dossier).order_by("event__seq")]


@pytest.fixture(autouse=True)
def _still_clock():
    """The payloads are compared to the second with the dossier's moments: a clock that does not move, on a
    Wednesday morning, keeps every comparison exact whenever the suite runs."""
    with time_machine.travel(datetime(2026, 11, 25, 9, 30, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")), tick=False):
        yield


def vn(moment) -> str:
    """Vietnam's wall clock is UTC + 7 hours, all year (no daylight saving)."""
    from datetime import UTC, timedelta

    return (moment.astimezone(UTC) + timedelta(hours=7)).strftime("%Y-%m-%dT%H:%M:%S") + "+07:00"


def test_a_dossier_from_filing_to_returned_result(world, media):
    d = full_life(world)
    payloads = sent_for(d)
    assert [(p["event"]["action"], p["status"]) for p in payloads] == [
        ("submit", 1),
        ("receive", 2),
        ("forward", 4),
        ("request_supplement", 5),
        ("receive_supplement", 4),
        ("request_payment", 6),
        ("mark_paid", 4),
        ("approve", 4),
        ("issue_result", 9),
        ("return_result", 10),
    ]
    assert [p["event"]["seq"] for p in payloads] == sorted(p["event"]["seq"] for p in payloads)
    committee = world.org.committee
    received = payloads[1]
    assert received == {
        "version": 1,
        "dossier_code": d.code,
        "procedure_code": "1.001193",
        "channel": "online",
        "applicant": {"kind": "person", "name": "Nguyễn Văn An", "citizen_id": "001088012345", "tax_code": ""},
        "status": 2,
        "state": "received",
        "event": {"seq": 2, "action": "receive", "at": vn(d.received_at), "note": ""},
        "submitted_at": vn(d.submitted_at),
        "received_at": vn(d.received_at),
        "appointment_at": received["appointment_at"],  # checked below: the due date at that moment
        "original_appointment_at": vn(d.original_due_at),
        "returned_at": None,
        "finished_at": None,
        # The 8.000 đ copy fee is owed from the start; the registration itself is free.
        "flags": {"overdue": False, "extended": False, "payment_pending": True},
        "handling_agency": {"code": "T01.UBX", "name": committee.name},
        "receiving_agency": {"code": "T01.CENTRE"},
        "fees": {"total": 8000, "paid": 0},
        "results": [],
    }
    assert received["appointment_at"] == vn(d.original_due_at)  # no supplement yet: the first appointment
    assert d.code.startswith("T01.CENTRE-")
    financial, paid = payloads[5], payloads[6]
    assert financial["fees"] == {"total": 58000, "paid": 0} and financial["flags"]["payment_pending"] is True
    assert paid["fees"] == {"total": 58000, "paid": 58000} and paid["flags"]["payment_pending"] is False
    issued, returned = payloads[8], payloads[9]
    assert issued["results"] == [{"name": "ket-qua.pdf", "sha256": hashlib.sha256(PDF).hexdigest()}]
    assert issued["returned_at"] is None and issued["finished_at"] is None
    assert returned["returned_at"] == returned["finished_at"] == vn(d.finished_at)
    assert returned["flags"] == {"overdue": False, "extended": False, "payment_pending": False}
    for payload in payloads:
        for key in ("submitted_at", "received_at", "appointment_at", "returned_at"):
            assert payload[key] is None or ISO_VN.match(payload[key]), (key, payload[key])
        assert ISO_VN.match(payload["event"]["at"])


def test_vietnam_time_whatever_the_active_time_zone(world, settings):
    from django.utils import timezone

    with timezone.override("Europe/Berlin"):
        d = ended(world, "withdraw")
    submitted = sent_for(d)[0]["submitted_at"]
    assert submitted == vn(d.submitted_at) and submitted.endswith("+07:00")


@pytest.mark.parametrize(
    ("how", "actions"),
    [
        ("refuse_intake", [("submit", 1), ("refuse_intake", 3)]),
        ("desk_supplement", [("submit", 1), ("request_supplement_at_desk", 5)]),
        ("withdraw", [("submit", 1), ("withdraw", 7)]),
        ("stop", [("submit", 1), ("receive", 2), ("forward", 4), ("stop", 8)]),
        ("refuse", [("submit", 1), ("receive", 2), ("forward", 4), ("refuse", 9)]),
    ],
)
def test_dossiers_that_end_early(world, how, actions):
    d = ended(world, how)
    payloads = sent_for(d)
    assert [(p["event"]["action"], p["status"]) for p in payloads] == actions
    last = payloads[-1]
    terminal = how in {"refuse_intake", "withdraw", "stop"}
    assert last["finished_at"] == (vn(d.finished_at) if terminal else None)
    assert last["returned_at"] is None
    assert last["flags"]["payment_pending"] is (not terminal)  # the copy fee is still owed while it goes on
    if how in {"refuse_intake", "withdraw", "desk_supplement"}:
        assert last["received_at"] is None and last["appointment_at"] is None
    assert (
        last["event"]["note"]
        == {
            "refuse_intake": "Sai thẩm quyền",
            "desk_supplement": "",
            "withdraw": "Nộp nhầm",
            "stop": "Công dân đề nghị dừng",
            "refuse": "Không đủ điều kiện",
        }[how]
    )


def test_apology_and_overdue_flag_are_sent_without_a_state_change(world):
    d = late_and_apologised(world)
    payloads = sent_for(d)
    assert [(p["event"]["action"], p["status"]) for p in payloads] == [
        ("submit", 1),
        ("receive", 2),
        ("forward", 4),
        ("apologise", 4),
        ("flag_overdue", 4),
    ]
    apology, overdue = payloads[3], payloads[4]
    assert apology["flags"] == {"overdue": False, "extended": True, "payment_pending": True}
    assert apology["appointment_at"] == vn(d.due_at) != apology["original_appointment_at"]
    assert overdue["flags"] == {"overdue": True, "extended": True, "payment_pending": True}


def test_steps_that_keep_the_state_send_nothing(world):
    from motcua.dossiers import services

    d = a_dossier(world).in_process().build()
    assert PortalMessage.objects.filter(dossier=d).count() == 3
    services.dossier_claim(actor=world.spec, dossier=d)  # same state, same portal status
    assert PortalMessage.objects.filter(dossier=d).count() == 3
