"""Errors carry codes: every refusal and field error a service raises has one, and the API's bodies show it.

The services' errors reach the API through its one set of exception handlers (motcua/api/errors.py); those the
API has no operation for yet (dossier actions, payments) are put through the same handlers with `api.on_exception`.
"""

import ast
import json
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import RequestFactory
from django.utils import translation

from motcua.accounts.models import AccountKind
from motcua.api.api import api
from motcua.dossiers import services
from motcua.feedback.tests.conftest import ALL_TWOS
from motcua.payments.services import payment_cash
from tests.builders import a_dossier, a_user

ROOT = Path(__file__).resolve().parents[3]
# Every module whose functions raise the errors of a domain's services (and the filing endpoint's own checks).
SERVICE_MODULES = sorted(
    [
        *ROOT.glob("motcua/dossiers/services/*.py"),
        ROOT / "motcua/dossiers/validation.py",
        ROOT / "motcua/dossiers/selectors.py",
        ROOT / "motcua/payments/services.py",
        ROOT / "motcua/catalog/services.py",
        ROOT / "motcua/feedback/services.py",
        ROOT / "motcua/datastore/services.py",
        ROOT / "motcua/portal/filing.py",
        ROOT / "motcua/portal/api.py",
    ]
)
# The exceptions that take a code where they are raised (core.errors and their subclasses in the domains).
CODED = {"Refused", "Conflict", "Throttled", "ActionNotAllowed", "LookupRefused"}


def _name(call: ast.Call) -> str:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def _is_message(node) -> bool:
    """A translated message: `_("…")` or `_("…") % {…}`."""
    if isinstance(node, ast.BinOp):
        node = node.left
    return isinstance(node, ast.Call) and _name(node) in ("_", "gettext")


def _uncoded(tree: ast.Module) -> list[tuple[int, str]]:
    validation_errors = {"ValidationError"} | {
        node.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ClassDef) and any(getattr(b, "id", "") == "ValidationError" for b in node.bases)
    }
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name, keywords = _name(node), {k.arg for k in node.keywords}
            if name == "PermissionDenied":
                found.append((node.lineno, "PermissionDenied has no code: raise core.errors.Refused(…, code=…)"))
            elif name in CODED and "code" not in keywords:
                found.append((node.lineno, f"{name} without code="))
            elif name in validation_errors and node.args and "code" not in keywords:
                first = node.args[0]
                if isinstance(first, ast.Dict):
                    for value in first.values:
                        if not (isinstance(value, ast.Call) and _name(value) == "ValidationError"):
                            found.append((value.lineno, f"{name}({{field: …}}): the value is no ValidationError"))
                elif isinstance(first, ast.Constant | ast.JoinedStr | ast.BinOp) or _is_message(first):
                    found.append((node.lineno, f"{name}(message) without code="))
        # A message kept for a ValidationError raised later (errors[field] = _("…")) loses its code.
        if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Subscript) and _is_message(node.value):
            found.append((node.lineno, "a message stored without a ValidationError and its code"))
        if isinstance(node, ast.Call) and _name(node) == "setdefault" and any(map(_is_message, node.args)):
            found.append((node.lineno, "a message stored without a ValidationError and its code"))
    return found


def test_every_error_the_services_raise_has_a_code():
    assert len(SERVICE_MODULES) > 10
    uncoded = [
        f"{path.relative_to(ROOT)}:{line}: {problem}"
        for path in SERVICE_MODULES
        for line, problem in _uncoded(ast.parse(path.read_text(), str(path)))
    ]
    assert uncoded == []


def test_the_scan_finds_errors_without_codes():
    source = """
def f():
    errors["x"] = _("Wrong.")
    raise ValidationError({"x": _("Wrong.")})
    raise ValidationError(_("Wrong %(n)s.") % {"n": 1})
    raise PermissionDenied(_("No."))
    raise Refused(_("No."))
    raise ValidationError({"x": ValidationError(_("Wrong."), code="invalid")})
    raise ValidationError(errors)
"""
    assert sorted(line for line, _problem in _uncoded(ast.parse(source))) == [3, 4, 5, 6, 7]


def answer(exc, language="en"):
    """The API's answer to an exception raised in one of its operations: (status, body)."""
    request = RequestFactory().post("/api/v1/")
    with translation.override(language):
        response = api.on_exception(request, exc)
    return response.status_code, json.loads(response.content)


def raised(call, *args, **kwargs):
    try:
        call(*args, **kwargs)
    except Exception as error:  # noqa: BLE001 - the test wants what the service raised, whatever it is
        return error
    raise AssertionError("nothing was raised")


pytestmark = pytest.mark.django_db


def test_an_action_in_the_wrong_state(world):
    dossier = a_dossier(world, channel="counter").build()  # submitted: nothing is decided before the desk's check
    error = raised(services.dossier_approve, actor=world.lead, dossier=dossier)
    assert isinstance(error, ValidationError)
    status, body = answer(error)
    assert status == 422
    [entry] = body["detail"]
    assert (entry["loc"], entry["code"]) == (["body", "action"], "wrong_state") and entry["msg"]


def test_a_stale_revision_is_a_conflict(world):
    dossier = a_dossier(world, channel="counter").build()
    officer = world.officer_b1
    error = raised(services.dossier_receive, actor=officer, dossier=dossier, revision=dossier.revision + 1)
    assert answer(error) == (409, {"detail": str(error), "code": "stale_revision"})


def test_a_refused_action(world):
    dossier = a_dossier(world, channel="counter").build()
    error = raised(services.dossier_receive, actor=world.spec, dossier=dossier)
    assert isinstance(error, PermissionDenied)
    status, body = answer(error)
    assert (status, body["code"]) == (403, "not_allowed") and body["detail"]


def test_the_message_follows_the_language_the_code_does_not(world):
    dossier = a_dossier(world, channel="counter").build()
    with translation.override("vi"):
        error = raised(services.dossier_approve, actor=world.lead, dossier=dossier)
    [vi] = answer(error, "vi")[1]["detail"]
    with translation.override("en"):
        error = raised(services.dossier_approve, actor=world.lead, dossier=dossier)
    [en] = answer(error, "en")[1]["detail"]
    assert vi["code"] == en["code"] == "wrong_state" and vi["msg"] != en["msg"]


@pytest.mark.parametrize(("amount", "code"), [(0, "invalid"), (7999, "wrong_amount")])
def test_a_payment_amount_refused(world, amount, code):
    officer = world.officer_b1
    dossier = services.dossier_receive(actor=officer, dossier=a_dossier(world, channel="counter").build())
    error = raised(payment_cash, actor=officer, dossier=dossier, amount=amount)
    status, body = answer(error)
    assert status == 422
    assert [(entry["loc"], entry["code"]) for entry in body["detail"]] == [(["body", "amount"], code)]


def rate(client, code, body):
    return client.post(f"/api/v1/dossiers/{code}/rating", body, content_type="application/json")


def test_the_rating_endpoint_answers_with_codes(client, world):
    dossier = a_dossier(world).returned().build()
    client.force_login(world.officer_c)  # sees the dossier, did not file it
    refused = rate(client, dossier.code, ALL_TWOS)
    assert refused.status_code == 403 and refused.json()["code"] == "not_applicant"
    client.force_login(world.applicant)
    invalid = rate(client, dossier.code, {"criterion_1": 3, "comment": "x" * 1001})
    assert invalid.status_code == 422
    codes = {tuple(entry["loc"]): entry["code"] for entry in invalid.json()["detail"]}
    assert codes[("body", "criterion_1")] == "invalid_choice"
    assert codes[("body", "criterion_2")] == "required"
    assert codes[("body", "comment")] == "max_length"
    assert rate(client, dossier.code, ALL_TWOS).status_code == 201
    again = rate(client, dossier.code, ALL_TWOS)
    assert again.status_code == 409 and again.json()["code"] == "already_rated"


def test_a_filing_refused_and_the_common_answers(client, world):
    client.force_login(a_user(kind=AccountKind.CITIZEN, verified=False))
    body = {"procedure_code": world.procedure.code, "commune_code": world.commune.code, "applicant": {}}
    response = client.post("/api/v1/dossiers", body, content_type="application/json")
    assert response.status_code == 403 and response.json()["code"] == "identity_not_verified"
    unknown = client.post("/api/v1/dossiers", body | {"procedure_code": "0.000"}, content_type="application/json")
    assert unknown.status_code == 422
    [entry] = unknown.json()["detail"]
    assert (entry["loc"], entry["code"]) == (["body", "procedure_code"], "unknown_procedure")
    missing = client.post("/api/v1/dossiers", {}, content_type="application/json")
    assert missing.status_code == 422 and {e["code"] for e in missing.json()["detail"]} == {"missing"}
    client.logout()
    assert client.get("/api/v1/dossiers/NOPE").json()["code"] == "not_authenticated"


def test_the_openapi_document_shows_the_codes(client):
    components = client.get("/api/v1/openapi.json").json()["components"]["schemas"]
    assert "code" in components["FieldError"]["required"]
    assert "code" in components["Detail"]["properties"]


def test_the_documentation_lists_every_code():
    from motcua.api.errors import ApiErrorCode
    from motcua.catalog.errors import CatalogErrorCode
    from motcua.core.errors import InputErrorCode
    from motcua.core.uploads import UploadError
    from motcua.datastore.errors import DatastoreErrorCode
    from motcua.dossiers.errors import DossierErrorCode
    from motcua.feedback.errors import FeedbackErrorCode
    from motcua.payments.errors import PaymentErrorCode

    text = (ROOT / "docs/errors.md").read_text()
    enums = (ApiErrorCode, InputErrorCode, UploadError, DossierErrorCode, PaymentErrorCode, CatalogErrorCode)
    enums += (FeedbackErrorCode, DatastoreErrorCode)
    missing = [f"{enum.__name__}.{code.name}" for enum in enums for code in enum if f"`{code.value}`" not in text]
    assert missing == []
