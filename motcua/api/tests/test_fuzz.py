"""Schemathesis over /api/v1/openapi.json, in-process through the WSGI application, anonymously and as a
logged-in citizen: no server error, every status documented, every body and content type as documented.

A few examples per operation in the normal run; `make fuzz` sets MOTCUA_FUZZ_EXAMPLES for thousands of cases.
"""

import logging
import os
import secrets
from collections import Counter

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections, transaction
from django.test import Client
from hypothesis import HealthCheck, settings

from config.wsgi import application
from motcua.catalog.services import catalog_seed
from tests.builders import a_dossier, a_world

EXAMPLES = int(os.environ.get("MOTCUA_FUZZ_EXAMPLES", "0"))
FULL = EXAMPLES > 0  # `make fuzz`: random runs and the coverage phase; else a fixed, short run
CHECKS = [
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_schema_conformance",
    "negative_data_rejection",
    "positive_data_acceptance",
]
CONFIG = schemathesis.Config.from_dict(
    {
        "generation": {"max-examples": EXAMPLES or 6, "deterministic": not FULL, "database": "none"},
        "phases": {"coverage": {"enabled": FULL}, "stateful": {"enabled": False}},
        "checks": {
            "enabled": False,
            **{name: {"enabled": True} for name in CHECKS},
            # A request the schema allows may still name a procedure, commune or dossier that does not
            # exist: that is a documented 404 or a 422 naming the field, not a refusal of its form.
            "positive_data_acceptance": {
                "enabled": True,
                "expected-statuses": ["2xx", "401", "403", "404", "409", "422", "429"],
            },
        },
    }
)


schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application, config=CONFIG)


@pytest.fixture(scope="module")
def api_world(django_db_setup, django_db_blocker):
    """The seed catalogue, an organisation with its staff and a citizen, made once for every operation's
    test (each test's own writes are rolled back inside this transaction; this one is rolled back last)."""
    with django_db_blocker.unblock(), transaction.atomic():
        catalog_seed()
        world = a_world()
        citizen = world.applicant
        citizen.citizen_id = "001088012345"
        citizen.save()
        a_dossier(world).build()
        yield world
        transaction.set_rollback(True)


@pytest.fixture
def in_test_transaction(db, api_world):
    """Requests go through the WSGI application inside the test's transaction: like Django's test client,
    keep the end of a request from closing the test's connection."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def citizen_session(api_world):
    citizen = api_world.applicant
    client = Client()
    client.force_login(citizen)
    token = secrets.token_hex(16)  # a CSRF secret: 32 characters, sent as cookie and header
    cookies = {"sessionid": client.cookies["sessionid"].value, "csrftoken": token}
    return {"cookies": cookies, "headers": {"X-CSRFToken": token}}


# The fixtures hold the test's data and session for every generated request, on purpose.
KEEP_FIXTURES = settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


SENT = Counter()  # (who, status) → cases sent; `make fuzz` prints it


@pytest.fixture(scope="module", autouse=True)
def _summary():
    request_log = logging.getLogger("django.request")
    level = request_log.level
    request_log.setLevel(logging.ERROR)  # thousands of expected 4xx warnings; a 5xx is still logged
    yield
    request_log.setLevel(level)
    if FULL:
        total = sum(SENT.values())
        by_status = ", ".join(f"{who} {status}: {n}" for (who, status), n in sorted(SENT.items()))
        print(f"\nschemathesis: {total} cases ({by_status})")


@schema.parametrize()
@KEEP_FIXTURES
def test_api_anonymous(case, in_test_transaction):
    response = case.call_and_validate()
    SENT["anonymous", response.status_code] += 1


@schema.parametrize()
@KEEP_FIXTURES
def test_api_as_citizen(case, in_test_transaction, citizen_session):
    response = case.call_and_validate(headers=citizen_session["headers"], cookies=citizen_session["cookies"])
    SENT["citizen", response.status_code] += 1
