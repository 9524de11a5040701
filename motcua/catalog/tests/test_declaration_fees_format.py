"""The catalogue's fees that follow the e-form, documents the e-form or a verified identity stand in for, and the
e-form's applicant annotations: checked on import against the version's e-form, exported as imported."""

import copy

import pytest
from django.utils import translation

from motcua.catalog.models import DocumentKind, Fee, Procedure, RequiredDocument
from motcua.catalog.services import SEED_FILE, CatalogError, catalog_export, catalog_import, catalog_read
from motcua.core.actors import SYSTEM

pytestmark = pytest.mark.django_db
BIRTH, MARRIAGE, EXTRACT_COPIES = "1.001193", "1.000894", "2.000635"


@pytest.fixture(scope="module")
def seed():
    return catalog_read(SEED_FILE)


def one(seed, code=BIRTH):
    proc = copy.deepcopy(next(p for p in seed["procedures"] if p["code"] == code))
    return {"format": "motcua-catalog/1", "procedures": [proc]}, proc


def fee(proc, code="PHI_BAN_SAO"):
    return next(f for f in proc["fees"] if f["code"] == code)


def refused(data) -> list[str]:
    with pytest.raises(CatalogError) as err, translation.override("en"):
        catalog_import(data, actor=SYSTEM)
    assert not Procedure.objects.exists()
    return err.value.errors


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda p: fee(p).update(quantity_field="so_ban_sao_x"), "fees[1].quantity_field: the e-form has no field"),
        (
            lambda p: fee(p).update(quantity_field="ho_ten_tre"),
            "quantity_field: the e-form field ho_ten_tre must be an integer",
        ),
        (lambda p: fee(p).update(quantity_field="ngay sinh"), "fees[1].quantity_field:"),  # not a property name
        (
            lambda p: fee(p).update(only_if={"field": "khong_co", "values": [True]}),
            "fees[1].only_if.field: the e-form has no field khong_co",
        ),
        (
            lambda p: fee(p).update(only_if={"field": "so_ban_sao", "values": [1]}),
            "only_if.field: the e-form field so_ban_sao must be yes/no (boolean) or a choice (enum)",
        ),
        (
            lambda p: fee(p).update(only_if={"field": "gioi_tinh", "values": ["Khác"]}),
            "only_if.values: ['Khác'] not among the choices of gioi_tinh",
        ),
        (lambda p: fee(p).update(only_if={"field": "gioi_tinh", "values": []}), "fees[1].only_if.values:"),
        (
            lambda p: p.update(eform=None),
            "fees[1]: only a procedure with a valid e-form has fees that follow the declaration",
        ),
        (
            lambda p: (p.update(eform=None), fee(p).pop("quantity_field")),
            "documents[0].kind: only a procedure with an e-form has a declaration",
        ),
        (lambda p: p["documents"][1].update(kind="declaration"), "documents: at most one document of each kind"),
        (lambda p: p["documents"][1].update(kind="passport"), "documents[1].kind:"),
        (
            lambda p: p["eform"]["properties"]["ho_ten_me"].update({"x-applicant": "nickname"}),
            "eform: properties/ho_ten_me/x-applicant: must be one of",
        ),
        (
            lambda p: p["eform"]["properties"]["so_ban_sao"].update({"x-applicant": "citizen_id"}),
            "eform: properties/so_ban_sao/x-applicant: the property must be a string",
        ),
    ],
)
def test_a_fee_or_document_that_does_not_fit_the_eform_is_refused(seed, change, expected):
    data, proc = one(seed)
    change(proc)
    errors = refused(data)
    assert any(expected in message for message in errors), errors


def test_a_condition_on_a_wrongly_typed_value_is_refused(seed):
    data, proc = one(seed, MARRIAGE)
    fee(proc)["only_if"] = {"field": "yeu_cau_ban_sao", "values": ["có"]}
    assert any("only_if.values: yeu_cau_ban_sao is yes/no" in m for m in refused(data))


def test_the_seed_prices_copies_from_the_declaration(seed):
    catalog_import(
        {"format": "motcua-catalog/1", "procedures": [one(seed, c)[1] for c in (BIRTH, MARRIAGE, EXTRACT_COPIES)]},
        actor=SYSTEM,
    )
    birth = Fee.objects.get(version__procedure__code=BIRTH, code="PHI_BAN_SAO")
    assert (birth.amount, birth.quantity_field, birth.condition_field) == (8000, "so_ban_sao", "")
    marriage = Fee.objects.get(version__procedure__code=MARRIAGE, code="PHI_BAN_SAO")
    assert (marriage.quantity_field, marriage.condition_field, marriage.condition_values) == (
        "so_ban_sao",
        "yeu_cau_ban_sao",
        [True],
    )
    copies = Fee.objects.get(version__procedure__code=EXTRACT_COPIES)
    assert (copies.amount, copies.quantity_field) == (8000, "so_luong")
    kinds = dict(RequiredDocument.objects.filter(version__procedure__code=BIRTH).values_list("code", "kind"))
    assert kinds["TK"] == DocumentKind.DECLARATION and kinds["GTTT"] == DocumentKind.CITIZEN_ID and kinds["GCS"] == ""


def test_export_writes_what_import_reads(seed):
    data, proc = one(seed, MARRIAGE)
    catalog_import(data, actor=SYSTEM)
    (exported,) = catalog_export()["procedures"]
    assert fee(exported)["quantity_field"] == "so_ban_sao"
    assert fee(exported)["only_if"] == {"field": "yeu_cau_ban_sao", "values": [True]}
    assert fee(exported, "LE_PHI")["only_if"] is None and fee(exported, "LE_PHI")["quantity_field"] == ""
    assert exported["documents"][0]["kind"] == "declaration"
    assert catalog_import({"format": "motcua-catalog/1", "procedures": [exported]}, actor=SYSTEM).unchanged == [
        MARRIAGE
    ]
