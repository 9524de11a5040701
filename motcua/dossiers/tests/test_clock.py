"""Appointments and the legal clock, across Tết and supplements, under both restart rules."""

import copy
from datetime import datetime
from unittest import mock

import pytest
from django.core.exceptions import ValidationError

from motcua.catalog.models import Procedure
from motcua.catalog.services import SEED_FILE, catalog_import, catalog_read
from motcua.core.actors import SYSTEM
from motcua.core.errors import error_codes
from motcua.core.working_time import TZ
from motcua.dossiers import services
from motcua.dossiers.errors import DossierErrorCode
from motcua.dossiers.models import ClockRule, DossierEvent
from motcua.dossiers.states import State
from motcua.notifications.models import OutboxMessage
from tests.builders import APPLICANT

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def at(*args):
    return datetime(*args, tzinfo=TZ)


def birth_variant(code: str, duration: int, unit: str, workflows: list) -> Procedure:
    """Birth registration (1.001193) with another processing time, imported under `code`."""
    data = catalog_read(SEED_FILE)
    proc = copy.deepcopy(next(p for p in data["procedures"] if p["code"] == "1.001193"))
    proc["code"] = code
    proc["version"]["effective_from"] = "2025-01-01"
    for method in proc["methods"]:
        method.update(duration=duration, unit=unit)
    proc["workflows"] = workflows
    catalog_import({"format": "motcua-catalog/1", "procedures": [proc]}, actor=SYSTEM)
    return Procedure.objects.get(code=code)


@pytest.fixture
def ten_day_procedure(world):
    """Birth registration as if it took 10 working days, to cross Tết 2026 (16–20 February)."""
    return birth_variant(
        "9.000010",
        10,
        "working_days",
        [
            {
                "province": None,
                "steps": [
                    {
                        "name": "Tiếp nhận",
                        "unit_kind": "service_centre",
                        "role": "receiving_officer",
                        "duration": 4,
                        "unit": "working_hours",
                    },
                    {
                        "name": "Thẩm định",
                        "unit_kind": "commune_committee",
                        "role": "specialist",
                        "duration": 64,
                        "unit": "working_hours",
                    },
                    {
                        "name": "Ký duyệt",
                        "unit_kind": "commune_committee",
                        "role": "unit_leader",
                        "duration": 8,
                        "unit": "working_hours",
                    },
                    {
                        "name": "Trả kết quả",
                        "unit_kind": "service_centre",
                        "role": "receiving_officer",
                        "duration": 4,
                        "unit": "working_hours",
                    },
                ],
            }
        ],
    )


def clock(moment):
    return mock.patch("django.utils.timezone.now", return_value=moment)


def receive(world, procedure, moment, rule=ClockRule.RESTART):
    with clock(moment):
        dossier = services.dossier_create(
            actor=SYSTEM,
            procedure=procedure,
            channel="counter",
            receiving_unit=world.org.branch1,
            commune=world.commune,
            applicant=dict(APPLICANT),
        )
        dossier.clock_rule = rule
        dossier.save()
        return services.dossier_receive(actor=SYSTEM, dossier=dossier)


def test_appointment_skips_tet(world, ten_day_procedure):
    dossier = receive(world, ten_day_procedure, at(2026, 2, 12, 9, 30))
    assert dossier.due_at == at(2026, 3, 5, 9, 30)
    step = dossier.current_step
    assert step.started_at == at(2026, 2, 12, 9, 30) and step.due_at == at(
        2026, 2, 12, 14, 30
    )  # 4 working hours, lunch excluded


def test_after_hours_receipt_counts_from_the_next_morning(world, ten_day_procedure):
    dossier = receive(world, ten_day_procedure, at(2026, 3, 6, 17, 45))  # Friday evening
    assert dossier.due_at == at(2026, 3, 20, 17, 0)  # ten working days from Monday 08:00


def _to_specialist(dossier, moment):
    with clock(moment):
        return services.dossier_forward(actor=SYSTEM, dossier=dossier)


def test_supplement_restarts_the_clock_from_zero(world, ten_day_procedure):
    dossier = _to_specialist(receive(world, ten_day_procedure, at(2026, 3, 2, 9, 0)), at(2026, 3, 2, 10, 0))
    with clock(at(2026, 3, 4, 9, 0)):
        dossier = services.dossier_request_supplement(actor=SYSTEM, dossier=dossier, items=["Giấy chứng sinh"])
    assert dossier.state == State.SUPPLEMENT and dossier.clock_paused_at == at(2026, 3, 4, 9, 0)
    with clock(at(2026, 3, 10, 14, 0)):
        dossier = services.dossier_receive_supplement(actor=SYSTEM, dossier=dossier)
    assert dossier.state == State.IN_PROCESS and dossier.clock_paused_at is None
    assert dossier.due_at == at(2026, 3, 24, 14, 0)  # ten working days from the supplement
    assert dossier.current_step.due_at == at(2026, 3, 20, 14, 0)  # the step's 64 hours start again too


def test_supplement_resumes_with_old_due_plus_paused_time(world, ten_day_procedure):
    dossier = receive(world, ten_day_procedure, at(2026, 3, 2, 9, 0), rule=ClockRule.RESUME)
    assert dossier.due_at == at(2026, 3, 16, 9, 0)
    dossier = _to_specialist(dossier, at(2026, 3, 2, 10, 0))
    with clock(at(2026, 3, 4, 9, 0)):
        dossier = services.dossier_request_supplement(actor=SYSTEM, dossier=dossier, items=["x"])
    with clock(at(2026, 3, 6, 9, 0)):  # paused for 16 working hours
        dossier = services.dossier_receive_supplement(actor=SYSTEM, dossier=dossier)
    assert dossier.due_at == at(2026, 3, 18, 9, 0)
    event = dossier.events.get(action="receive_supplement")
    assert event.data["paused_hours"] == 16


def test_supplement_across_tet_resumes_after_it(world, ten_day_procedure):
    dossier = receive(world, ten_day_procedure, at(2026, 2, 9, 8, 0), rule=ClockRule.RESUME)
    assert dossier.due_at == at(2026, 2, 27, 17, 0)  # 9–13 Feb, then 23–27 Feb: Tết is not counted
    dossier = _to_specialist(dossier, at(2026, 2, 9, 9, 0))
    with clock(at(2026, 2, 13, 8, 0)):
        dossier = services.dossier_request_supplement(actor=SYSTEM, dossier=dossier, items=["x"])
    with clock(at(2026, 2, 23, 8, 0)):  # only Friday 13 Feb was a working day in between
        dossier = services.dossier_receive_supplement(actor=SYSTEM, dossier=dossier)
    assert dossier.due_at == at(2026, 3, 2, 17, 0)  # old due + the 8 working hours of 13 February


def test_same_day_procedures_get_no_appointment(world):
    dossier = receive(world, birth_variant("9.000000", 0, "working_hours", []), at(2026, 3, 2, 9, 0))
    assert dossier.due_at is None and dossier.current_step is None


def test_overdue_sweep_flags_once_and_skips_paused_dossiers(world, ten_day_procedure):
    late = receive(world, ten_day_procedure, at(2026, 3, 2, 9, 0))
    paused = _to_specialist(receive(world, ten_day_procedure, at(2026, 3, 2, 9, 0)), at(2026, 3, 2, 9, 30))
    with clock(at(2026, 3, 3, 9, 0)):
        services.dossier_request_supplement(actor=SYSTEM, dossier=paused, items=["x"])
    assert services.dossiers_flag_overdue(actor=SYSTEM, now=at(2026, 3, 16, 9, 0)) == 0  # due exactly now: not yet late
    assert services.dossiers_flag_overdue(actor=SYSTEM, now=at(2026, 3, 16, 9, 1)) == 1
    assert services.dossiers_flag_overdue(actor=SYSTEM, now=at(2026, 3, 17, 9, 0)) == 0
    late.refresh_from_db()
    assert late.is_overdue
    assert DossierEvent.objects.filter(dossier=late, action="flag_overdue", timeliness="late").count() == 1


def test_apology_once_and_only_before_the_appointment(world, ten_day_procedure):
    dossier = receive(world, ten_day_procedure, at(2026, 3, 2, 9, 0))
    with clock(at(2026, 3, 13, 9, 0)):
        with pytest.raises(ValidationError) as err:
            services.dossier_apologise(actor=SYSTEM, dossier=dossier, new_due=at(2026, 3, 14, 9, 0), reason="x")
        assert "new_due" in err.value.message_dict  # a Saturday
        with pytest.raises(ValidationError):
            services.dossier_apologise(actor=SYSTEM, dossier=dossier, new_due=at(2026, 3, 10, 9, 0), reason="x")
        dossier = services.dossier_apologise(
            actor=SYSTEM,
            dossier=dossier,
            new_due=at(2026, 3, 20, 9, 0),
            reason="Cần xác minh thêm với cơ quan khác",
        )
        assert dossier.due_at == at(2026, 3, 20, 9, 0) and dossier.apologised
        assert OutboxMessage.objects.filter(dossier=dossier, body__contains="20/03/2026").exists()
        with pytest.raises(ValidationError) as err:
            services.dossier_apologise(actor=SYSTEM, dossier=dossier, new_due=at(2026, 3, 25, 9, 0), reason="x")
        assert error_codes(err.value) == {"action": [DossierErrorCode.ALREADY_APOLOGISED]}
    late = receive(world, ten_day_procedure, at(2026, 3, 2, 9, 0))
    with clock(at(2026, 3, 16, 10, 0)), pytest.raises(ValidationError) as err:
        services.dossier_apologise(actor=SYSTEM, dossier=late, new_due=at(2026, 3, 20, 9, 0), reason="x")
    assert error_codes(err.value) == {"action": [DossierErrorCode.PAST_APPOINTMENT]}


def test_steps_record_early_on_time_and_late(world, ten_day_procedure):
    dossier = receive(world, ten_day_procedure, at(2026, 3, 2, 9, 0))  # desk step due 13:00
    dossier = _to_specialist(dossier, at(2026, 3, 2, 15, 0))
    assert dossier.events.get(action="forward").timeliness == "late"
    with clock(at(2026, 3, 3, 9, 0)):  # specialist step due 12 March
        dossier = services.dossier_forward(actor=SYSTEM, dossier=dossier)
    assert dossier.events.filter(action="forward").last().timeliness == "early"
