"""Who may rate: everyone of the table against online submit, tablet page, tablet submit and the API."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.test import Client
from django.urls import reverse

from motcua.feedback import services
from motcua.feedback.models import Rating

from .conftest import ALL_TWOS

pytestmark = pytest.mark.django_db

EVERYONE = [
    "applicant",
    "other_citizen",
    "agent",
    "officer_b1",  # at the desk of the centre family that received the dossier
    "officer_elsewhere",
    "spec",
    "lead",
    "director",
    "admin",
    None,  # anonymous
]
DESK = {"officer_b1"}


def client_for(people, name) -> Client:
    client = Client()
    if name is not None:
        client.force_login(people[name])
    return client


def each_person(people, attempt) -> dict:
    """Run attempt(name) for everyone, each in a transaction rolled back afterwards; returns name → outcome."""
    outcomes = {}
    for name in EVERYONE:
        with transaction.atomic():
            outcomes[name] = attempt(name)
            transaction.set_rollback(True)
    return outcomes


def test_online_submit_through_the_service(people, online_returned):
    def attempt(name):
        actor = type(people["applicant"]).objects.get(pk=people[name].pk) if name else AnonymousUser()
        try:
            services.rating_submit(actor=actor, dossier=online_returned, scores=dict(ALL_TWOS), channel="online")
        except PermissionDenied:
            return "refused"
        return "rated"

    outcomes = each_person(people, attempt)
    assert outcomes == {name: "rated" if name == "applicant" else "refused" for name in EVERYONE}


def test_online_submit_through_the_page(people, online_returned):
    url = reverse("feedback:rate", args=[online_returned.code])

    def attempt(name):
        response = client_for(people, name).post(url, ALL_TWOS)
        rated = Rating.objects.exists()
        return response.status_code, rated

    outcomes = each_person(people, attempt)
    assert outcomes.pop("applicant") == (302, True)
    assert outcomes.pop(None)[0] == 302  # to the login page
    for name, (status, rated) in outcomes.items():
        assert status in (403, 404) and not rated, name
    # those who may not see the dossier do not learn that it exists
    assert outcomes["other_citizen"][0] == outcomes["agent"][0] == outcomes["officer_elsewhere"][0] == 404


def test_tablet_page_open(people, counter_returned):
    url = reverse("feedback:tablet_start", args=[counter_returned.code])

    def attempt(name):
        response = client_for(people, name).get(url)
        return response.status_code, response.get("Location", "")

    outcomes = each_person(people, attempt)
    status, location = outcomes.pop("officer_b1")
    assert status == 302 and f"/feedback/tablet/{counter_returned.code}/" in location
    assert outcomes.pop(None)[1].startswith("/login/")
    for name, (status, _location) in outcomes.items():
        assert status in (403, 404), name


def test_tablet_submit(people, counter_returned):
    """Only a link the desk opened lets a rating in; nobody else can get one."""
    start = reverse("feedback:tablet_start", args=[counter_returned.code])

    def attempt(name):
        client = client_for(people, name)
        response = client.get(start)
        if response.status_code != 302 or "/feedback/tablet/" not in response["Location"]:
            return False
        Client().post(response["Location"], ALL_TWOS)  # the citizen, not logged in
        return Rating.objects.filter(channel="counter_tablet").exists()

    outcomes = each_person(people, attempt)
    assert outcomes == {name: name in DESK for name in EVERYONE}


def test_api(people, online_returned):
    url = f"/api/v1/dossiers/{online_returned.code}/rating"

    def attempt(name):
        return client_for(people, name).post(url, ALL_TWOS, content_type="application/json").status_code

    outcomes = each_person(people, attempt)
    assert outcomes.pop("applicant") == 201
    assert outcomes.pop(None) == 401
    for name, status in outcomes.items():
        assert status in (403, 404), name
    assert outcomes["other_citizen"] == outcomes["agent"] == outcomes["officer_elsewhere"] == 404
    assert outcomes["officer_b1"] == outcomes["spec"] == outcomes["lead"] == outcomes["director"] == 403
