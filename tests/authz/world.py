"""The one world the authorization matrix walks: every kind of actor of docs/organisation-and-permissions.md
and a dossier in each state a route or action needs, built through the real services.

Each dossier exists twice: filed by the citizen (what every column reads) and by the agent (what the column
"agent, own dossier" reads), so that "own" is true for both kinds of applicant account."""

from datetime import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from motcua.accounts.models import AccountKind, AgentOrganisation
from motcua.catalog.models import Procedure
from motcua.catalog.services import SEED_FILE, catalog_import, catalog_read
from motcua.core.actors import SYSTEM
from motcua.core.working_time import TZ
from motcua.datastore.models import StoredDocument
from motcua.dossiers import services
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import attachment_add, result_attach
from motcua.dossiers.tests.conftest import APPLICANT, BIRTH_FORM, PDF
from motcua.feedback import tokens
from motcua.org import services as org
from motcua.org.models import Role, UnitKind
from motcua.payments import services as payments
from tests.factories import make_org, make_staff, make_user

# A Tuesday morning; the world and every request happen at this moment.
NOW = datetime(2026, 3, 3, 9, 0, tzinfo=TZ)
# After the appointment of a dossier received at NOW, on a working day: a valid new appointment for an apology.
LATER = "2026-03-06T10:00"


def pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF + name.encode() + b"\n", content_type="application/pdf")


def _people(org_units) -> dict:
    centre2 = org.unit_upsert(
        actor=SYSTEM,
        code="T01.CENTRE2",
        name="Trung tâm Phục vụ hành chính công số 2",
        kind=UnitKind.SERVICE_CENTRE,
        parent=org_units["city"],
        province=org_units["province"],
    )
    committee, justice = org_units["committee"], org_units["justice"]
    people = {
        "citizen": make_user(kind=AccountKind.CITIZEN, username="citizen", citizen_id=APPLICANT["citizen_id"]),
        "citizen_other": make_user(kind=AccountKind.CITIZEN, username="citizen_other", citizen_id="001190054321"),
        "agent": make_user(
            kind=AccountKind.AGENT,
            username="agent",
            agent_organisation=AgentOrganisation.objects.create(name="Đại lý Thăng Long", tax_code="0109999001"),
        ),
        "officer": make_staff(Role.RECEIVING_OFFICER, org_units["branch1"], username="officer"),
        "officer_other": make_staff(Role.RECEIVING_OFFICER, centre2, username="officer_other"),
        "specialist": make_staff(Role.SPECIALIST, committee, username="specialist", full_name="Lê Thị Hoa"),
        "specialist_other": make_staff(Role.SPECIALIST, justice, username="specialist_other"),
        "specialist_colleague": make_staff(Role.SPECIALIST, committee, username="specialist_colleague"),
        "leader": make_staff(Role.UNIT_LEADER, committee, username="leader"),
        "leader_other": make_staff(Role.UNIT_LEADER, justice, username="leader_other"),
        "director": make_staff(Role.CENTRE_DIRECTOR, org_units["centre"], username="director"),
        "director_other": make_staff(Role.CENTRE_DIRECTOR, centre2, username="director_other"),
        "administrator": make_staff(Role.ADMINISTRATOR, org_units["centre"], username="administrator"),
        "superuser": make_user(username="superuser", is_superuser=True, is_staff=True),
        "deactivated": make_staff(Role.RECEIVING_OFFICER, org_units["branch1"], username="deactivated"),
    }
    people["deactivated"].is_active = False
    people["deactivated"].save()
    return people


class _Builder:
    def __init__(self, world, applicant):
        self.world, self.applicant = world, applicant
        self.people = world["people"]

    def file(self, commune=None) -> Dossier:
        return services.dossier_create(
            actor=self.applicant,
            procedure=self.world["procedure"],
            channel="online",
            receiving_unit=self.world["org"]["centre"],
            commune=commune or self.world["org"]["committee"].commune,
            applicant=dict(APPLICANT),
            form_data=dict(BIRTH_FORM),
        )

    def in_process(self) -> Dossier:
        """At the specialist's step of the commune committee, taken by `specialist`; a scan and a paid fee."""
        dossier = self.file()
        attachment_add(actor=self.applicant, dossier=dossier, uploaded=pdf(f"to-khai-{self.applicant}.pdf"))
        dossier = services.dossier_receive(actor=self.people["officer"], dossier=dossier)
        dossier = services.dossier_forward(actor=self.people["officer"], dossier=dossier)
        dossier = services.dossier_claim(actor=self.people["specialist"], dossier=dossier)
        payments.payment_cash(actor=self.people["officer"], dossier=dossier, amount=8000)
        return Dossier.objects.get(pk=dossier.pk)

    def build(self) -> dict:
        lead, spec, officer = self.people["leader"], self.people["specialist"], self.people["officer"]
        dossiers = {"submitted": self.file(), "queue": self.file(commune=self.world["org"]["branch2"].commune)}
        dossiers["not_accepted"] = services.dossier_refuse_intake(
            actor=officer, dossier=self.file(), reasons=["Sai thẩm quyền"]
        )
        dossiers["in_process"] = self.in_process()
        dossiers["supplement"] = services.dossier_request_supplement(
            actor=spec, dossier=self.in_process(), items=["Bản sao giấy chứng sinh"]
        )
        financial = services.dossier_request_payment(actor=spec, dossier=self.in_process(), amount=5000)
        dossiers["financial"] = services.dossier_apologise(
            actor=lead, dossier=financial, new_due=datetime.fromisoformat(LATER).replace(tzinfo=TZ), reason="Xác minh"
        )
        approved = services.dossier_approve(actor=lead, dossier=self.in_process())
        result_attach(actor=lead, dossier=approved, uploaded=pdf(f"giay-khai-sinh-{self.applicant}.pdf"))
        dossiers["approved"] = Dossier.objects.get(pk=approved.pk)
        ready = services.dossier_approve(actor=lead, dossier=self.in_process())
        result_attach(actor=lead, dossier=ready, uploaded=pdf(f"ket-qua-{self.applicant}.pdf"))
        dossiers["result_ready"] = services.dossier_issue_result(actor=lead, dossier=Dossier.objects.get(pk=ready.pk))
        returned = services.dossier_approve(actor=lead, dossier=self.in_process())
        result_attach(actor=lead, dossier=returned, uploaded=pdf(f"tra-{self.applicant}.pdf"))
        returned = services.dossier_issue_result(actor=lead, dossier=Dossier.objects.get(pk=returned.pk))
        dossiers["returned"] = services.dossier_return_result(actor=officer, dossier=returned, method="counter")
        return {key: Dossier.objects.get(pk=d.pk) for key, d in dossiers.items()}


def _seed_birth_registration() -> Procedure:
    """Only the procedure the dossiers follow (the admin and catalogue pages stay small)."""
    data = catalog_read(SEED_FILE)
    birth = next(p for p in data["procedures"] if p["code"] == "1.001193")
    catalog_import({"format": data["format"], "procedures": [birth]}, actor=SYSTEM)
    return Procedure.objects.get(code="1.001193")


def _admin_objects(people) -> None:
    """One object for each admin model that has none yet, so that its change, history and delete pages exist."""
    from allauth.account.models import EmailAddress
    from allauth.socialaccount.models import SocialAccount, SocialApp, SocialToken
    from django.contrib.auth.models import Group

    from motcua.core.models import CalendarOverride

    citizen = people["citizen"]
    Group.objects.create(name="matrix")
    EmailAddress.objects.create(user=citizen, email="citizen@example.vn")
    app = SocialApp.objects.create(provider="openid_connect", provider_id="matrix", name="Matrix", client_id="matrix")
    account = SocialAccount.objects.create(user=citizen, provider="matrix", uid="matrix")
    SocialToken.objects.create(app=app, account=account, token="matrix")
    CalendarOverride.objects.create(date="2030-01-02", is_working_day=False, name="Matrix")


def build_world() -> dict:
    procedure = _seed_birth_registration()
    units = make_org()
    world = {"org": units, "procedure": procedure}
    world["people"] = _people(units)
    _admin_objects(world["people"])
    world["dossiers"] = {
        kind: _Builder(world, world["people"][kind]).build() for kind in ("citizen", "agent")
    }  # world["dossiers"]["agent"]["in_process"]: the agent's own
    world["tokens"] = {kind: tokens.tablet_token(d["returned"].code) for kind, d in world["dossiers"].items()}
    world["stored"] = StoredDocument.objects.filter(citizen_id=APPLICANT["citizen_id"]).order_by("pk").first().pk
    return world
