"""Test data built through the real services, with overrides and traits.

- `an_org()`: a province's centre with two branches and their counters, a department, a commune committee.
- `a_user()`, `a_citizen()`, `an_agent()`, `a_staff_member(role, unit)`: accounts; `staff_in_every_role(org)`.
- `a_procedure(code)`: a procedure of the seed catalogue (imported alone if the catalogue is not loaded).
- `a_world()`: the organisation, its staff (officers at each desk, the committee's and the justice department's
  specialist and leader, the director, the administrator), citizens and an agent, the birth registration.
- `a_dossier(world, **overrides)`: a dossier filed (online by default) and brought to a state by traits —
  `.received()`, `.in_process()`, `.supplement_requested()`, `.payment_requested()`, `.paid()`, `.approved()`,
  `.result_ready()`, `.returned()`, `.refused()`, `.stopped()`, `.withdrawn()`, `.not_accepted()`,
  `.overdue()`, … — each trait is one service call by the person whose job it is (the desk officer, the
  specialist or leader of the handling unit, the applicant), so that a dossier built here went through the
  same permission checks, events and effects as one in production. `.build()` runs the plan.

Every builder returns model objects or small dataclasses read by attribute (`world.officer_b1`,
`world.org.centre`), never nested dictionaries.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from motcua.accounts.models import AccountKind, IdentitySource
from motcua.catalog.models import Procedure
from motcua.catalog.services import SEED_FILE, catalog_import, catalog_read
from motcua.core.actors import SYSTEM
from motcua.dossiers import permissions, services
from motcua.dossiers.clock import unit_calendar
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import result_attach
from motcua.geo.models import Commune, Province
from motcua.org import services as org_services
from motcua.org.models import DepartmentArea, Membership, Role, Unit, UnitKind
from motcua.payments.fees import outstanding
from motcua.payments.services import payment_cash

PASSWORD = "correct-horse-battery"
VERIFIED_AT = datetime(2026, 1, 5, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
BIRTH_REGISTRATION = "1.001193"

# A minimal valid one-page PDF.
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\nxref\n0 4\n0000000000 65535 f \n"
    b"0000000009 00000 n \n0000000058 00000 n \n0000000115 00000 n \ntrailer<</Size 4/Root 1 0 R>>\n"
    b"startxref\n178\n%%EOF\n"
)
# The applicant's fields of a dossier (the citizen `world.applicant` files in their own name).
APPLICANT = {
    "applicant_name": "Nguyễn Văn An",
    "citizen_id": "001088012345",
    "date_of_birth": "1988-03-02",
    "phone": "0912345678",
    "email": "an.nguyen@example.vn",
    "address": "12 Hàng Bài",
}
# An answer to the seed's e-form for birth registration (1.001193).
BIRTH_FORM = {
    "ho_ten_tre": "Nguyễn Minh Khôi",
    "gioi_tinh": "Nam",
    "ngay_sinh": "2026-11-02",
    "noi_sinh": "Bệnh viện Phụ sản Hà Nội",
    "dan_toc": "Kinh",
    "que_quan": "Hà Nội",
    "ho_ten_me": "Trần Thị Thu",
    "so_dinh_danh_me": "001190054321",
    "quan_he_nguoi_yeu_cau": "Cha",
    "so_ban_sao": 1,  # one copy of the birth certificate: the 8.000 đ copy fee
}

_seq = itertools.count(1)


def pdf(name="ket-qua.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


# -- accounts ------------------------------------------------------------------------------------------------------
def a_user(*, kind=AccountKind.STAFF, username=None, full_name="Nguyễn Văn An", verified=True, **extra):
    """An account (staff by default). A citizen's identity is verified (by an officer, with a citizen ID of its own
    unless one is given); `verified=False` makes an unverified citizen, whose citizen ID, if one is given, is only
    self-declared."""
    number = next(_seq)
    username = username or f"user{number}"
    if kind == AccountKind.CITIZEN and verified:
        extra.setdefault("citizen_id", f"0019{number:08d}")
        extra.setdefault("identity_verified_via", IdentitySource.OFFICER)
        extra.setdefault("identity_verified_at", VERIFIED_AT)
    return get_user_model().objects.create_user(
        username=username, password=PASSWORD, kind=kind, full_name=full_name, **extra
    )


def a_citizen(*, verified=True, **extra):
    return a_user(kind=AccountKind.CITIZEN, verified=verified, **extra)


def an_agent(**extra):
    return a_user(kind=AccountKind.AGENT, **extra)


def a_staff_member(role, unit, **extra):
    """A staff account holding `role` at `unit` (granted through the organisation's service)."""
    user = a_user(**extra)
    org_services.membership_grant(actor=SYSTEM, user=user, unit=unit, role=role)
    return user


# -- the organisation ----------------------------------------------------------------------------------------------
@dataclass
class Org:
    """A province's centre (under the province's committee) with two branches and a counter each, the justice
    department and the committee of the province's first commune."""

    province: Province
    city: Unit
    centre: Unit
    branch1: Unit
    branch2: Unit
    justice: Unit
    committee: Unit
    counter1: object
    counter2: object

    @property
    def commune(self) -> Commune:
        return self.committee.commune


def an_org(province_code="01") -> Org:
    province = Province.objects.get(code=province_code)
    communes = list(Commune.objects.filter(province=province).order_by("code")[:2])
    prefix = f"T{province_code}"

    def unit(suffix, name, kind, **extra):
        return org_services.unit_upsert(
            actor=SYSTEM, code=f"{prefix}.{suffix}", name=name, kind=kind, province=province, **extra
        )

    city = unit("CITY", "Ủy ban nhân dân thành phố", UnitKind.PROVINCE_COMMITTEE)
    centre = unit("CENTRE", "Trung tâm Phục vụ hành chính công", UnitKind.SERVICE_CENTRE, parent=city)
    branch1 = unit("B1", "Chi nhánh số 1", UnitKind.BRANCH, parent=centre, commune=communes[0])
    branch2 = unit("B2", "Chi nhánh số 2", UnitKind.BRANCH, parent=centre, commune=communes[1])
    justice = unit("STP", "Sở Tư pháp", UnitKind.DEPARTMENT, department_area=DepartmentArea.JUSTICE, parent=city)
    committee = unit(
        "UBX", f"Ủy ban nhân dân {communes[0].name}", UnitKind.COMMUNE_COMMITTEE, parent=city, commune=communes[0]
    )
    return Org(
        province=province,
        city=city,
        centre=centre,
        branch1=branch1,
        branch2=branch2,
        justice=justice,
        committee=committee,
        counter1=org_services.counter_create(actor=SYSTEM, unit=branch1, number=1),
        counter2=org_services.counter_create(actor=SYSTEM, unit=branch2, number=1),
    )


@dataclass
class Staff:
    """One account per role, placed where that role works (`staff.in_role(role)` for tables over roles)."""

    officer: object
    specialist: object
    leader: object
    director: object
    admin: object

    def by_role(self) -> dict:
        return {
            Role.RECEIVING_OFFICER: self.officer,
            Role.SPECIALIST: self.specialist,
            Role.UNIT_LEADER: self.leader,
            Role.CENTRE_DIRECTOR: self.director,
            Role.ADMINISTRATOR: self.admin,
        }

    def in_role(self, role):
        return self.by_role()[role]

    def __iter__(self):
        """The roles, in the order of `Role`."""
        return iter(self.by_role())


def staff_in_every_role(org: Org) -> Staff:
    return Staff(
        officer=a_staff_member(Role.RECEIVING_OFFICER, org.branch1, username="officer"),
        specialist=a_staff_member(Role.SPECIALIST, org.justice, username="specialist"),
        leader=a_staff_member(Role.UNIT_LEADER, org.justice, username="leader"),
        director=a_staff_member(Role.CENTRE_DIRECTOR, org.centre, username="director"),
        admin=a_staff_member(Role.ADMINISTRATOR, org.centre, username="admin"),
    )


# -- the catalogue -------------------------------------------------------------------------------------------------
def a_procedure(code=BIRTH_REGISTRATION) -> Procedure:
    """A procedure of the seed catalogue: the loaded one, or imported alone (a small catalogue stays small)."""
    found = Procedure.objects.filter(code=code).first()
    if found is not None:
        return found
    data = catalog_read(SEED_FILE)
    chosen = next(p for p in data["procedures"] if p["code"] == code)
    catalog_import({"format": data["format"], "procedures": [chosen]}, actor=SYSTEM)
    return Procedure.objects.get(code=code)


# -- the world of the dossier tests --------------------------------------------------------------------------------
@dataclass(repr=False)
class World:
    """Hà Nội's centre with its branches, committee and staff, citizens and an agent; the birth registration.

    The people are fields, in the order of the permission tables (`everyone()`)."""

    org: Org
    procedure: Procedure
    officer_b1: object
    officer_b2: object
    officer_c: object
    spec: object
    lead: object
    spec_justice: object
    lead_justice: object
    director: object
    admin: object
    applicant: object
    other_citizen: object
    agent: object

    @property
    def commune(self) -> Commune:
        return self.org.commune

    def everyone(self) -> dict[str, object]:
        """Every account of the world by name, for tables over people."""
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name not in ("org", "procedure")}

    def person(self, name: str):
        return self.everyone()[name]

    def __repr__(self):
        return f"World({self.org.centre.code}, {self.procedure.code})"


def a_world(procedure=BIRTH_REGISTRATION) -> World:
    org = an_org()
    committee = org.committee
    return World(
        org=org,
        procedure=a_procedure(procedure),
        officer_b1=a_staff_member(Role.RECEIVING_OFFICER, org.branch1, username="officer_b1"),
        officer_b2=a_staff_member(Role.RECEIVING_OFFICER, org.branch2, username="officer_b2"),
        officer_c=a_staff_member(Role.RECEIVING_OFFICER, org.centre, username="officer_c"),
        spec=a_staff_member(Role.SPECIALIST, committee, username="spec", full_name="Lê Thị Hoa"),
        lead=a_staff_member(Role.UNIT_LEADER, committee, username="lead", full_name="Phạm Văn Bình"),
        spec_justice=a_staff_member(Role.SPECIALIST, org.justice, username="spec_justice"),
        lead_justice=a_staff_member(Role.UNIT_LEADER, org.justice, username="lead_justice"),
        director=a_staff_member(Role.CENTRE_DIRECTOR, org.centre, username="director"),
        admin=a_staff_member(Role.ADMINISTRATOR, org.centre, username="admin"),
        applicant=a_citizen(
            username="applicant", full_name=APPLICANT["applicant_name"], citizen_id=APPLICANT["citizen_id"]
        ),
        other_citizen=a_citizen(username="other_citizen"),
        agent=an_agent(username="agent"),
    )


# -- dossiers ------------------------------------------------------------------------------------------------------
def _holder(role, unit, dossier=None):
    """The first active account holding `role` at `unit` — for the desk, any receiving officer of the centre
    family that received `dossier`, preferring one at the receiving unit itself."""
    memberships = Membership.objects.filter(role=role, is_active=True, user__is_active=True).select_related("user")
    if role == Role.RECEIVING_OFFICER and dossier is not None:
        candidates = sorted(memberships.order_by("pk"), key=lambda m: m.unit_id != unit.pk)
        found = next((m.user for m in candidates if permissions.at_desk(m.user, dossier)), None)
    else:
        found = next((m.user for m in memberships.filter(unit=unit).order_by("pk")), None)
    if found is None:
        raise LookupError(f"Nobody holds {role} at {unit}: give the builder the actor.")
    return found


Step = Callable[["DossierBuilder", object], object]


@dataclass
class DossierBuilder:
    """A dossier filed through `dossier_create` and moved on by traits, each a service call by a real person.

    Overrides: `procedure`, `channel` ("online": filed by `applicant`, a citizen by default — or an agent;
    "counter": filed by the desk officer at `counter`), `receiving_unit`, `counter`, `commune`,
    `applicant_fields` (over `APPLICANT`), `form_data`, `documents` and any other `dossier_create` keyword
    (`extra`). The actors of the traits: `desk` (a receiving officer of the receiving centre family),
    `specialist` and `leader` (of the handling unit); found in the database when not given."""

    world: World
    channel: str = "online"
    procedure: Procedure | None = None
    applicant: object = None
    receiving_unit: Unit | None = None
    counter: object = None
    commune: Commune | None = None
    applicant_fields: dict = field(default_factory=dict)
    form_data: dict | None = None
    documents: list | None = None
    desk: object = None
    specialist: object = None
    leader: object = None
    extra: dict = field(default_factory=dict)
    _plan: list = field(default_factory=list)
    _reached: set = field(default_factory=lambda: {"submitted"})
    _state: str | None = None

    # -- the people who act ------------------------------------------------------------------------------------
    def desk_officer(self, dossier):
        return self.desk or _holder(Role.RECEIVING_OFFICER, dossier.receiving_unit, dossier)

    def handling_specialist(self, dossier):
        return self.specialist or _holder(Role.SPECIALIST, dossier.handling_unit)

    def handling_leader(self, dossier):
        return self.leader or _holder(Role.UNIT_LEADER, dossier.handling_unit)

    def step_worker(self, dossier):
        """Whoever works on the dossier's current step."""
        role = dossier.current_step.role
        if role == Role.RECEIVING_OFFICER:
            return self.desk_officer(dossier)
        if role == Role.UNIT_LEADER:
            return self.handling_leader(dossier)
        return self.specialist or _holder(role, dossier.current_step.unit)

    # -- filing ------------------------------------------------------------------------------------------------
    def _file(self):
        world = self.world
        procedure = self.procedure or world.procedure
        applicant = {**APPLICANT, **self.applicant_fields}
        commune = self.commune or world.commune
        if self.channel == "online":
            return services.dossier_create(
                actor=self.applicant or world.applicant,
                procedure=procedure,
                channel="online",
                receiving_unit=self.receiving_unit or world.org.centre,
                commune=commune,
                applicant=applicant,
                form_data=dict(BIRTH_FORM) if self.form_data is None else self.form_data,
                counter=self.counter,
                **self.extra,
            )
        unit = self.receiving_unit or world.org.branch1
        counter = self.counter or {
            world.org.branch1.pk: world.org.counter1,
            world.org.branch2.pk: world.org.counter2,
        }.get(unit.pk)
        documents = self.documents
        if documents is None:
            version = procedure.versions.get()
            documents = [
                services.PresentedDocument(d.pk, originals=1) for d in version.documents.filter(mandatory=True)
            ]
        officer = self.desk or {world.org.branch1.pk: world.officer_b1, world.org.branch2.pk: world.officer_b2}.get(
            unit.pk, world.officer_c
        )
        return services.dossier_create(
            actor=officer,
            procedure=procedure,
            channel=self.channel,
            receiving_unit=unit,
            counter=counter,
            commune=commune,
            applicant=applicant,
            documents=documents,
            form_data=self.form_data,
            **self.extra,
        )

    def build(self):
        """File the dossier and run the traits in order; the dossier as it is now in the database."""
        dossier = self._file()
        for step in self._plan:
            step(self, Dossier.objects.get(pk=dossier.pk))
        dossier = Dossier.objects.select_related("current_step", "receiving_unit", "handling_unit").get(pk=dossier.pk)
        if self._state is not None and dossier.state != self._state:
            raise AssertionError(f"built a dossier in {dossier.state}, not {self._state}")
        return dossier

    # -- traits ------------------------------------------------------------------------------------------------
    def _then(self, name: str, after: str | None, step: Step):
        if name in self._reached:
            return self
        if after is not None and after not in self._reached:
            getattr(self, after)()
        self._plan.append(step)
        self._reached.add(name)
        return self

    def in_state(self, state):
        """The shortest way to `state` (a `State`), with the traits' defaults; `build()` checks it got there."""
        trait = {
            "submitted": self.submitted,
            "received": self.received,
            "not_accepted": self.not_accepted,
            "in_process": self.in_process,
            "supplement": self.supplement_requested,
            "financial": self.payment_requested,
            "withdrawn": self.withdrawn,
            "stopped": self.stopped,
            "refused": self.refused,
            "approved": self.approved,
            "result_ready": self.result_ready,
            "returned": self.returned,
        }[str(state)]
        trait()
        self._state = str(state)
        return self

    def then(self, step: Step):
        """Any other service call, in order: `step(builder, dossier)`."""
        self._plan.append(step)
        return self

    def received(self):
        """Checked and received at the desk: the appointment is set, the clock runs."""
        return self._then(
            "received", "submitted", lambda b, d: services.dossier_receive(actor=b.desk_officer(d), dossier=d)
        )

    def submitted(self):
        return self

    def in_process(self):
        """Forwarded from the desk's step to the handling unit's specialist."""
        return self._then(
            "in_process", "received", lambda b, d: services.dossier_forward(actor=b.step_worker(d), dossier=d)
        )

    def claimed(self):
        """The current step taken by whoever works on it."""
        return self._then(
            "claimed", "in_process", lambda b, d: services.dossier_claim(actor=b.step_worker(d), dossier=d)
        )

    def supplement_requested(self, items=("Bản sao giấy chứng sinh",)):
        """Appraisal asks for a supplement: the clock pauses."""
        return self._then(
            "supplement_requested",
            "in_process",
            lambda b, d: services.dossier_request_supplement(
                actor=b.handling_specialist(d), dossier=d, items=list(items)
            ),
        )

    def supplement_received(self):
        return self._then(
            "supplement_received",
            "supplement_requested",
            lambda b, d: services.dossier_receive_supplement(actor=b.desk_officer(d), dossier=d),
        )

    def desk_supplement(self, items=("Tờ khai",)):
        """The desk finds the filing incomplete (form 02)."""
        return self._then(
            "desk_supplement",
            "submitted",
            lambda b, d: services.dossier_request_supplement_at_desk(
                actor=b.desk_officer(d), dossier=d, items=list(items)
            ),
        )

    def not_accepted(self, reasons=("Sai thẩm quyền",)):
        return self._then(
            "not_accepted",
            "submitted",
            lambda b, d: services.dossier_refuse_intake(actor=b.desk_officer(d), dossier=d, reasons=list(reasons)),
        )

    def withdrawn(self, reason="Nộp nhầm"):
        """Withdrawn on the applicant's request: by the applicant's account when filed online, else the desk."""

        def withdraw(b, d):
            actor = d.submitted_by if d.channel == "online" and d.submitted_by else b.desk_officer(d)
            return services.dossier_withdraw(actor=actor, dossier=d, reason=reason)

        return self._then("withdrawn", "submitted", withdraw)

    def payment_requested(self, amount=8000, note=""):
        """The handling unit asks for `amount` đồng more (state `financial`)."""
        return self._then(
            "payment_requested",
            "in_process",
            lambda b, d: services.dossier_request_payment(
                actor=b.handling_specialist(d), dossier=d, amount=amount, note=note
            ),
        )

    def paid(self):
        """Everything still owed paid in cash at the desk (a dossier in `financial` goes back in process)."""
        if "received" not in self._reached:
            self.received()
        return self.then(lambda b, d: payment_cash(actor=b.desk_officer(d), dossier=d, amount=outstanding(d)))

    def approved(self, result=True, uploaded=None):
        """Approved by the handling unit's leader; with `result`, the result file attached (by the leader)."""
        self._then(
            "approved", "in_process", lambda b, d: services.dossier_approve(actor=b.handling_leader(d), dossier=d)
        )
        return self.result_attached(uploaded) if result else self

    def result_attached(self, uploaded=None):
        """A result file (`uploaded`, by default a one-page `ket-qua.pdf`) attached by the leader."""
        return self._then(
            "result_attached",
            None,
            lambda b, d: result_attach(actor=b.handling_leader(d), dossier=d, uploaded=uploaded or pdf()),
        )

    def result_ready(self, uploaded=None):
        """The result issued: it waits at the desk."""
        self.approved(result=True, uploaded=uploaded)
        return self._then(
            "result_ready", None, lambda b, d: services.dossier_issue_result(actor=b.handling_leader(d), dossier=d)
        )

    def refused(self, reasons=("Không đủ điều kiện",)):
        return self._then(
            "refused",
            "in_process",
            lambda b, d: services.dossier_refuse(actor=b.handling_leader(d), dossier=d, reasons=list(reasons)),
        )

    def returned(self, method="counter", uploaded=None):
        """The result (or the refusal) handed back to the applicant."""
        if "refused" not in self._reached:
            self.result_ready(uploaded=uploaded)
        return self._then(
            "returned",
            None,
            lambda b, d: services.dossier_return_result(actor=b.desk_officer(d), dossier=d, method=method),
        )

    def stopped(self, reason="Công dân đề nghị dừng"):
        return self._then(
            "stopped",
            "in_process",
            lambda b, d: services.dossier_stop(actor=b.handling_leader(d), dossier=d, reason=reason),
        )

    def apologised(self, new_due=None, reason="Cần xác minh thêm"):
        """The leader apologises once with a new appointment (by default a week later, on a working day)."""

        def apologise(b, d):
            due = new_due
            if due is None:
                calendar = unit_calendar(d.receiving_unit)
                due = d.due_at + timedelta(days=7)
                while not calendar.is_working_day(due.date()):
                    due += timedelta(days=1)
            return services.dossier_apologise(actor=b.handling_leader(d), dossier=d, new_due=due, reason=reason)

        if "received" not in self._reached:
            self.in_process()
        return self._then("apologised", None, apologise)

    def overdue(self, now=None):
        """Flagged overdue by the worker's sweep, an hour after the appointment (or at `now`)."""
        if "received" not in self._reached:
            self.in_process()
        return self._then(
            "overdue",
            None,
            lambda b, d: services.dossiers_flag_overdue(actor=SYSTEM, now=now or d.due_at + timedelta(hours=1)),
        )


def a_dossier(world: World, **overrides) -> DossierBuilder:
    """`a_dossier(world).in_process().build()`; see `DossierBuilder` for the overrides."""
    return DossierBuilder(world, **overrides)
