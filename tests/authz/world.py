"""The one world the authorization matrix walks: every kind of actor of docs/organisation-and-permissions.md
and a dossier in each state a route or action needs, built through the real services.

Each dossier exists twice: filed by the citizen (what every column reads) and by the agent (what the column
"agent, own dossier" reads), so that "own" is true for both kinds of applicant account."""

from dataclasses import dataclass, field
from datetime import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from motcua.accounts.models import AgentOrganisation
from motcua.catalog.models import Procedure
from motcua.core.actors import SYSTEM
from motcua.core.working_time import TZ
from motcua.datastore.models import StoredDocument
from motcua.dossiers.services import attachment_add
from motcua.feedback import tokens
from motcua.org import services as org
from motcua.org.models import Role, UnitKind
from tests.builders import (
    APPLICANT,
    PDF,
    Org,
    a_citizen,
    a_dossier,
    a_procedure,
    a_staff_member,
    a_user,
    an_agent,
    an_org,
)

# A Tuesday morning; the world and every request happen at this moment.
NOW = datetime(2026, 3, 3, 9, 0, tzinfo=TZ)
# After the appointment of a dossier received at NOW, on a working day: a valid new appointment for an apology.
LATER = "2026-03-06T10:00"


def pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF + name.encode() + b"\n", content_type="application/pdf")


@dataclass
class MatrixWorld:
    """Every kind of actor of the matrix (by the names the columns use, `person(name)`), the dossiers of each
    applicant account by state (`dossiers["citizen"]["in_process"]`), their tablet tokens and a stored document."""

    org: Org
    procedure: Procedure
    citizen: object
    citizen_other: object
    agent: object
    officer: object
    officer_other: object
    specialist: object
    specialist_other: object
    specialist_colleague: object
    leader: object
    leader_other: object
    director: object
    director_other: object
    administrator: object
    superuser: object
    deactivated: object
    dossiers: dict = field(default_factory=dict)
    tokens: dict = field(default_factory=dict)
    stored: int | None = None
    media: object = None
    placeholders: dict = field(default_factory=dict)  # the test's cache of URL values
    admin_urls: list | None = None  # the test's cache of the admin's pages

    @property
    def commune(self):
        return self.org.commune

    def person(self, name: str):
        return getattr(self, name)


def _people(org_units: Org) -> dict:
    centre2 = org.unit_upsert(
        actor=SYSTEM,
        code="T01.CENTRE2",
        name="Trung tâm Phục vụ hành chính công số 2",
        kind=UnitKind.SERVICE_CENTRE,
        parent=org_units.city,
        province=org_units.province,
    )
    committee, justice = org_units.committee, org_units.justice
    people = {
        "citizen": a_citizen(username="citizen", citizen_id=APPLICANT["citizen_id"]),
        "citizen_other": a_citizen(username="citizen_other", citizen_id="001190054321"),
        "agent": an_agent(
            username="agent",
            agent_organisation=AgentOrganisation.objects.create(name="Đại lý Thăng Long", tax_code="0109999001"),
        ),
        "officer": a_staff_member(Role.RECEIVING_OFFICER, org_units.branch1, username="officer"),
        "officer_other": a_staff_member(Role.RECEIVING_OFFICER, centre2, username="officer_other"),
        "specialist": a_staff_member(Role.SPECIALIST, committee, username="specialist", full_name="Lê Thị Hoa"),
        "specialist_other": a_staff_member(Role.SPECIALIST, justice, username="specialist_other"),
        "specialist_colleague": a_staff_member(Role.SPECIALIST, committee, username="specialist_colleague"),
        "leader": a_staff_member(Role.UNIT_LEADER, committee, username="leader"),
        "leader_other": a_staff_member(Role.UNIT_LEADER, justice, username="leader_other"),
        "director": a_staff_member(Role.CENTRE_DIRECTOR, org_units.centre, username="director"),
        "director_other": a_staff_member(Role.CENTRE_DIRECTOR, centre2, username="director_other"),
        "administrator": a_staff_member(Role.ADMINISTRATOR, org_units.centre, username="administrator"),
        "superuser": a_user(username="superuser", is_superuser=True, is_staff=True),
        "deactivated": a_staff_member(Role.RECEIVING_OFFICER, org_units.branch1, username="deactivated"),
    }
    people["deactivated"].is_active = False
    people["deactivated"].save()
    return people


def _dossiers(world: MatrixWorld, applicant) -> dict:
    """A dossier of `applicant` in each state the routes need (two waiting at the desk: one at the branch 2
    commune's queue), worked by `officer`, `specialist` and `leader`."""

    def filed(**overrides):
        return a_dossier(
            world,
            applicant=applicant,
            desk=world.officer,
            specialist=world.specialist,
            leader=world.leader,
            **overrides,
        )

    def in_process():
        """At the specialist's step of the commune committee, taken by `specialist`; a scan and a paid fee."""
        scan = pdf(f"to-khai-{applicant}.pdf")
        return filed().then(lambda b, d: attachment_add(actor=applicant, dossier=d, uploaded=scan)).claimed().paid()

    later = datetime.fromisoformat(LATER).replace(tzinfo=TZ)
    return {
        "submitted": filed().build(),
        "queue": filed(commune=world.org.branch2.commune).build(),
        "not_accepted": filed().not_accepted().build(),
        "in_process": in_process().build(),
        "supplement": in_process().supplement_requested().build(),
        "financial": in_process().payment_requested(5000).apologised(new_due=later, reason="Xác minh").build(),
        "approved": in_process().approved(uploaded=pdf(f"giay-khai-sinh-{applicant}.pdf")).build(),
        "result_ready": in_process().result_ready(uploaded=pdf(f"ket-qua-{applicant}.pdf")).build(),
        "returned": in_process().returned(method="counter", uploaded=pdf(f"tra-{applicant}.pdf")).build(),
    }


def _seed_birth_registration() -> Procedure:
    """Only the procedure the dossiers follow (the admin and catalogue pages stay small)."""
    return a_procedure("1.001193")


def _admin_objects(world) -> None:
    """One object for each admin model that has none yet, so that its change, history and delete pages exist."""
    from allauth.account.models import EmailAddress
    from allauth.socialaccount.models import SocialAccount, SocialApp, SocialToken
    from django.contrib.auth.models import Group

    from motcua.core.models import CalendarOverride

    citizen = world.citizen
    Group.objects.create(name="matrix")
    EmailAddress.objects.create(user=citizen, email="citizen@example.vn")
    app = SocialApp.objects.create(provider="openid_connect", provider_id="matrix", name="Matrix", client_id="matrix")
    account = SocialAccount.objects.create(user=citizen, provider="matrix", uid="matrix")
    SocialToken.objects.create(app=app, account=account, token="matrix")
    CalendarOverride.objects.create(date="2030-01-02", is_working_day=False, name="Matrix")


def build_world() -> MatrixWorld:
    procedure = _seed_birth_registration()
    units = an_org()
    world = MatrixWorld(org=units, procedure=procedure, **_people(units))
    _admin_objects(world)
    # world.dossiers["agent"]["in_process"]: the agent's own
    world.dossiers = {kind: _dossiers(world, world.person(kind)) for kind in ("citizen", "agent")}
    world.tokens = {kind: tokens.tablet_token(d["returned"].code) for kind, d in world.dossiers.items()}
    world.stored = StoredDocument.objects.filter(citizen_id=APPLICANT["citizen_id"]).order_by("pk").first().pk
    return world
