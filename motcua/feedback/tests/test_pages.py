"""The applicant's page and the tablet page: each rendered once, labelled radio groups, the online flow."""

import re

import pytest
from django.urls import reverse

from motcua.feedback.criteria import CRITERIA
from motcua.feedback.models import Rating
from tests.builders import a_dossier

from .conftest import ALL_TWOS

pytestmark = pytest.mark.django_db


def assert_labelled_radio_groups(html: str):
    """Every criterion is a fieldset with a legend; every radio button has a label pointing at it."""
    fieldsets = re.findall(r"<fieldset[^>]*>(.*?)</fieldset>", html, re.S)
    assert len(fieldsets) == len(CRITERIA)
    for number, body in enumerate(fieldsets, start=1):
        assert re.search(r"<legend[^>]*>.+?</legend>", body, re.S), number
        radios = re.findall(r'<input type="radio" name="criterion_(\d)" value="(\d)"[^>]*id="([^"]+)"', body)
        assert [(int(n), int(v)) for n, v, _id in radios] == [(number, 0), (number, 1), (number, 2)]
        for _n, _v, radio_id in radios:
            assert re.search(rf'<label[^>]*for="{radio_id}"[^>]*>.*?\S.*?</label>', body, re.S), radio_id
    assert re.search(r'<label for="id_comment">', html)


def test_the_online_page_renders_a_labelled_form(client, world, online_returned):
    client.force_login(world.applicant)
    response = client.get(reverse("feedback:rate", args=[online_returned.code]))
    assert response.status_code == 200
    html = response.content.decode()
    assert_labelled_radio_groups(html)
    assert "feedback/feedback.css" in html and 'name="viewport"' in html


def test_the_tablet_page_renders_a_labelled_form_without_navigation(client, world, counter_returned):
    client.force_login(world.officer_b1)
    url = client.get(reverse("feedback:tablet_start", args=[counter_returned.code]))["Location"]
    html = client.get(url).content.decode()
    assert_labelled_radio_groups(html)
    assert 'class="kiosk"' in html
    assert reverse("dossiers:workspace") not in html and "logout" not in html  # the officer's session stays out


def test_the_applicant_rates_then_sees_the_rating_read_only(client, world, online_returned):
    client.force_login(world.applicant)
    url = reverse("feedback:rate", args=[online_returned.code])
    response = client.post(url, ALL_TWOS | {"criterion_8": "0", "comment": "Trang web chậm"}, follow=True)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<form method="post" class="form rating-form"' not in html
    assert html.count("score-badge score-2") == 8 and html.count("score-badge score-0") == 1
    assert "Trang web chậm" in html and 'role="status"' in html  # the confirmation message
    assert Rating.objects.get().score == 16


def test_errors_are_shown_and_nothing_is_written(client, world, online_returned):
    client.force_login(world.applicant)
    url = reverse("feedback:rate", args=[online_returned.code])
    response = client.post(url, {"criterion_1": "2", "comment": "x" * 1001})
    assert response.status_code == 422
    html = response.content.decode()
    for number in range(2, 10):
        assert f'id="id_criterion_{number}-error"' in html
    assert 'id="id_comment-error"' in html and "id_criterion_1-error" not in html
    assert 'value="2" id="id_criterion_1_2" checked' in html  # answers given are kept
    assert not Rating.objects.exists()


def test_before_the_result_is_returned_there_is_no_form(client, world):
    dossier = a_dossier(world).build()
    client.force_login(world.applicant)
    response = client.get(reverse("feedback:rate", args=[dossier.code]))
    assert response.status_code == 200 and 'type="radio"' not in response.content.decode()
    assert client.post(reverse("feedback:rate", args=[dossier.code]), ALL_TWOS).status_code == 302
    assert not Rating.objects.exists()


def test_the_pages_are_in_vietnamese_by_default_and_english_under_en(client, world, online_returned):
    client.force_login(world.applicant)
    assert client.get(f"/en/feedback/dossiers/{online_returned.code}/rate/").status_code == 200
    assert client.get(f"/feedback/dossiers/{online_returned.code}/rate/").status_code == 200


def test_page_queries_do_not_grow_with_the_criteria(client, world, online_returned, django_assert_max_num_queries):
    client.force_login(world.applicant)
    url = reverse("feedback:rate", args=[online_returned.code])
    with django_assert_max_num_queries(8):
        client.get(url)
    client.post(url, ALL_TWOS)
    with django_assert_max_num_queries(8):
        client.get(url)
