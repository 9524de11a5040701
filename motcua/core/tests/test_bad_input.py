"""Bad input gets a clear 4xx, never a 500: characters a database text column cannot hold, numbers that are not
numbers, JSON nested past any sensible depth. Every case here was a server error once (on PostgreSQL)."""

import json

import pytest
from django.test import Client

from motcua.core.actors import SYSTEM
from motcua.core.input_guard import MAX_JSON_DEPTH, BadInput, forbidden_character, parse_json

pytestmark = pytest.mark.django_db


@pytest.fixture
def citizen(world):
    user = world.applicant
    user.citizen_id = "001088012345"
    user.save()
    return user


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/lookup/%00",
        "/api/v1/procedures/%00",
        "/api/v1/provinces/%00/communes",
        "/api/v1/procedures?q=%00",
        "/lookup/?code=%00",
        "/procedures/%00/",
        "/procedures/?q=%00",
        "/procedures/?q%00=1",
        "/en/procedures/?sector=%01",
    ],
)
def test_anonymous_control_characters_are_refused(client, seeded_catalog, url):
    response = client.get(url)
    assert response.status_code == 400
    said = "control character" if url.startswith("/en/") else "ký tự điều khiển"
    if url.startswith("/api/"):
        assert response["Content-Type"] == "application/json"
        assert said in response.json()["detail"]
    else:
        assert said in response.content.decode()


def test_tab_newline_and_carriage_return_are_text(client, seeded_catalog):
    assert client.get("/procedures/?q=khai%09sinh%0D%0A").status_code == 200


def test_staff_search_boxes_refuse_a_nul(client, world):
    client.force_login(world.officer_b1)
    assert client.get("/workspace/?q=%00").status_code == 400
    assert client.get("/workspace/intake/?q=%00").status_code == 400


def test_citizen_search_box_refuses_a_nul(client, citizen):
    client.force_login(citizen)
    assert client.get("/file/?q=%00").status_code == 400


def test_form_fields_refuse_a_nul(client, world, citizen):
    client.force_login(citizen)
    response = client.post("/file/1.001193/", {"commune": world.commune.code, "phone": "09\x0012", "save": "1"})
    assert response.status_code == 400
    officer = Client()
    officer.force_login(world.officer_b1)
    response = officer.post("/workspace/intake/?procedure=1.001193", {"applicant_name": "An\x00", "outcome": "receive"})
    assert response.status_code == 400


def test_a_nul_in_a_cookie_or_header_is_refused(client, seeded_catalog):
    assert client.get("/procedures/", HTTP_X_ANYTHING="a\x00b").status_code == 400
    client.cookies["sessionid"] = "abc\x00defghijk"
    assert client.get("/procedures/").status_code == 400


def test_api_json_with_a_nul_or_a_lone_surrogate_is_refused(client, citizen):
    client.force_login(citizen)
    for body in ('{"applicant": {"applicant_name": "An\\u0000"}}', '{"procedure_code": "\\ud800"}'):
        response = client.post("/api/v1/dossiers", body, content_type="application/json")
        assert response.status_code == 400, body
        assert response.json()["detail"]


def test_api_json_nested_too_deep_is_refused(client, citizen):
    client.force_login(citizen)
    body = '{"form_data": ' + "[" * 100_000 + "]" * 100_000 + "}"
    response = client.post("/api/v1/dossiers", body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["detail"]


def test_parse_json_bounds_depth_and_characters():
    assert parse_json(b'{"a": [1, {"b": "[[[{{{"}], "c": "\\"["}') == {"a": [1, {"b": "[[[{{{"}], "c": '"['}
    nested = "[" * MAX_JSON_DEPTH + "]" * MAX_JSON_DEPTH
    assert parse_json(nested.encode()) is not None
    with pytest.raises(BadInput):
        parse_json(("[" + nested + "]").encode())
    with pytest.raises(BadInput):
        parse_json(b'{"k\\u0000": 1}')
    with pytest.raises(BadInput):
        parse_json(b"{not json")
    with pytest.raises(BadInput):
        parse_json(b"\xff\xfe")
    assert parse_json(json.dumps({"t": "tab\there\nnew"}).encode()) == {"t": "tab\there\nnew"}


def test_forbidden_character():
    assert forbidden_character("Nguyễn Văn An\t\r\n") is False
    assert all(forbidden_character(ch) for ch in ("\x00", "\x01", "\x0b", "\x1f", "\ud800"))


HUGE = "9" * 30  # parses as an int, but no database column holds it


def test_citizen_page_refuses_a_revision_that_is_not_a_number(client, world, citizen):
    from tests.builders import a_dossier

    dossier = a_dossier(world).build()
    client.force_login(citizen)
    for revision in ("abc", HUGE, ""):
        response = client.post(f"/my/dossiers/{dossier.code}/", {"action": "withdraw", "revision": revision})
        assert response.status_code == 400, revision
    dossier.refresh_from_db()
    assert dossier.state == "submitted"


def test_a_draft_that_is_not_a_number_is_not_found(client, citizen):
    client.force_login(citizen)
    for draft in ("abc", HUGE, "-1"):
        assert client.get(f"/file/1.001193/?draft={draft}").status_code == 404, draft
        assert client.post("/file/1.001193/", {"draft": draft}).status_code == 404, draft


def test_officer_actions_refuse_numbers_that_are_not_numbers(client, world):
    from motcua.dossiers import services
    from tests.builders import a_dossier

    dossier = a_dossier(world, channel="counter").received().build()
    dossier = services.dossier_forward(actor=SYSTEM, dossier=dossier)
    client.force_login(world.spec)
    url = f"/workspace/dossiers/{dossier.code}/act/"
    assert client.post(url + "forward/", {"revision": "abc"}).status_code == 422
    assert client.post(url + "forward/", {"revision": HUGE}).status_code == 422
    response = client.post(url + "request_payment/", {"revision": dossier.revision, "amount": HUGE, "note": "x"})
    assert response.status_code == 422
    dossier.refresh_from_db()
    assert dossier.state == "in_process"


def test_report_drilldown_refuses_a_key_of_the_wrong_kind(client, world):
    client.force_login(world.director)
    for query in ("by=receiving&key=abc", f"by=handling&key={HUGE}", "by=procedure&key=1.5"):
        assert client.get(f"/reports/dossiers/?metric=received&{query}").status_code == 404, query
    assert client.get("/reports/dossiers/?metric=received&by=receiving&key=none").status_code == 200


def test_payment_callback_nested_too_deep_is_a_400(client):
    body = "[" * 2000 + "]" * 2000  # within the callback's 4 KiB
    response = client.post("/payments/callback/demobank/", body, content_type="application/json")
    assert response.status_code == 400 and response.json()["ok"] is False


def test_report_pages_refuse_unit_ids_and_dates_out_of_range(client, world):
    client.force_login(world.director)
    for unit in ("²", HUGE):
        assert client.get(f"/reports/waiting/?step=x&unit={unit}").status_code == 200, unit  # as "none"
    for period in ("from=0001-01-01&to=0001-01-31", "from=9999-12-01&to=9999-12-31"):
        for page in ("/reports/", "/reports/dossiers/", "/reports/indicators/", "/reports/dashboard/"):
            response = client.get(f"{page}?{period}&metric=received")
            assert response.status_code in (200, 404, 422), (page, period)
