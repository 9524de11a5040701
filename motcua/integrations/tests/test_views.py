"""The administrators' page: counters, dead messages, retry; 403 for everyone else; constant queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from motcua.integrations import sync
from motcua.integrations.models import MessageStatus, PortalMessage
from tests.builders import a_dossier

pytestmark = pytest.mark.django_db
URL = "/integrations/portal/"


def kill(world, portal, how_many: int):
    """`how_many` dossiers whose first message the portal refused (400)."""
    portal.behaviour = lambda arrival: 400
    for _ in range(how_many):
        a_dossier(world).build()
    sync.portal_deliver()
    portal.behaviour = None


def test_the_administrator_sees_counters_and_dead_messages(client, world, portal):
    kill(world, portal, 2)
    a_dossier(world).build()
    sync.portal_deliver()  # the third dossier's message goes through
    client.force_login(world.admin)
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="count-sent">1<' in html and 'id="count-dead">2<' in html
    assert 'id="count-pending">0<' in html and 'id="count-failed">2<' in html
    for message in PortalMessage.objects.filter(status=MessageStatus.DEAD):
        assert message.payload["dossier_code"] in html and f"/integrations/portal/{message.pk}/retry/" in html
    assert "refused with 400" in html and 'name="csrfmiddlewaretoken"' in html


def test_retry_one_and_retry_all(client, world, portal):
    kill(world, portal, 3)
    client.force_login(world.admin)
    first = PortalMessage.objects.order_by("id").first()
    response = client.post(f"{URL}{first.pk}/retry/", follow=True)
    assert response.redirect_chain[-1][0] == URL
    first.refresh_from_db()
    assert (first.status, first.attempts) == ("pending", 0)
    assert sync.portal_deliver()["sent"] == 1
    assert client.post(f"{URL}retry-all/").status_code == 302
    assert sync.portal_deliver()["sent"] == 2 and len(portal.stored) == 3
    assert not PortalMessage.objects.exclude(status=MessageStatus.SENT).exists()


def test_retry_needs_post_and_csrf(world, portal):
    from django.test import Client

    kill(world, portal, 1)
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(world.admin)
    assert strict.get(f"{URL}retry-all/").status_code == 405
    assert strict.post(f"{URL}retry-all/").status_code == 403
    assert PortalMessage.objects.get().status == "dead"


@pytest.mark.parametrize(
    "who", ["officer_b1", "officer_c", "spec", "lead", "lead_justice", "director", "applicant", "agent", None]
)
def test_everyone_else_is_refused(client, world, portal, who):
    kill(world, portal, 1)
    if who:
        client.force_login(world.person(who))
    message = PortalMessage.objects.get()
    assert client.get(URL).status_code == 403
    assert client.post(f"{URL}{message.pk}/retry/").status_code == 403
    assert client.post(f"{URL}retry-all/").status_code == 403
    assert PortalMessage.objects.get().status == "dead"


def test_a_superuser_is_an_administrator(client, world):
    from tests.builders import a_user

    client.force_login(a_user(username="root", is_superuser=True))
    assert client.get(URL).status_code == 200


def test_the_page_costs_the_same_queries_with_more_dead_messages(client, world, portal):
    kill(world, portal, 1)
    client.force_login(world.admin)
    client.get(URL)  # warm the session and permission caches alike for both counts
    with CaptureQueriesContext(connection) as few:
        assert client.get(URL).status_code == 200
    kill(world, portal, 6)
    with CaptureQueriesContext(connection) as many:
        assert client.get(URL).status_code == 200
    assert len(many) == len(few) <= 10
