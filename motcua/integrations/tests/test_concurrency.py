"""Two workers delivering at once (PostgreSQL: row locks with SKIP LOCKED): no message twice, order kept."""

import threading

import pytest
from django.db import connection, connections

from motcua.integrations import sync
from motcua.integrations.models import MessageStatus, PortalMessage
from tests.builders import a_dossier

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite has no row locks")


@pytest.mark.django_db(transaction=True)
def test_two_workers_send_each_message_once_in_order(world, portal):
    for _ in range(6):
        a_dossier(world).in_process().build()
    errors = []

    def worker():
        try:
            for _ in range(10):
                sync.portal_deliver(batch=5)
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors
    assert set(PortalMessage.objects.values_list("status", flat=True)) == {MessageStatus.SENT}
    keys = [a.key for a in portal.arrivals]
    assert len(keys) == len(set(keys)) == 18  # never sent twice
    by_dossier = {}
    for key in portal.order:
        payload = portal.stored[key]
        by_dossier.setdefault(payload["dossier_code"], []).append(payload["status"])
    assert list(by_dossier.values()) == [[1, 2, 4]] * 6
