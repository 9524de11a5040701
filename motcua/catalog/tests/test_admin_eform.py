"""The administrators edit a version's e-form with the editor, and its preview is the citizen's form."""

import json
from datetime import date

import pytest

from motcua.catalog.models import ProcedureVersion

PREVIEW = "/admin/catalog/procedureversion/eform-preview/"

SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "Tờ khai thử",
    "type": "object",
    "properties": {
        "ho_ten": {"type": "string", "title": "Họ và tên", "maxLength": 100},
        "ngay_sinh": {"type": "string", "format": "date", "title": "Ngày sinh"},
        "gioi_tinh": {"type": "string", "title": "Giới tính", "enum": ["Nam", "Nữ"]},
        "so_ban_sao": {"type": "integer", "title": "Số bản sao", "minimum": 0, "maximum": 10},
    },
    "required": ["ho_ten"],
}

pytestmark = pytest.mark.django_db


def _preview(client, schema):
    text = schema if isinstance(schema, str) else json.dumps(schema, ensure_ascii=False)
    return client.post(PREVIEW, {"schema": text})


def test_the_preview_draws_the_fields_as_the_citizens_form_does(client, staff):
    client.force_login(staff.admin)
    page = _preview(client, SCHEMA)
    assert page.status_code == 200
    html = page.content.decode()
    assert "<legend>Tờ khai thử</legend>" in html
    for label in ["Họ và tên", "Ngày sinh", "Giới tính", "Số bản sao"]:
        assert label in html
    # the same widgets as the filing form: a date picker, a list of choices, a bounded number
    assert 'type="date"' in html and 'name="preview-f_ngay_sinh"' in html
    assert '<option value="Nữ">Nữ</option>' in html
    assert 'max="10"' in html and 'maxlength="100"' in html


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ('{"type": "object", "properties": {', "JSON"),
        ("[1, 2]", "must be a JSON object"),
        ('{"type": "object", "properties": {"a": {"type": "strin"}}}', "properties/a/type"),
        ('{"type": "string"}', "&quot;type&quot;: &quot;object&quot;"),
    ],
)
def test_a_schema_that_cannot_be_used_is_explained_not_drawn(client, staff, text, says):
    client.force_login(staff.admin)
    page = _preview(client, text)
    assert page.status_code == 400
    html = page.content.decode()
    assert "Không dùng được biểu mẫu điện tử này" in html and says in html


def test_an_empty_schema_has_nothing_to_preview(client, staff):
    client.force_login(staff.admin)
    page = _preview(client, "")
    assert page.status_code == 200 and "chưa có trường nào" in page.content.decode()


def test_a_schema_too_large_is_not_read(client, staff):
    client.force_login(staff.admin)
    page = _preview(client, json.dumps({**SCHEMA, "description": "x" * 250_000}))
    assert page.status_code == 400


def test_only_administrators_preview(client, staff):
    assert _preview(client, SCHEMA).status_code == 302  # anonymous: to the admin's login
    for person in [staff.officer, staff.specialist, staff.leader, staff.director]:
        client.force_login(person)
        assert _preview(client, SCHEMA).status_code == 302, person.username
    client.force_login(staff.admin)
    assert client.get(PREVIEW).status_code == 405
    assert _preview(client, SCHEMA).status_code == 200


def test_the_version_page_has_the_editor_and_keeps_the_json(client, staff, seeded_catalog):
    client.force_login(staff.admin)
    version = ProcedureVersion.objects.filter(procedure__code="1.001193").first()
    page = client.get(f"/admin/catalog/procedureversion/{version.pk}/change/")
    html = page.content.decode()
    assert page.status_code == 200
    assert 'class="eform-editor"' in html and f'data-preview-url="{PREVIEW}"' in html
    assert "vendor/jsoneditor.js" in html and "catalog/eform-editor.js" in html
    assert "ho_ten_tre" in html  # the raw JSON, behind the "advanced" button
    assert "Sửa JSON Schema (nâng cao)" in html


def _version_form(version, eform: str) -> dict:
    return {
        "procedure": version.procedure_id,
        "number": version.number,
        "effective_from": version.effective_from.strftime("%d/%m/%Y"),
        "decision": version.decision,
        "note": version.note,
        "name": version.name,
        "agency_name": version.agency_name,
        "subjects": json.dumps(version.subjects),
        "requirements": version.requirements,
        "result": version.result,
        "legal_basis": json.dumps(version.legal_basis),
        "online_level": version.online_level,
        "eform": eform,
        **{
            f"{prefix}-{key}": value
            for prefix in INLINES
            for key, value in {"TOTAL_FORMS": 0, "INITIAL_FORMS": 0}.items()
        },
    }


INLINES = ["methods", "fees", "documents", "cases", "workflows"]


@pytest.mark.parametrize("eform", ['{"type": "object", "properties": {"a": {"type": "strin"}}}', "{not json"])
def test_saving_a_schema_that_cannot_be_used_is_refused_with_a_message(client, staff, eform):
    client.force_login(staff.admin)
    version = ProcedureVersion.objects.create(
        procedure=_a_procedure(),
        number=9,
        effective_from=date(2027, 9, 2),
        decision="Quyết định thử",
        name="Thủ tục thử",
        agency_name="UBND",
        result="Kết quả",
        online_level="full",
    )
    page = client.post(f"/admin/catalog/procedureversion/{version.pk}/change/", _version_form(version, eform))
    assert page.status_code == 200
    assert page.context["adminform"].form.errors["eform"]
    assert '<div class="eform-editor-raw">' in page.content.decode()  # the JSON shown, where the reasons point
    version.refresh_from_db()
    assert version.eform is None


def test_saving_a_schema_from_the_editor_keeps_it(client, staff):
    client.force_login(staff.admin)
    version = ProcedureVersion.objects.create(
        procedure=_a_procedure(),
        number=9,
        effective_from=date(2027, 9, 2),
        decision="Quyết định thử",
        name="Thủ tục thử",
        agency_name="UBND",
        result="Kết quả",
        online_level="full",
    )
    page = client.post(
        f"/admin/catalog/procedureversion/{version.pk}/change/",
        _version_form(version, json.dumps(SCHEMA, ensure_ascii=False)),
    )
    assert page.status_code == 302, page.context["adminform"].form.errors if page.context else page
    version.refresh_from_db()
    assert version.eform == SCHEMA and version.effective_from.isoformat() == "2027-09-02"


def _a_procedure():
    from tests.builders import a_procedure

    return a_procedure()
