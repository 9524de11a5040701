import pytest

from motcua.dossiers import services
from motcua.dossiers.models import Dossier

from .conftest import APPLICANT, BIRTH_FORM, file_at_counter

pytestmark = pytest.mark.django_db


def payload(world, **changes):
    body = {
        "procedure_code": "1.001193",
        "commune_code": world["commune"].code,
        "applicant": dict(APPLICANT),
        "form_data": dict(BIRTH_FORM),
    }
    return body | changes


def post(client, body, key=None):
    headers = {"Idempotency-Key": key} if key else {}
    return client.post("/api/v1/dossiers", body, content_type="application/json", headers=headers)


def test_a_citizen_files_online_and_a_retry_returns_the_same_dossier(client, world):
    client.force_login(world["people"]["applicant"])
    first = post(client, payload(world), key="retry-1")
    assert first.status_code == 201
    data = first.json()
    assert data["state"] == "submitted" and data["portal_status"] == 1
    assert data["code"].startswith(world["org"]["centre"].code + "-")
    again = post(client, payload(world), key="retry-1")
    assert again.status_code == 200 and again.json()["code"] == data["code"]
    assert Dossier.objects.count() == 1
    assert post(client, payload(world)).status_code == 201  # no key: a new dossier
    assert Dossier.objects.count() == 2


def test_bad_input_gets_field_errors(client, world):
    client.force_login(world["people"]["applicant"])
    response = post(
        client, payload(world, applicant={**APPLICANT, "citizen_id": "12"}, form_data={**BIRTH_FORM, "gioi_tinh": "?"})
    )
    assert response.status_code == 422
    locs = {tuple(item["loc"]) for item in response.json()["detail"]}
    assert ("body", "citizen_id") in locs and ("body", "form", "gioi_tinh") in locs
    response = post(client, payload(world, procedure_code="0.000000", commune_code="99999"))
    locs = {tuple(item["loc"]) for item in response.json()["detail"]}
    assert locs == {("body", "procedure_code"), ("body", "commune_code")}
    assert not Dossier.objects.exists()


def test_who_may_file_online(client, world):
    assert post(client, payload(world)).status_code == 401
    client.force_login(world["people"]["officer_b1"])
    assert post(client, payload(world)).status_code == 403
    client.force_login(world["people"]["agent"])
    assert post(client, payload(world)).status_code == 201


def test_dossier_detail_only_for_those_who_may_see_it(client, world):
    dossier = file_at_counter(world)
    client.force_login(world["people"]["other_citizen"])
    assert client.get(f"/api/v1/dossiers/{dossier.code}").status_code == 404
    client.force_login(world["people"]["officer_b2"])
    assert client.get(f"/api/v1/dossiers/{dossier.code}").json()["code"] == dossier.code


def test_public_lookup_masks_the_name_and_shows_the_history(client, world):
    dossier = services.dossier_receive(actor=None, dossier=file_at_counter(world))
    data = client.get(f"/api/v1/lookup/{dossier.code}").json()
    assert data["applicant"] == "Nguyễn V** A**"
    assert [t["action"] for t in data["timeline"]] == ["submit", "receive"]
    assert "citizen_id" not in data and APPLICANT["phone"] not in str(data)
    assert client.get("/api/v1/lookup/NOPE-000000-0000").status_code == 404


def test_public_lookup_is_rate_limited(client, world):
    for _ in range(60):
        client.get("/api/v1/lookup/NOPE")
    assert client.get("/api/v1/lookup/NOPE").status_code == 429
