"""The public lookup answers only for a whole dossier code, and codes that match nothing are counted strictly."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from tests.builders import a_dossier

pytestmark = pytest.mark.django_db
T0 = datetime(2026, 3, 10, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


@pytest.fixture
def dossier(world):
    return a_dossier(world, channel="counter").received().build()


def found(client, code) -> tuple[bool, bool]:
    """(the page shows the dossier, the API returns it)"""
    page = client.get("/lookup/", {"code": code})
    api = client.get(f"/api/v1/lookup/{code}")
    assert page.status_code == 200 and api.status_code in (200, 404)
    return "Nguyễn V** A**" in page.content.decode(), api.status_code == 200


def test_only_the_whole_code_finds_a_dossier(client, dossier):
    code = dossier.code  # e.g. T01.CENTRE-260310-0001
    assert found(client, code) == (True, True)
    assert found(client, f"  {code.lower()} ") == (True, True)  # case and spaces are not part of a code
    assert found(client, code.replace("-", " - ")) == (True, True)
    for partial in (code[:-1], code.rsplit("-", 1)[0], f"{code}1", code[1:], code.rsplit("-", 1)[0] + "-"):
        assert found(client, partial) == (False, False), partial


def test_misses_have_a_low_limit_after_which_nothing_is_answered(client, dossier, settings):
    settings.MOTCUA_LOOKUP_MISSES_PER_HOUR = 3
    with time_machine.travel(T0, tick=False) as clock:
        for _ in range(5):
            assert found(client, dossier.code) == (True, True)  # lookups that find a dossier are not misses
        assert client.get("/lookup/", {"code": "T01.CENTRE-260310-0002"}).status_code == 200
        assert client.get("/api/v1/lookup/T01.CENTRE-260310-0003").status_code == 404
        assert client.get("/api/v1/lookup/T01.CENTRE-260310-0004").status_code == 404
        # Past the limit, a right guess looks exactly like a wrong one.
        right = client.get(f"/api/v1/lookup/{dossier.code}")
        wrong = client.get("/api/v1/lookup/T01.CENTRE-260310-0005")
        assert right.status_code == wrong.status_code == 429 and right.json() == wrong.json()
        page = client.get("/lookup/", {"code": dossier.code})
        assert page.status_code == 429 and "Nguyễn V** A**" not in page.content.decode()
        assert "một giờ" in page.content.decode()

        clock.move_to(T0 + timedelta(minutes=59))
        assert client.get(f"/api/v1/lookup/{dossier.code}").status_code == 429
        clock.move_to(T0 + timedelta(minutes=61))
        assert found(client, dossier.code) == (True, True)


def test_misses_are_counted_per_client_address(client, dossier, settings):
    settings.MOTCUA_LOOKUP_MISSES_PER_HOUR = 1
    assert client.get("/api/v1/lookup/NONE", REMOTE_ADDR="198.51.100.1").status_code == 404
    assert client.get(f"/api/v1/lookup/{dossier.code}", REMOTE_ADDR="198.51.100.1").status_code == 429
    assert client.get(f"/api/v1/lookup/{dossier.code}", REMOTE_ADDR="198.51.100.2").status_code == 200
