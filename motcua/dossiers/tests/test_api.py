"""Reading dossiers through the API (filing, POST /dossiers, is tested in motcua/portal/tests/test_api.py)."""

import pytest

from tests.builders import APPLICANT, a_dossier

pytestmark = pytest.mark.django_db


def test_dossier_detail_only_for_those_who_may_see_it(client, world):
    dossier = a_dossier(world, channel="counter").build()
    client.force_login(world.other_citizen)
    assert client.get(f"/api/v1/dossiers/{dossier.code}").status_code == 404
    client.force_login(world.officer_b2)
    assert client.get(f"/api/v1/dossiers/{dossier.code}").json()["code"] == dossier.code


def test_public_lookup_masks_the_name_and_shows_the_history(client, world):
    dossier = a_dossier(world, channel="counter").received().build()
    data = client.get(f"/api/v1/lookup/{dossier.code}").json()
    assert data["applicant"] == "Nguyễn V** A**"
    assert [t["action"] for t in data["timeline"]] == ["submit", "receive"]
    assert "citizen_id" not in data and APPLICANT["phone"] not in str(data)
    assert client.get("/api/v1/lookup/NOPE-000000-0000").status_code == 404


def test_public_lookup_is_rate_limited(client, world):
    for _ in range(60):
        client.get("/api/v1/lookup/NOPE")
    assert client.get("/api/v1/lookup/NOPE").status_code == 429
