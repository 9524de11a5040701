"""The counter tablet: the officer opens it, the citizen rates without logging in, the link expires and is spent."""

import time
from unittest import mock

import pytest
from django.urls import reverse

from motcua.feedback import tokens
from motcua.feedback.models import Rating

from .conftest import ALL_TWOS

pytestmark = pytest.mark.django_db


def open_tablet(client, world, dossier, officer="officer_b1"):
    client.force_login(world.person(officer))
    response = client.get(reverse("feedback:tablet_start", args=[dossier.code]))
    assert response.status_code == 302, response.status_code
    return response["Location"]


def test_officer_opens_the_tablet_and_the_citizen_rates_without_a_login(client, world, counter_returned):
    url = open_tablet(client, world, counter_returned)
    token = url.rstrip("/").rsplit("/", 1)[1]
    assert tokens.tablet_token_valid(counter_returned.code, token)
    client.logout()  # the citizen's hands: no session at all
    page = client.get(url)
    assert page.status_code == 200 and page["Cache-Control"].startswith("max-age=0")
    assert counter_returned.code.encode() in page.content
    done = client.post(url, ALL_TWOS | {"criterion_5": "1", "comment": "Nhanh gọn"})
    assert done.status_code == 302 and done["Location"].endswith(reverse("feedback:tablet_thanks"))
    rating = Rating.objects.get()
    assert (rating.channel, rating.rated_by, rating.score, rating.comment) == ("counter_tablet", None, 17, "Nhanh gọn")
    thanks = client.get(done["Location"])
    assert thanks.status_code == 200 and counter_returned.code.encode() not in thanks.content


def test_the_token_cannot_be_reused(client, world, counter_returned):
    url = open_tablet(client, world, counter_returned)
    assert client.post(url, ALL_TWOS).status_code == 302
    again = client.post(url, ALL_TWOS | {"criterion_1": "0"})
    assert again.status_code == 409 and b"<form" not in again.content
    assert client.get(url).status_code == 409
    assert Rating.objects.get().criterion_1 == 2
    # a fresh link for a rated dossier is not given: the officer sees the rating instead
    client.force_login(world.officer_b1)
    page = client.get(reverse("feedback:tablet_start", args=[counter_returned.code]))
    assert page.status_code == 409 and b"score-badge" in page.content


def test_the_token_expires_after_30_minutes(client, world, counter_returned):
    url = open_tablet(client, world, counter_returned)
    client.logout()
    later = time.time() + 29 * 60
    with mock.patch("django.core.signing.time.time", return_value=later):
        assert client.get(url).status_code == 200
    too_late = time.time() + 31 * 60
    with mock.patch("django.core.signing.time.time", return_value=too_late):
        assert client.get(url).status_code == 403
        assert client.post(url, ALL_TWOS).status_code == 403
    assert not Rating.objects.exists()


def test_the_token_is_bound_to_its_dossier(client, world, counter_returned, online_returned):
    url = open_tablet(client, world, counter_returned)
    token = url.rstrip("/").rsplit("/", 1)[1]
    other = reverse("feedback:tablet_form", args=[online_returned.code, token])
    assert client.post(other, ALL_TWOS).status_code == 403
    tampered = reverse("feedback:tablet_form", args=[counter_returned.code, token[:-2] + "xx"])
    assert client.post(tampered, ALL_TWOS).status_code == 403
    assert not Rating.objects.exists()


def test_bad_answers_on_the_tablet_are_shown_next_to_the_criterion(client, world, counter_returned):
    url = open_tablet(client, world, counter_returned)
    response = client.post(url, {k: v for k, v in ALL_TWOS.items() if k != "criterion_7"} | {"criterion_2": "5"})
    assert response.status_code == 422
    html = response.content.decode()
    assert 'id="id_criterion_7-error"' in html and 'id="id_criterion_2-error"' in html
    assert 'aria-describedby="id_criterion_7-error"' in html
    assert not Rating.objects.exists()


def test_the_tablet_page_of_a_dossier_not_yet_returned(client, world):
    from tests.builders import a_dossier

    dossier = a_dossier(world, channel="counter").build()
    client.force_login(world.officer_b1)
    response = client.get(reverse("feedback:tablet_start", args=[dossier.code]))
    assert response.status_code == 409 and b'<form method="post" class="form rating-form"' not in response.content
