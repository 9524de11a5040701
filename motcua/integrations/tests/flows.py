"""Dossiers moved through the real services, for the sync's tests."""

from datetime import timedelta

from motcua.core.actors import SYSTEM
from motcua.dossiers import services
from motcua.dossiers.clock import unit_calendar
from motcua.dossiers.services import result_attach
from motcua.dossiers.tests.conftest import file_online, pdf
from motcua.payments.services import payment_cash


def people(world):
    return world["people"]


def full_life(world):
    """Online birth registration through every state it can pass on its way to the returned result."""
    p = people(world)
    d = file_online(world)  # 1
    d = services.dossier_receive(actor=SYSTEM, dossier=d)  # 2
    d = services.dossier_forward(actor=SYSTEM, dossier=d)  # 4
    d = services.dossier_request_supplement(actor=SYSTEM, dossier=d, items=["Bản sao giấy chứng sinh"])  # 5
    d = services.dossier_receive_supplement(actor=SYSTEM, dossier=d)  # 4
    d = services.dossier_request_payment(actor=SYSTEM, dossier=d, amount=50000, note="Phí xác minh")  # 6
    payment_cash(actor=p["officer_c"], dossier=d, amount=58000)  # paid: mark_paid → 4
    d.refresh_from_db()
    d = services.dossier_approve(actor=SYSTEM, dossier=d)  # approved: still 4
    result_attach(actor=SYSTEM, dossier=d, uploaded=pdf())  # no state change: no message
    d.refresh_from_db()
    d = services.dossier_issue_result(actor=SYSTEM, dossier=d)  # 9
    return services.dossier_return_result(actor=SYSTEM, dossier=d, method="online")  # 10


def late_and_apologised(world):
    """In process, apologised once (new appointment), then flagged overdue after the new appointment."""
    d = services.dossier_forward(
        actor=SYSTEM, dossier=services.dossier_receive(actor=SYSTEM, dossier=file_online(world))
    )
    calendar = unit_calendar(d.receiving_unit)
    new_due = d.due_at + timedelta(days=7)
    while not calendar.is_working_day(new_due.date()):
        new_due += timedelta(days=1)
    d = services.dossier_apologise(actor=SYSTEM, dossier=d, new_due=new_due, reason="Cần xác minh thêm")
    services.dossiers_flag_overdue(actor=SYSTEM, now=new_due + timedelta(hours=1))
    d.refresh_from_db()
    return d


def ended(world, how: str):
    """A dossier ended early: withdrawn (7), stopped (8), refused (9), not accepted (3), desk supplement (5)."""
    p = people(world)
    d = file_online(world)
    if how == "refuse_intake":
        return services.dossier_refuse_intake(actor=SYSTEM, dossier=d, reasons=["Sai thẩm quyền"])
    if how == "desk_supplement":
        return services.dossier_request_supplement_at_desk(actor=SYSTEM, dossier=d, items=["Tờ khai"])
    if how == "withdraw":
        return services.dossier_withdraw(actor=p["applicant"], dossier=d, reason="Nộp nhầm")
    d = services.dossier_forward(actor=SYSTEM, dossier=services.dossier_receive(actor=SYSTEM, dossier=d))
    if how == "stop":
        return services.dossier_stop(actor=SYSTEM, dossier=d, reason="Công dân đề nghị dừng")
    return services.dossier_refuse(actor=SYSTEM, dossier=d, reasons=["Không đủ điều kiện"])
