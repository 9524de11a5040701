"""Concurrent retries of POST /api/v1/dossiers with one Idempotency-Key: on PostgreSQL, where they really race."""

import threading

import pytest
from django.db import connection, connections
from django.test import Client

from motcua.dossiers.models import Dossier, IdempotencyKey
from tests.builders import APPLICANT, BIRTH_FORM

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent writers (PostgreSQL)"),
]


def test_concurrent_retries_with_one_key_all_get_the_first_dossier(world):
    body = {
        "procedure_code": "1.001193",
        "commune_code": world.commune.code,
        "applicant": APPLICANT,
        "form_data": BIRTH_FORM,
    }
    clients = []
    for _ in range(6):
        client = Client(raise_request_exception=False)  # a 500 is a result here, not an error of the test
        client.force_login(world.applicant)
        clients.append(client)
    barrier = threading.Barrier(len(clients))
    results = []

    def retry(client):
        try:
            barrier.wait()
            response = client.post(
                "/api/v1/dossiers", body, content_type="application/json", headers={"Idempotency-Key": "same-key"}
            )
            results.append((response.status_code, response.json().get("code") if response.status_code < 300 else ""))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=retry, args=(client,)) for client in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(status for status, _code in results) == [200] * 5 + [201]
    assert len({code for _status, code in results}) == 1
    assert Dossier.objects.count() == 1 and IdempotencyKey.objects.get().dossier == Dossier.objects.get()
