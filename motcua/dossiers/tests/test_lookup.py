"""The public lookup answers only for a whole dossier code, and codes that match nothing are counted strictly."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from motcua.dossiers import services
from motcua.dossiers.states import State
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
    assert found(client, code.lower().replace("-", " ")) == (True, True)  # spaces typed for the dashes
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


def test_lookup_of_a_supplement_request_says_what_is_missing(client, world):
    dossier = (
        a_dossier(world, channel="counter")
        .in_process()
        .supplement_requested(items=("Bản sao giấy chứng nhận kết hôn của cha mẹ", "Giấy chứng sinh (bản chính)"))
        .build()
    )
    for code in (dossier.code, f" {dossier.code.lower()} ", dossier.code.replace("-", " ")):
        html = client.get("/lookup/", {"code": code}).content.decode()
        assert "Còn thiếu" in html, code
        assert "Bản sao giấy chứng nhận kết hôn của cha mẹ" in html and "Giấy chứng sinh (bản chính)" in html
    api = client.get(f"/api/v1/lookup/{dossier.code}").json()
    assert api["missing"] == ["Bản sao giấy chứng nhận kết hôn của cha mẹ", "Giấy chứng sinh (bản chính)"]


def test_the_missing_items_are_the_last_request_and_only_while_it_waits(client, world):
    builder = a_dossier(world, channel="counter").in_process().supplement_requested(items=("Tờ khai cũ",))
    dossier = builder.supplement_received().build()
    assert "Còn thiếu" not in client.get("/lookup/", {"code": dossier.code}).content.decode()
    assert client.get(f"/api/v1/lookup/{dossier.code}").json()["missing"] == []
    services.dossier_request_supplement(
        actor=builder.handling_specialist(dossier), dossier=dossier, items=["Ảnh 4x6"], note="Gọi bà Nguyễn Thị B"
    )
    html = client.get("/lookup/", {"code": dossier.code}).content.decode()
    assert "Ảnh 4x6" in html and "Tờ khai cũ" not in html
    assert "Gọi bà" not in html  # the request's note is not public


def test_items_handed_in_at_the_desk_are_no_longer_missing(client, world):
    builder = (
        a_dossier(world, channel="counter")
        .in_process()
        .supplement_requested(items=("Giấy chứng sinh (bản chính)", "Tờ khai"))
    )
    dossier = builder.build()
    first = dossier.supplement_requests.get().items.get(position=1)
    dossier = services.dossier_receive_supplement(
        actor=builder.desk_officer(dossier), dossier=dossier, received=[first.pk], revision=dossier.revision
    )
    assert dossier.state == State.SUPPLEMENT  # part of it: the dossier waits for the rest
    assert client.get(f"/api/v1/lookup/{dossier.code}").json()["missing"] == ["Tờ khai"]
    html = client.get("/lookup/", {"code": dossier.code}).content.decode()
    assert "Tờ khai" in html and "Giấy chứng sinh (bản chính)" not in html
