"""Text the database cannot hold never reaches it: one middleware for requests, one JSON parser for bodies.

PostgreSQL text refuses NUL and strings that are not valid Unicode (a lone surrogate from a JSON `\\ud800`
escape); the other C0 control characters are stored but break what is made from them later (XML, XLSX cells,
PDF text), and no person types them. TAB, LF and CR are text. So a request carrying any other C0 control
character in its path, query string, headers, cookies or form fields is answered 400 before a view runs, and
JSON bodies are parsed by `parse_json`, which also bounds the nesting depth (the standard parser recurses and
a few kilobytes of brackets exhaust Python's stack).
"""

import json
import re
from itertools import accumulate

from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# C0 controls except TAB, LF, CR; and the surrogates, which only a JSON escape can produce.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")
MAX_JSON_DEPTH = 32
_JSON_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_BRACKET_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}
CONTROL_CHARACTER = gettext_lazy("The request contains a control character that is not allowed.")


class BadInput(ValueError):
    """The request's content cannot be accepted; the message says why (translated)."""


def forbidden_character(text: str) -> bool:
    return _FORBIDDEN.search(text) is not None


def _depth(text: str) -> int:
    """The deepest nesting of arrays and objects in a JSON text (brackets inside strings do not count)."""
    brackets = _NOT_BRACKET.sub("", _JSON_STRING.sub("", text))
    return max(accumulate(map(_BRACKET_STEP.__getitem__, brackets)), default=0)


def _check_strings(value) -> None:
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if forbidden_character(item):
                raise BadInput(CONTROL_CHARACTER)
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


def parse_json(body: bytes | str, *, max_depth: int = MAX_JSON_DEPTH):
    """The JSON value of `body`; BadInput if it is not JSON, nests deeper than `max_depth` or holds control
    characters (see the module's docstring)."""
    try:
        text = body.decode() if isinstance(body, bytes) else body  # JSON exchanged over HTTP is UTF-8
    except UnicodeDecodeError as error:
        raise BadInput(_("The body is not valid JSON.")) from error
    if _depth(text) > max_depth:
        raise BadInput(_("The JSON body is nested more than %(depth)d levels deep.") % {"depth": max_depth})
    try:
        value = json.loads(text)
    except (ValueError, RecursionError) as error:
        raise BadInput(_("The body is not valid JSON.")) from error
    _check_strings(value)
    return value


def _request_texts(request):
    yield request.path_info
    for key, values in request.GET.lists():
        yield key
        yield from values
    for key, value in request.COOKIES.items():
        yield key
        yield value
    for key, value in request.META.items():
        if key.startswith("HTTP_") and isinstance(value, str):
            yield value


def _form_texts(request):
    for key, values in request.POST.lists():
        yield key
        yield from values
    for key, files in request.FILES.lists():
        yield key
        yield from (f.name or "" for f in files)


class RefuseControlCharactersMiddleware:
    """Answer 400 to a request whose path, query, headers, cookies or form fields hold a forbidden character.

    Form fields are checked in `process_view`, so it must come after CsrfViewMiddleware, which reads them for
    every POST it checks; views exempt from CSRF (the bank's callback, the API) read their own bodies and are
    not made to parse them as forms here.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if any(forbidden_character(text) for text in _request_texts(request)):
            return refused(request)
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method != "POST" or getattr(view_func, "csrf_exempt", False):
            return None
        if request.content_type not in ("application/x-www-form-urlencoded", "multipart/form-data"):
            return None
        if any(forbidden_character(text) for text in _form_texts(request)):
            return refused(request)
        return None


def refused(request) -> HttpResponse:
    """The 400 answer: JSON under the API, a small page elsewhere (it reads no session: the cookie may be bad)."""
    message = str(CONTROL_CHARACTER)
    if request.path_info.startswith("/api/"):
        return JsonResponse({"detail": message}, status=400)
    return HttpResponse(render_to_string("core/bad_request.html", {"message": message}), status=400)
