"""Demo history for Hà Nội: dossiers filed at the branches and online over the past weeks, each moved
through the real services at the moments it would have been, so that their events, clocks and states
are what the system itself produces. Everyone and everything here is demo data."""

import io
import random
from datetime import datetime, timedelta
from unittest import mock

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db.models import F
from django.utils import timezone
from pypdf import PdfWriter

from motcua.accounts.models import AccountKind
from motcua.catalog.models import Channel, Procedure
from motcua.core.actors import SYSTEM
from motcua.core.working_time import calendar_for
from motcua.dossiers import services
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import attachment_add, result_attach
from motcua.feedback.criteria import FIELDS
from motcua.feedback.models import RatingChannel
from motcua.feedback.services import rating_submit, tablet_token_issue
from motcua.geo.models import Commune
from motcua.notifications.models import OutboxMessage
from motcua.org import services as org_services
from motcua.org.models import Counter, Role, Unit, UnitKind
from motcua.org.selectors import province_centre
from motcua.payments.callbacks import demo_bank_pay
from motcua.payments.fees import outstanding
from motcua.payments.services import payment_cash, payment_start_qr

FAMILY = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Huỳnh",
    "Phan",
    "Vũ",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
    "Lý",
]
MIDDLE = {
    "m": ["Văn", "Hữu", "Đức", "Minh", "Quang", "Thành", "Công", "Xuân", "Gia"],
    "f": ["Thị", "Ngọc", "Thu", "Thanh", "Phương", "Minh", "Bích", "Hồng"],
}
GIVEN = {
    "m": [
        "An",
        "Bình",
        "Cường",
        "Dũng",
        "Hải",
        "Hùng",
        "Khánh",
        "Long",
        "Nam",
        "Phong",
        "Quân",
        "Sơn",
        "Tuấn",
        "Việt",
        "Hiếu",
        "Thắng",
    ],
    "f": [
        "Anh",
        "Chi",
        "Giang",
        "Hà",
        "Hạnh",
        "Hoa",
        "Hương",
        "Lan",
        "Linh",
        "Mai",
        "Ngọc",
        "Nhung",
        "Thảo",
        "Trang",
        "Yến",
        "Vy",
    ],
}
STREETS = [
    "Hàng Bài",
    "Tràng Thi",
    "Kim Mã",
    "Đội Cấn",
    "Láng Hạ",
    "Nguyễn Trãi",
    "Giải Phóng",
    "Tây Sơn",
    "Hoàng Quốc Việt",
    "Xuân Thủy",
    "Lạc Long Quân",
    "Nguyễn Văn Cừ",
    "Minh Khai",
    "Bạch Mai",
]
# Wards whose People's Committee and police get demo staff; the demo's dossiers concern these.
DEMO_COMMUNES = [
    "Phường Hoàn Kiếm",
    "Phường Ba Đình",
    "Phường Cầu Giấy",
    "Phường Đống Đa",
    "Phường Hai Bà Trưng",
    "Phường Tây Hồ",
    "Phường Long Biên",
    "Phường Hà Đông",
    "Phường Hoàng Mai",
    "Xã Đông Anh",
]


def person(rng: random.Random) -> dict:
    sex = rng.choice("mf")
    year = rng.randint(1950, 2005)
    century_sex = (0 if year < 2000 else 2) + (sex == "f")
    return {
        "applicant_name": f"{rng.choice(FAMILY)} {rng.choice(MIDDLE[sex])} {rng.choice(GIVEN[sex])}",
        "citizen_id": f"001{century_sex}{year % 100:02d}{rng.randint(0, 999999):06d}",
        "date_of_birth": f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
        "phone": f"09{rng.randint(10000000, 99999999)}",
        "email": "" if rng.random() < 0.4 else f"demo{rng.randint(1000, 9999)}@example.vn",
        "address": f"Số {rng.randint(1, 200)} {rng.choice(STREETS)}",
    }


def form_answer(schema: dict | None, rng: random.Random, applicant: dict) -> dict | None:
    """A plausible answer to a procedure's e-form, for demo online filings."""
    if not schema:
        return None
    answer = {}
    for name, prop in schema.get("properties", {}).items():
        if name not in schema.get("required", []) and rng.random() < 0.5:
            continue
        kind = prop.get("type")
        if "enum" in prop:
            answer[name] = rng.choice(prop["enum"])
        elif kind == "object":
            answer[name] = form_answer(prop, rng, applicant)
        elif kind == "array":
            answer[name] = []
        elif kind in ("integer", "number"):
            answer[name] = max(1, int(prop.get("minimum", 1)))
        elif kind == "boolean":
            answer[name] = True
        elif prop.get("format") == "date":
            answer[name] = (timezone.localdate() - timedelta(days=rng.randint(5, 60))).isoformat()
        elif prop.get("format") == "email":
            answer[name] = "demo@example.vn"
        elif "[0-9]{12}" in prop.get("pattern", ""):
            answer[name] = applicant["citizen_id"]
        elif "[0-9]" in prop.get("pattern", ""):
            answer[name] = applicant["phone"]
        elif "ho_ten" in name or "name" in name:
            answer[name] = applicant["applicant_name"]
        else:
            answer[name] = applicant["address"] + ", Hà Nội"
    return answer


def _staff(rng, unit, role, count=1):
    user_model = get_user_model()
    found = list(user_model.objects.filter(memberships__unit=unit, memberships__role=role, is_active=True))
    while len(found) < count:
        applicant = person(rng)
        user = user_model.objects.create(
            username=f"demo.{role[:4]}.{unit.pk}.{len(found) + 1}",
            full_name=applicant["applicant_name"],
            kind=AccountKind.STAFF,
        )
        user.set_unusable_password()
        user.save()
        org_services.membership_grant(actor=SYSTEM, user=user, unit=unit, role=role)
        found.append(user)
    return found


def _result_pdf() -> ContentFile:
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    out = io.BytesIO()
    writer.write(out)
    return ContentFile(out.getvalue(), name="ket-qua.pdf")


class _Clock:
    """Runs the services as if it were `moment` (the demo replays the past)."""

    def __init__(self):
        self.moment = None
        self._patch = mock.patch("django.utils.timezone.now", side_effect=lambda: self.moment)

    def __enter__(self):
        self._patch.start()
        return self

    def __exit__(self, *exc):
        self._patch.stop()


def load_history(*, dossiers: int = 240, days: int = 30, seed: int = 2026) -> int:
    """Create `dossiers` demo dossiers received over the last `days` days; returns how many now exist."""
    existing = Dossier.objects.count()
    if dossiers <= existing:  # already replayed (re-running the demo is safe)
        return existing
    rng = random.Random(seed)  # noqa: S311 - demo data, reproducible on purpose
    province = "01"
    centre = province_centre(province)
    branches = list(Unit.objects.filter(kind=UnitKind.BRANCH, parent=centre).order_by("code"))
    communes = list(Commune.objects.filter(province_id=province, name__in=DEMO_COMMUNES))
    officers = {unit.pk: _staff(rng, unit, Role.RECEIVING_OFFICER, 2) for unit in [centre, *branches]}
    handlers = {}
    for unit in Unit.objects.filter(province_id=province, is_active=True).filter(
        kind__in=[UnitKind.COMMUNE_COMMITTEE, UnitKind.COMMUNE_POLICE], commune__in=communes
    ) | Unit.objects.filter(province_id=province, kind=UnitKind.DEPARTMENT):
        handlers[unit.pk] = (_staff(rng, unit, Role.SPECIALIST, 2), _staff(rng, unit, Role.UNIT_LEADER, 1))
    procedures = list(Procedure.objects.filter(is_active=True).prefetch_related("versions__methods"))
    weights = [8 if p.sector.name in ("Hộ tịch", "Chứng thực", "Đăng ký, quản lý cư trú") else 2 for p in procedures]
    counters = {u.pk: list(Counter.objects.filter(unit=u)) for u in [centre, *branches]}
    calendar = calendar_for()
    now = timezone.now()
    start = calendar.next_working_moment(now - timedelta(days=days))

    with _Clock() as clock:
        for _ in range(dossiers):
            clock.moment = _random_moment(rng, calendar, start, now)
            procedure = rng.choices(procedures, weights)[0]
            channels = set(procedure.versions.all()[0].methods.values_list("channel", flat=True))
            online = Channel.ONLINE in channels and rng.random() < 0.6
            unit = centre if online else rng.choice(branches)
            applicant = person(rng)
            commune = rng.choice(communes)
            dossier = services.dossier_create(
                actor=SYSTEM,
                procedure=procedure,
                channel=Channel.ONLINE if online else Channel.COUNTER,
                receiving_unit=unit,
                counter=None if online else rng.choice(counters[unit.pk]),
                commune=commune,
                applicant=applicant | {"applicant_commune": commune},
                form_data=form_answer(procedure.versions.all()[0].eform, rng, applicant) if online else None,
                documents=[
                    services.PresentedDocument(d.pk, d.originals or 1, d.copies)
                    for d in procedure.versions.all()[0].documents.filter(mandatory=True)
                ],
            )
            _play(rng, clock, calendar, now, dossier, officers, handlers)
    with mock.patch("django.utils.timezone.now", return_value=now):
        services.dossiers_flag_overdue(actor=SYSTEM, now=now)
    # The replayed history's notifications went out at the time; the worker should not send them today.
    OutboxMessage.objects.filter(sent_at=None).update(sent_at=F("created_at"))
    return Dossier.objects.count()


def _random_moment(rng, calendar, start: datetime, end: datetime) -> datetime:
    span = (end - start).total_seconds()
    # More dossiers in recent days, so that every stage of the work is on someone's desk now.
    return calendar.next_working_moment(start + timedelta(seconds=rng.random() ** 0.6 * span))


def _later(rng, calendar, moment, hours_low, hours_high):
    return calendar.add_working_hours(moment, round(rng.uniform(hours_low, hours_high), 2))


def _play(rng, clock, calendar, now, dossier, officers, handlers):
    """Move one dossier along its life until its next action would lie in the future."""
    desk = rng.choice(officers[dossier.receiving_unit_id])
    handler = handlers.get(dossier.handling_unit_id)
    moment = clock.moment

    def wait(low, high) -> bool:
        """Let working time pass; False when that would be later than now (the dossier stays as it is)."""
        nonlocal moment
        moment = _later(rng, calendar, moment, low, high)
        if moment >= now:
            return False
        clock.moment = moment
        return True

    roll = rng.random()
    if not wait(0.05, 0.3 if dossier.channel == Channel.COUNTER else 6):
        return
    if roll < 0.03:
        services.dossier_refuse_intake(
            actor=desk, dossier=dossier, reasons=["Thủ tục không thuộc thẩm quyền giải quyết"]
        )
        return
    if roll < 0.08:
        dossier = services.dossier_request_supplement_at_desk(
            actor=desk, dossier=dossier, items=["Bản sao Giấy khai sinh có chứng thực", "Ảnh chân dung 4x6"]
        )
        if roll < 0.05 or not wait(4, 24):
            return  # still waiting for the applicant
        dossier = services.dossier_receive_supplement(actor=desk, dossier=dossier)
    if dossier.channel == Channel.ONLINE or rng.random() < 0.85:  # online files carry uploads; most counters scan
        attachment_add(actor=SYSTEM, dossier=dossier, uploaded=_result_pdf(), document=dossier.documents.first())
    dossier = services.dossier_receive(actor=desk, dossier=dossier)
    if roll > 0.97 and wait(1, 8):
        services.dossier_withdraw(actor=desk, dossier=dossier, reason="Người nộp hồ sơ đề nghị rút hồ sơ")
        return
    if handler is None or dossier.current_step is None:
        return
    specialists, leaders = handler
    specialist, leader = rng.choice(specialists), leaders[0]
    pace = 3.0 if rng.random() < 0.15 else 0.8  # some dossiers run late, as in life
    detour = rng.random()
    while dossier.current_step is not None:
        step = dossier.current_step
        allotted = float(step.allotted_hours or 8)
        if not wait(allotted * 0.2, allotted * pace):
            return
        if step.role == Role.UNIT_LEADER or (step.role == Role.SPECIALIST and _last_processing(dossier)):
            _decide(rng, dossier, leader, desk, wait)
            return
        if step.role == Role.SPECIALIST:
            if step.assignee_id is None:
                dossier = services.dossier_claim(actor=specialist, dossier=dossier)
            if detour < 0.08:
                detour = 1
                dossier = services.dossier_request_supplement(
                    actor=specialist, dossier=dossier, items=["Giấy tờ chứng minh nơi cư trú"]
                )
                if not wait(4, 40):
                    return
                dossier = services.dossier_receive_supplement(actor=desk, dossier=dossier)
                continue
            if detour < 0.13:
                detour = 1
                dossier = services.dossier_request_payment(actor=specialist, dossier=dossier, amount=50000)
                if rng.random() < 0.3 or not wait(2, 24):
                    return  # the applicant has not paid yet
                _pay(dossier, desk)
                dossier = Dossier.objects.get(pk=dossier.pk)
                continue
            if detour < 0.15:
                services.dossier_stop(actor=leader, dossier=dossier, reason="Người nộp hồ sơ đề nghị dừng giải quyết")
                return
        dossier = services.dossier_forward(actor=specialist if step.role == Role.SPECIALIST else desk, dossier=dossier)


def _pay(dossier, desk) -> None:
    """The applicant pays what was asked: by bank transfer (VietQR) online, in cash at the counter."""
    if dossier.channel == Channel.ONLINE:
        demo_bank_pay(payment_start_qr(actor=desk, dossier=dossier))
    else:
        payment_cash(actor=desk, dossier=dossier, amount=outstanding(dossier))


def _last_processing(dossier) -> bool:
    later = dossier.steps.filter(position__gt=dossier.current_step.position).order_by("position")
    return later.count() <= 1 and all(s.role == Role.RECEIVING_OFFICER for s in later)


def _decide(rng, dossier, leader, desk, wait):
    if rng.random() < 0.04:
        dossier = services.dossier_refuse(
            actor=leader, dossier=dossier, reasons=["Hồ sơ không đủ điều kiện theo quy định"]
        )
        if wait(2, 16) and rng.random() < 0.6:
            services.dossier_return_result(actor=desk, dossier=dossier, method=Channel.COUNTER)
        return
    dossier = services.dossier_approve(actor=leader, dossier=dossier)
    if not wait(0.5, 6):
        return
    result_attach(actor=leader, dossier=dossier, uploaded=_result_pdf())
    dossier = services.dossier_issue_result(actor=leader, dossier=Dossier.objects.get(pk=dossier.pk))
    if wait(1, 16) and rng.random() < 0.92:
        dossier = services.dossier_return_result(
            actor=desk, dossier=dossier, method=Channel.ONLINE if dossier.channel == Channel.ONLINE else Channel.COUNTER
        )
        if rng.random() < 0.5:
            _rate(rng, dossier, desk)


def _rate(rng, dossier, desk) -> None:
    """About half the applicants rate the service on the counter's tablet; most are satisfied."""
    mood = rng.choices([2, 1, 0], weights=[80, 16, 4])[0]
    scores = {field: max(0, min(2, mood + rng.choice([0, 0, 0, 0, -1, 1]))) for field in FIELDS}
    token = tablet_token_issue(actor=desk, dossier=dossier)
    rating_submit(actor=SYSTEM, dossier=dossier, scores=scores, channel=RatingChannel.COUNTER_TABLET, token=token)
