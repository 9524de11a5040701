"""Two submissions of one dossier at the same moment: exactly one rating. PostgreSQL, where they really race."""

import threading

import pytest
from django.db import connection, connections

from motcua.feedback import services
from motcua.feedback.models import Rating
from tests.builders import a_dossier

from .conftest import ALL_TWOS

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent writers (PostgreSQL)"),
]


def test_concurrent_ratings_of_one_dossier(world):
    dossier = a_dossier(world).returned().build()
    applicant = world.applicant
    barrier = threading.Barrier(6)
    outcomes = []

    def run():
        try:
            barrier.wait()
            services.rating_submit(actor=applicant, dossier=dossier, scores=dict(ALL_TWOS), channel="online")
            outcomes.append("rated")
        except services.AlreadyRated:
            outcomes.append("already")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["already"] * 5 + ["rated"]
    assert Rating.objects.count() == 1
