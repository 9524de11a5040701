"""Every cell of the authorization matrix in docs/organisation-and-permissions.md, against the running views.

One world for the module (`world.py`), one test per column that walks every route with `Client.force_login`.
Lifecycle actions are posted inside a savepoint that is rolled back, so each starts from the same world.
The guard tests fail when a URL pattern or a lifecycle action has no row in the document.

To see what the code does now (e.g. to write the rows of a new route): MOTCUA_MATRIX_OUT=matrix.json pytest …,
then `python -m tests.authz.tables matrix.json` prints the tables in the document's format.
"""

import json
import logging
import os
import re
from pathlib import Path
from unittest import mock

import pytest
import time_machine
import weasyprint
from django.contrib import admin
from django.db import transaction
from django.test import override_settings
from django.urls import URLPattern, URLResolver, get_resolver

from motcua.dossiers.models import Dossier
from motcua.dossiers.transitions import TRANSITIONS

from .routes import (
    ACTION_FORMS,
    ACTION_SCOPES,
    ADMIN_APP_LIST,
    ADMIN_VIEWS,
    COLUMNS,
    GET,
    HOME,
    PORTAL_ACTIONS,
    PORTAL_SCOPES,
)
from .world import LATER, NOW, build_world, pdf

DOC = Path(__file__).resolve().parents[2] / "docs" / "organisation-and-permissions.md"
OUT = os.environ.get("MOTCUA_MATRIX_OUT")


# -- the document ----------------------------------------------------------------------------------------------
def _tables(text: str) -> dict[str, list[list[str]]]:
    """The markdown tables after each `<!-- matrix:NAME -->` marker, as rows of cells (header first)."""
    tables = {}
    for match in re.finditer(r"<!-- matrix:(\w+) -->\n((?:\|.*\|\n)+)", text):
        rows = [[c.strip().strip("`") for c in line.strip().strip("|").split("|")] for line in match[2].splitlines()]
        tables[match[1]] = [rows[0], *rows[2:]]  # drop the |---| line
    return tables


def _statuses(header, row, first) -> dict[str, int]:
    return {column: int(cell) for column, cell in zip(header[first:], row[first:], strict=True)}


def expected() -> dict:
    tables = _tables(DOC.read_text(encoding="utf-8"))
    for name in ("get", "admin", "post"):
        tables.setdefault(name, [["route", "scope", *COLUMNS]])
    get = {(row[0], row[1]): _statuses(tables["get"][0], row, 2) for row in tables["get"][1:]}
    admin_header, *admin_rows = tables["admin"]
    models = {}
    for row in admin_rows:  # "administrator · superuser" per page; every other column is sent to the admin login
        cells = zip(admin_header[1:], row[1:], strict=True)
        models[row[0]] = {view: tuple(int(x) for x in cell.split("·")) for view, cell in cells}
    post = {(row[0], row[1]): _statuses(tables["post"][0], row, 2) for row in tables["post"][1:]}
    return {"get": get, "admin": models, "post": post, "headers": tables["get"][0][2:]}


# -- the world ---------------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """Built once for the module inside a transaction that is rolled back at the end."""
    media = tmp_path_factory.mktemp("matrix-media")
    # The forms' PDF bytes are tested in the apps (test_printouts, test_receipt_pdf); here the templates still
    # render and only WeasyPrint's layout, the slow part, is skipped.
    fast_pdf = mock.patch.object(weasyprint.HTML, "write_pdf", lambda self, *a, **k: b"%PDF-1.7 matrix")
    # Thousands of expected 403/404s: their logged tracebacks would cost more than the requests.
    request_log = logging.getLogger("django.request")
    level, request_log.level = request_log.level, logging.ERROR
    with (
        django_db_blocker.unblock(),
        # Sessions in the (per-test, cleared) cache: one query less on each of the thousands of requests.
        override_settings(MEDIA_ROOT=media, SESSION_ENGINE="django.contrib.sessions.backends.cache"),
        time_machine.travel(NOW, tick=False),
        fast_pdf,
    ):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            world = build_world()
            world.media = media
            yield world
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            request_log.setLevel(level)


def _placeholders(world, variant: str, scope: str) -> dict:
    """The values of a row's URL and form; the world does not change (posts are rolled back), so once each."""
    state = scope.split()[0]
    key = (variant, state if state in world.dossiers[variant] else None)
    cache = world.placeholders
    if key not in cache:
        values = {
            "stored": world.stored,
            "user": world.citizen.pk,
            "committee": world.org.committee.pk,
            "colleague": world.specialist_colleague.pk,
            "later": LATER,
        }
        if key[1]:
            dossier = Dossier.objects.get(pk=world.dossiers[variant][state].pk)
            values |= {
                "code": dossier.code,
                "revision": dossier.revision,
                "scan": _first_pk(dossier.attachments.filter(kind="submission")),
                "result": _first_pk(dossier.attachments.filter(kind="result")),
                "receipt": getattr(dossier.receipts.first(), "number", "none"),
                "payment": _first_pk(dossier.payments.all()),
                "token": world.tokens[variant],
            }
        cache[key] = values
    return cache[key]


def _first_pk(queryset):
    first = queryset.order_by("pk").first()
    return first.pk if first else 0


def _fill(template: str, values: dict) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: str(values[m[1]]), template)


def _login(client, world, column):
    user, variant = COLUMNS[column]
    if user:
        client.force_login(world.person(user))
    return variant


def _record(kind, column, results):
    if OUT:
        path = Path(OUT)
        data = json.loads(path.read_text()) if path.exists() else {}
        data.setdefault(kind, {})[column] = results
        path.write_text(json.dumps(data, ensure_ascii=False, indent=1))


def _admin_urls(world) -> list:
    """(model label, view, URL) of every model page of the admin."""
    if world.admin_urls is None:
        urls = []
        for model in admin.site._registry:
            label = f"{model._meta.app_label}/{model._meta.model_name}"
            first = model._default_manager.order_by("pk").first()
            for view, (_pattern, suffix) in ADMIN_VIEWS.items():
                urls.append((label, view, f"/admin/{label}/" + _fill(suffix, {"object": first.pk if first else 0})))
        world.admin_urls = urls
    return world.admin_urls


# -- every cell --------------------------------------------------------------------------------------------------
MATRIX = expected()


@pytest.mark.django_db
@pytest.mark.parametrize("column", list(COLUMNS))
def test_get_every_route(client, world, column):
    variant = _login(client, world, column)
    observed, wrong = {}, []
    for (pattern, scope), template in GET.items():
        url = _fill(template, _placeholders(world, variant, scope))
        status = client.get(url).status_code
        observed[f"{pattern} | {scope}"] = status
        want = MATRIX["get"].get((pattern, scope), {}).get(column)
        if status != want:
            wrong.append(f"GET {url} ({pattern} | {scope}): {status}, the matrix says {want}")
    for label, view, url in _admin_urls(world):
        status = client.get(url).status_code
        observed[f"admin {label} {view}"] = status
        cells = MATRIX["admin"].get(label, {}).get(view)
        want = None if cells is None else {"adm": cells[0], "su": cells[1]}.get(column, 302)
        if status != want:
            wrong.append(f"GET {url} (admin {label} {view}): {status}, the matrix says {want}")
    _record("get", column, observed)
    assert not wrong, "\n".join(wrong)


def _post_rows() -> dict:
    """(action, scope) → (route, action): every lifecycle action on the workspace, the applicant's on the portal."""
    rows = {(action, ACTION_SCOPES.get(action, "in_process")): ("act", action) for action in TRANSITIONS}
    return rows | {(f"portal {name}", PORTAL_SCOPES[name]): ("portal", name) for name in PORTAL_ACTIONS}


def _form(template: dict, values: dict) -> dict:
    data = {}
    for key, value in template.items():
        data[key] = pdf("ket-qua.pdf") if value == "<pdf>" else _fill(value, values)
    return data | {"revision": values["revision"]}


@pytest.mark.django_db
@pytest.mark.parametrize("column", list(COLUMNS))
def test_post_every_lifecycle_action(client, world, column):
    variant = _login(client, world, column)
    observed, wrong = {}, []
    for (action, scope), (route, name) in _post_rows().items():
        values = _placeholders(world, variant, scope)
        if route == "act":
            url, data = f"/workspace/dossiers/{values['code']}/act/{name}/", _form(ACTION_FORMS[name], values)
        else:
            url, data = f"/my/dossiers/{values['code']}/", _form(PORTAL_ACTIONS[name], values)
        with transaction.atomic():
            status = client.post(url, data).status_code
            transaction.set_rollback(True)
        observed[f"{action} | {scope}"] = status
        want = MATRIX["post"].get((action, scope), {}).get(column)
        if status != want:
            wrong.append(f"POST {url} ({action} | {scope}): {status}, the matrix says {want}")
    _record("post", column, observed)
    assert not wrong, "\n".join(wrong)


# -- guards ------------------------------------------------------------------------------------------------------
def _patterns(patterns=None, prefix=""):
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            yield from _patterns(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern)


def _admin_patterns():
    labels = {f"{m._meta.app_label}/{m._meta.model_name}" for m in admin.site._registry}
    found = {f"admin/{label}/{pattern}" for label in labels for pattern, _url in ADMIN_VIEWS.values()}
    return found, labels


def test_every_url_pattern_has_a_row_in_the_matrix():
    """A new route (or admin model) needs its rows in docs/organisation-and-permissions.md and routes.py."""
    admin_patterns, labels = _admin_patterns()
    app_labels = "|".join(dict.fromkeys(m._meta.app_label for m in admin.site._registry))
    alias, regex = ADMIN_APP_LIST
    real = {alias: regex.format(labels=app_labels), HOME: ""}
    documented = {real.get(p, p) for p, _scope in MATRIX["get"]}
    missing = sorted(set(_patterns()) - documented - admin_patterns)
    assert not missing, f"routes without a row in {DOC.name}: {missing}"
    stale = sorted(documented - set(_patterns()))
    assert not stale, f"rows for routes that no longer exist: {stale}"
    assert set(MATRIX["admin"]) == labels, "the admin table lists exactly the models in the admin"
    assert set(MATRIX["get"]) == set(GET), "every row of the document has its URL in tests/authz/routes.py"


def test_every_lifecycle_action_has_a_row_in_the_matrix():
    assert set(MATRIX["post"]) == set(_post_rows())
    assert set(ACTION_FORMS) == set(TRANSITIONS)


def test_the_columns_are_the_documents():
    assert MATRIX["headers"] == list(COLUMNS)
