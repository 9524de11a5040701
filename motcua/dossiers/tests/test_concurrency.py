"""Many counters at once and two officers on one dossier: run on PostgreSQL, where they really race."""

import threading

import pytest
from django.db import connection, connections

from motcua.dossiers import services
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import StaleDossier
from tests.builders import a_dossier

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent writers (PostgreSQL)"),
]


def in_threads(count, work):
    barrier = threading.Barrier(count)
    results, errors = [], []

    def run(i):
        try:
            barrier.wait()
            results.append(work(i))
        except Exception as error:  # noqa: BLE001 - collected and asserted on
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, errors


def test_codes_stay_unique_under_concurrent_intake(world):
    results, errors = in_threads(12, lambda i: a_dossier(world, channel="counter").build().code)
    assert errors == []
    assert len(set(results)) == 12
    assert sorted(int(code.rsplit("-", 1)[1]) for code in results) == list(range(1, 13))


def test_two_officers_on_one_dossier_exactly_one_wins(world):
    dossier = a_dossier(world, channel="counter").build()
    revision = dossier.revision
    officers = [world.officer_b1, world.officer_b2]

    def act(i):
        fresh = Dossier.objects.get(pk=dossier.pk)
        if i == 0:
            return services.dossier_receive(actor=officers[0], dossier=fresh, revision=revision).state
        return services.dossier_refuse_intake(actor=officers[1], dossier=fresh, reasons=["x"], revision=revision).state

    results, errors = in_threads(2, act)
    assert len(results) == 1 and len(errors) == 1
    assert isinstance(errors[0], StaleDossier)
    dossier.refresh_from_db()
    assert dossier.state == results[0] and dossier.revision == revision + 1
    assert dossier.events.count() == 2  # submit + the one that won
