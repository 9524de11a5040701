"""Bad input gets a clear 4xx, never a 500: characters a database text column cannot hold, numbers that are not
numbers, JSON nested past any sensible depth. Every case here was a server error once (on PostgreSQL)."""

import json

import pytest
from django.test import Client

from motcua.core.input_guard import MAX_JSON_DEPTH, BadInput, forbidden_character, parse_json

pytestmark = pytest.mark.django_db


@pytest.fixture
def citizen(world):
    user = world["people"]["applicant"]
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
    if url.startswith("/api/"):
        assert response["Content-Type"] == "application/json"
        assert response.json() == {"detail": "The request contains a control character that is not allowed."}
    else:
        assert "ký tự điều khiển" in response.content.decode() or "control character" in response.content.decode()


def test_tab_newline_and_carriage_return_are_text(client, seeded_catalog):
    assert client.get("/procedures/?q=khai%09sinh%0D%0A").status_code == 200


def test_staff_search_boxes_refuse_a_nul(client, world):
    client.force_login(world["people"]["officer_b1"])
    assert client.get("/workspace/?q=%00").status_code == 400
    assert client.get("/workspace/intake/?q=%00").status_code == 400


def test_citizen_search_box_refuses_a_nul(client, citizen):
    client.force_login(citizen)
    assert client.get("/file/?q=%00").status_code == 400


def test_form_fields_refuse_a_nul(client, world, citizen):
    client.force_login(citizen)
    response = client.post("/file/1.001193/", {"commune": world["commune"].code, "phone": "09\x0012", "save": "1"})
    assert response.status_code == 400
    officer = Client()
    officer.force_login(world["people"]["officer_b1"])
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
