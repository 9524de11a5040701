"""POST /api/v1/dossiers: the same filing rules as the web page (portal/filing.py), and Idempotency-Key."""

import base64

import pytest

from motcua.accounts.models import AgentOrganisation
from motcua.dossiers.models import Authorisation, Dossier, IdempotencyKey
from tests.builders import APPLICANT, BIRTH_FORM, PDF, a_citizen

pytestmark = pytest.mark.django_db
SOMEONE_ELSE = {**APPLICANT, "applicant_name": "Phạm Thị Hằng", "citizen_id": "001190098765"}


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def agent(world):
    agent = world.agent
    agent.agent_organisation = AgentOrganisation.objects.create(name="Đại lý Thăng Long", tax_code="0109999001")
    agent.save()
    return agent


def payload(world, **changes):
    body = {
        "procedure_code": "1.001193",
        "commune_code": world.commune.code,
        "applicant": dict(APPLICANT),
        "form_data": dict(BIRTH_FORM),
    }
    return body | changes


def signed(content=PDF, name="uy-quyen.pdf"):
    return {"name": name, "content": base64.b64encode(content).decode()}


def post(client, body, key=None):
    headers = {"Idempotency-Key": key} if key else {}
    return client.post("/api/v1/dossiers", body, content_type="application/json", headers=headers)


def locs(response) -> set:
    return {tuple(item["loc"]) for item in response.json()["detail"]}


def test_a_citizen_files_online_and_a_retry_returns_the_same_dossier(client, world):
    client.force_login(world.applicant)
    first = post(client, payload(world), key="retry-1")
    assert first.status_code == 201
    data = first.json()
    assert data["state"] == "submitted" and data["portal_status"] == 1
    assert data["code"].startswith(world.org.centre.code + "-")
    again = post(client, payload(world), key="retry-1")
    assert again.status_code == 200 and again.json() == data
    assert Dossier.objects.count() == 1 and IdempotencyKey.objects.get().dossier.code == data["code"]
    assert post(client, payload(world), key="retry-2").status_code == 201  # another key: another dossier
    assert post(client, payload(world)).status_code == 201  # no key: a new dossier
    assert Dossier.objects.count() == 3


def test_a_used_key_with_a_different_request_is_refused(client, world):
    client.force_login(world.applicant)
    first = post(client, payload(world), key="retry-1")
    other = post(client, payload(world, form_data={**BIRTH_FORM, "ho_ten_tre": "Nguyễn Minh Quân"}), key="retry-1")
    assert other.status_code == 422 and locs(other) == {("body", "Idempotency-Key")}
    assert "khác" in other.json()["detail"][0]["msg"]
    assert Dossier.objects.count() == 1
    assert post(client, payload(world), key="retry-1").json()["code"] == first.json()["code"]
    assert post(client, payload(world), key="k" * 101).status_code == 422


def test_a_citizen_always_files_in_their_own_verified_name(client, world):
    citizen = world.applicant
    client.force_login(citizen)
    sent = {**SOMEONE_ELSE, "applicant_kind": "organisation", "tax_code": "0101234567", "representative": "X"}
    response = post(client, payload(world, applicant=sent))
    assert response.status_code == 201
    dossier = Dossier.objects.get(code=response.json()["code"])
    assert (dossier.applicant_name, dossier.citizen_id) == (citizen.full_name, citizen.citizen_id)
    assert dossier.applicant_kind == "person" and dossier.tax_code == ""
    assert dossier.phone == SOMEONE_ELSE["phone"]  # contact details are the citizen's to give


def test_an_unverified_citizen_files_nothing(client, world):
    client.force_login(a_citizen(verified=False))
    response = post(client, payload(world))
    assert response.status_code == 403 and "VNeID" in response.json()["detail"]
    assert not Dossier.objects.exists()


def test_only_staff_choose_the_receiving_unit(client, world, agent):
    branch = world.org.branch1.code
    for user in (world.applicant, agent):
        client.force_login(user)
        response = post(client, payload(world, receiving_unit_code=branch, authorisation=signed()))
        assert response.status_code == 403 and "đơn vị tiếp nhận" in response.json()["detail"]
    client.force_login(world.officer_b1)  # staff may name it, but do not file online
    assert post(client, payload(world, receiving_unit_code=branch)).status_code == 403
    assert not Dossier.objects.exists()


def test_an_agent_files_for_a_citizen_only_with_a_signed_authorisation(client, world, agent):
    client.force_login(agent)
    missing = post(client, payload(world, applicant=SOMEONE_ELSE))
    assert missing.status_code == 422 and locs(missing) == {("body", "authorisation")}
    for bad in (
        {"name": "uy-quyen.pdf", "content": "not base64!"},
        signed(b"MZ\x90 not a pdf"),
        signed(b""),
    ):
        response = post(client, payload(world, applicant=SOMEONE_ELSE, authorisation=bad))
        assert response.status_code == 422 and locs(response) == {("body", "authorisation")}, bad
    assert not Dossier.objects.exists()
    response = post(client, payload(world, applicant=SOMEONE_ELSE, authorisation=signed()))
    assert response.status_code == 201
    dossier = Dossier.objects.get()
    assert (dossier.applicant_name, dossier.citizen_id) == ("Phạm Thị Hằng", "001190098765")
    authorisation = Authorisation.objects.get(dossier=dossier)
    assert authorisation.agent == agent and authorisation.organisation == agent.agent_organisation
    assert authorisation.citizen_id == "001190098765" and authorisation.document.content_type == "application/pdf"


def test_the_authorisation_has_the_upload_size_limit(client, world, agent, settings):
    settings.MOTCUA_MAX_UPLOAD_MB = 1
    client.force_login(agent)
    big = PDF + b"%" + b"x" * (1024 * 1024) + b"\n"
    response = post(client, payload(world, applicant=SOMEONE_ELSE, authorisation=signed(big)))
    assert response.status_code == 422 and "1 MB" in response.json()["detail"][0]["msg"]
    assert not Dossier.objects.exists()


@pytest.mark.parametrize("organisation", [None, "inactive"])
def test_an_agent_needs_an_active_agent_organisation(client, world, organisation):
    agent = world.agent
    if organisation:
        agent.agent_organisation = AgentOrganisation.objects.create(name="Cũ", tax_code="0109999002", is_active=False)
        agent.save()
    client.force_login(agent)
    response = post(client, payload(world, applicant=SOMEONE_ELSE, authorisation=signed()))
    assert response.status_code == 403 and "đại lý" in response.json()["detail"]
    assert not Dossier.objects.exists()


def test_who_may_file_online(client, world):
    assert post(client, payload(world)).status_code == 401
    client.force_login(world.officer_b1)
    assert post(client, payload(world)).status_code == 403


def test_bad_input_gets_field_errors(client, world, agent):
    client.force_login(agent)
    response = post(
        client,
        payload(
            world,
            applicant={**APPLICANT, "citizen_id": "12"},
            form_data={**BIRTH_FORM, "gioi_tinh": "?"},
            authorisation=signed(),
        ),
    )
    assert response.status_code == 422
    assert ("body", "citizen_id") in locs(response) and ("body", "form", "gioi_tinh") in locs(response)
    response = post(client, payload(world, procedure_code="0.000000", commune_code="99999"))
    assert locs(response) == {("body", "procedure_code"), ("body", "commune_code")}
    assert not Dossier.objects.exists()


def test_an_authorisation_at_the_upload_limit_fits_in_a_json_body(settings):
    largest = settings.MOTCUA_MAX_UPLOAD_MB * 1024 * 1024
    in_base64 = -(-largest // 3) * 4
    assert in_base64 + 64 * 1024 <= settings.DATA_UPLOAD_MAX_MEMORY_SIZE
