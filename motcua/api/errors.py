"""The API's error answers: one schema for each shape, the exception handlers that produce them, and the
answers every operation documents.

Two shapes only:
  - `Detail` — `{"detail": "message", "code": "…"}` for 400, 401, 403, 404, 409, 429, 503 (`code` on every 401,
    403, 404, 409 and 429);
  - `FieldErrors` — `{"detail": [{"loc": ["body", "field", …], "msg": "message", "code": "…"}, …]}` for 422, one
    entry per error.
The message is in the request's language; the code is for programs and never changes with it (docs/errors.md
lists the codes: each domain's enum in its `errors.py`, the shared ones in `motcua/core/errors.py`).

Services raise; the handlers answer: a `ValidationError` is a 422, a `PermissionDenied` (`core.errors.Refused`
with its code) a 403, a `core.errors.Conflict` a 409, a `core.errors.Throttled` a 429. Routers do not catch them.

A router declares the errors its operation answers besides the common ones with
`response={201: ThingOut, **errors(403, 409)}`. Everything an operation can answer without its handler saying
so — 400 (bad characters, bad JSON), 401/403 (session and CSRF), 404 (path parameters), 422 (parameters
that do not validate), 503 (the service is down) — is added to the OpenAPI document by `document_answers`,
which the API runs over every operation, so a router mounted later is documented the same way.

Reference module: routers import it; it imports no router.
"""

from enum import StrEnum

from django.core.exceptions import PermissionDenied, RequestDataTooBig, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as RequestInvalid
from ninja.parser import Parser
from pydantic import ConfigDict

from motcua.core.errors import Conflict, InputErrorCode, Throttled
from motcua.core.input_guard import BadInput, parse_json

# A string the API accepts holds no C0 control character but TAB, LF and CR (motcua/core/input_guard.py).
TEXT_PATTERN = "^[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f]*$"


class ApiErrorCode(StrEnum):
    """The codes of the answers the API gives whatever the operation."""

    NOT_AUTHENTICATED = "not_authenticated"
    CSRF_FAILED = "csrf_failed"
    NOT_ALLOWED = "not_allowed"
    NOT_FOUND = "not_found"


CODES_DOC = "docs/errors.md lists the codes; a code never changes with the language of the message."


class Detail(Schema):
    detail: str = Field(description="What went wrong, in the request's language.")
    code: str | None = Field(
        None, description=f"What went wrong, for programs (e.g. `not_allowed`, `stale_revision`). {CODES_DOC}"
    )


class FieldError(Schema):
    model_config = ConfigDict(extra="allow")  # request validation adds "type" and "ctx"

    loc: list[str | int]
    msg: str = Field(description="What is wrong with the field, in the request's language.")
    code: str = Field(
        description="What is wrong, for programs: a service's code (e.g. `required`, `wrong_state`) or, for a "
        f"parameter or body that does not match the schema, the validator's error type (e.g. `missing`). {CODES_DOC}"
    )


class FieldErrors(Schema):
    detail: list[FieldError]


# The document's descriptions (in English, like the rest of it; the answers' messages are translated).
DESCRIPTIONS = {
    400: "Malformed request: a control character in the path, query, headers or body, or a body that is not "
    "JSON, nests too deep or is too large.",
    401: "Not logged in.",
    403: "Not allowed: the CSRF check failed or the account may not do this.",
    404: "Nothing with this code, or nothing you may see.",
    409: "Conflicts with the current state.",
    422: "A parameter or a field of the body is not valid; each error names its place.",
    429: "Too many requests; wait and try again.",
    503: "The service is temporarily unavailable.",
}


def errors(*statuses: int) -> dict:
    """`{status: schema}` for a router's `response=`: `Detail` for each status, `FieldErrors` for 422."""
    unknown = set(statuses) - DESCRIPTIONS.keys()
    if unknown:
        raise ValueError(f"no error schema for {sorted(unknown)}")
    return {status: FieldErrors if status == 422 else Detail for status in statuses}


def _entries(loc: list[str], errors: list[ValidationError]) -> list[dict]:
    entries = []
    for error in errors:  # each holds one message, as Django keeps them
        message = error.message % error.params if error.params else error.message
        entries.append({"loc": loc, "msg": str(message), "code": str(error.code or InputErrorCode.INVALID)})
    return entries


def field_errors(error: ValidationError, place: str = "body") -> dict:
    """A service's ValidationError as the 422 body: one entry per error, with its code (dotted field names become
    paths; an error without a code is `invalid`)."""
    if not hasattr(error, "error_dict"):
        return {"detail": _entries([place], error.error_list)}
    return {
        "detail": [
            entry
            for field, errors in error.error_dict.items()
            for entry in _entries([place, *field.split(".")] if field != "__all__" else [place], errors)
        ]
    }


def detail(message, code: str | None = None) -> dict:
    """The `Detail` body: the message, and the code when there is one."""
    return {"detail": str(message), **({"code": str(code)} if code else {})}


# Any JSON value whose strings (names included) are text: what a free-form part of a request may hold.
JSON_VALUE = {
    "description": "Any JSON value; its strings and property names hold no control character but TAB, LF, CR.",
    "anyOf": [
        {"type": "null"},
        {"type": "boolean"},
        {"type": "number"},
        {"type": "string", "pattern": TEXT_PATTERN},
        {"type": "array", "items": {"$ref": "#/components/schemas/JSONValue"}},
        {
            "type": "object",
            "propertyNames": {"pattern": TEXT_PATTERN},
            "additionalProperties": {"$ref": "#/components/schemas/JSONValue"},
        },
    ],
}


def common_statuses(method: str, details: dict) -> set[int]:
    """The statuses an OpenAPI operation can answer whatever its handler does."""
    statuses = {400, 503}
    parameters = details.get("parameters") or []
    if parameters or "requestBody" in details:
        statuses.add(422)
    if any(p.get("in") == "path" for p in parameters):
        statuses.add(404)
    if details.get("security"):
        statuses.add(401)
        if method.upper() not in ("GET", "HEAD", "OPTIONS", "TRACE"):
            statuses.add(403)  # session auth checks CSRF on unsafe methods
    return statuses


def _constrain_text(schema, refs: set[str]) -> None:
    """Every free-text string a request sends says which characters it may hold (see TEXT_PATTERN); the
    components it refers to are collected in `refs`."""
    if isinstance(schema, list):
        for item in schema:
            _constrain_text(item, refs)
        return
    if not isinstance(schema, dict):
        return
    if isinstance(ref := schema.get("$ref"), str):
        refs.add(ref.rsplit("/", 1)[-1])
    if schema.get("type") == "string" and not ({"format", "enum", "pattern", "const"} & schema.keys()):
        schema["pattern"] = TEXT_PATTERN
    if schema.get("type") == "object" and schema.get("additionalProperties", True) is True:
        # Unknown fields are ignored, but their names and values are text all the same.
        schema["propertyNames"] = {"pattern": TEXT_PATTERN}
        schema["additionalProperties"] = {"$ref": "#/components/schemas/JSONValue"}
    for value in schema.values():
        if isinstance(value, dict | list):
            _constrain_text(value, refs)


def document_answers(openapi: dict) -> dict:
    """Add the common error answers to every operation, and the text pattern to what requests send."""
    components = openapi.setdefault("components", {}).setdefault("schemas", {})
    for schema in (Detail, FieldError, FieldErrors):
        definition = schema.model_json_schema(ref_template="#/components/schemas/{model}")
        definition.pop("$defs", None)
        components[schema.__name__] = definition
    components["JSONValue"] = JSON_VALUE
    request_refs: set[str] = set()
    for methods in openapi.get("paths", {}).values():
        for method, details in methods.items():
            _constrain_text(details.get("parameters") or [], request_refs)
            _constrain_text(details.get("requestBody") or {}, request_refs)
            responses = details.setdefault("responses", {})
            declared = {int(status) for status in responses}
            for status in sorted(common_statuses(method, details) - declared):
                name = "FieldErrors" if status == 422 else "Detail"
                responses[status] = {
                    "description": DESCRIPTIONS[status],
                    "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{name}"}}},
                }
    done: set[str] = set()
    while pending := request_refs - done:  # request models and the models they refer to
        name = pending.pop()
        done.add(name)
        _constrain_text(components.get(name, {}), request_refs)
    return openapi


class BoundedJSONParser(Parser):
    """Request bodies through `parse_json`: bounded depth, no control characters, never a RecursionError."""

    def parse_body(self, request):
        try:
            return parse_json(request.body)
        except RequestDataTooBig as error:
            raise BadInput(_("The request body is too large.")) from error


def install_handlers(api) -> None:
    """The exception handlers that turn what reaches the API into the answers documented above."""

    def respond(request, status: int, body: dict):
        return api.create_response(request, body, status=status)

    @api.exception_handler(HttpError)
    def http_error(request, exc: HttpError):
        if isinstance(exc.__cause__, BadInput):  # the body parser's refusal keeps its reason
            return respond(request, 400, detail(exc.__cause__))
        if isinstance(exc, AuthenticationError):
            return respond(request, 401, detail(_("Log in first."), ApiErrorCode.NOT_AUTHENTICATED))
        if exc.status_code == 403 and exc.message == "CSRF check Failed":
            message = _("The CSRF check failed: send the X-CSRFToken header.")
            return respond(request, 403, detail(message, ApiErrorCode.CSRF_FAILED))
        return respond(
            request, exc.status_code, detail(exc, ApiErrorCode.NOT_FOUND if exc.status_code == 404 else None)
        )

    @api.exception_handler(RequestInvalid)
    def request_invalid(request, exc: RequestInvalid):
        return respond(
            request,
            422,
            {"detail": [{**error, "code": error.get("type", InputErrorCode.INVALID)} for error in exc.errors]},
        )

    @api.exception_handler(ValidationError)
    def validation_error(request, exc: ValidationError):
        return respond(request, 422, field_errors(exc))

    @api.exception_handler(PermissionDenied)
    def permission_denied(request, exc: PermissionDenied):
        message = str(exc) or _("You do not have permission to do this.")
        return respond(request, 403, detail(message, getattr(exc, "code", None) or ApiErrorCode.NOT_ALLOWED))

    @api.exception_handler(Conflict)
    def conflict(request, exc: Conflict):
        return respond(request, 409, detail(exc.message, exc.code))

    @api.exception_handler(Throttled)
    def throttled(request, exc: Throttled):
        return respond(request, 429, detail(exc.message, exc.code))

    @api.exception_handler(Http404)
    def not_found(request, exc: Http404):
        return respond(request, 404, detail(_("Not found."), ApiErrorCode.NOT_FOUND))

    @api.exception_handler(BadInput)
    def bad_input(request, exc: BadInput):
        return respond(request, 400, {"detail": str(exc)})
