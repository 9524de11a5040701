"""POST /api/v1/dossiers/{code}/rating."""

import pytest

from motcua.feedback.models import Rating
from tests.builders import a_dossier

from .conftest import ALL_TWOS

pytestmark = pytest.mark.django_db


def post(client, code, body):
    return client.post(f"/api/v1/dossiers/{code}/rating", body, content_type="application/json")


def test_the_applicant_rates_once(client, world, online_returned):
    client.force_login(world.applicant)
    created = post(client, online_returned.code, ALL_TWOS | {"criterion_9": 1, "comment": "Tốt"})
    assert created.status_code == 201
    data = created.json()
    assert data["dossier_code"] == online_returned.code and data["channel"] == "online"
    assert data["scores"] == ALL_TWOS | {"criterion_9": 1}
    assert (data["score"], data["satisfied"], data["comment"]) == (17, True, "Tốt")
    again = post(client, online_returned.code, ALL_TWOS)
    assert again.status_code == 409 and again.json()["detail"]
    assert Rating.objects.count() == 1


def test_field_errors_have_the_dossier_api_shape(client, world, online_returned):
    client.force_login(world.applicant)
    response = post(client, online_returned.code, {"criterion_1": 3, "criterion_2": 1, "comment": "x" * 1001})
    assert response.status_code == 422
    locs = {tuple(item["loc"]) for item in response.json()["detail"]}
    expected = {("body", f"criterion_{n}") for n in (1, 3, 4, 5, 6, 7, 8, 9)} | {("body", "comment")}
    assert locs == expected
    assert all(item["msg"] for item in response.json()["detail"])
    assert not Rating.objects.exists()


def test_not_returned_yet_is_a_conflict(client, world):
    dossier = a_dossier(world).build()
    client.force_login(world.applicant)
    assert post(client, dossier.code, ALL_TWOS).status_code == 409
    assert not Rating.objects.exists()


def test_unknown_dossier_and_anonymous(client, world, online_returned):
    assert post(client, online_returned.code, ALL_TWOS).status_code == 401
    client.force_login(world.applicant)
    assert post(client, "NOPE-000000-0000", ALL_TWOS).status_code == 404


def test_staff_who_see_the_dossier_get_403(client, world, online_returned):
    client.force_login(world.officer_c)
    response = post(client, online_returned.code, ALL_TWOS)
    assert response.status_code == 403 and response.json()["detail"]
