"""rating_submit: the state rule, one rating per dossier, validation, and what is stored."""

from unittest import mock

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError

from motcua.core.errors import InputErrorCode, error_codes
from motcua.dossiers.states import State
from motcua.feedback import services, tokens
from motcua.feedback.models import Rating
from tests.builders import a_dossier

from .conftest import ALL_TWOS

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(module_world, db):
    """The world is only read here: built once for the module (see the root conftest)."""
    return module_world


def submit(dossier, actor, scores=ALL_TWOS, **kwargs):
    kwargs.setdefault("channel", "online")
    return services.rating_submit(actor=actor, dossier=dossier, scores=dict(scores), **kwargs)


def test_the_applicant_rates_a_returned_dossier(world, online_returned):
    scores = ALL_TWOS | {"criterion_3": 1, "criterion_8": 0}
    rating = submit(online_returned, world.applicant, scores, comment="  Cán bộ nhiệt tình.  ")
    rating.refresh_from_db()
    assert rating.dossier == online_returned and rating.channel == "online"
    assert rating.scores == [2, 2, 1, 2, 2, 2, 2, 0, 2]
    assert (rating.score, rating.satisfied) == (15, False)
    assert rating.comment == "Cán bộ nhiệt tình."
    assert rating.rated_by == world.applicant
    assert rating.receiving_unit == online_returned.receiving_unit == world.org.centre
    assert rating.handling_unit == online_returned.handling_unit == world.org.committee


@pytest.mark.parametrize("state", [s for s in State if s != State.RETURNED])
def test_every_state_but_returned_is_refused(world, state):
    dossier = a_dossier(world).in_state(state).build()
    with pytest.raises(services.NotYetReturned):
        submit(dossier, world.applicant)
    with pytest.raises(services.NotYetReturned):
        services.tablet_token_issue(actor=world.officer_c, dossier=dossier)
    # even with a token minted somehow, the tablet cannot rate it
    with pytest.raises(services.NotYetReturned):
        submit(dossier, AnonymousUser(), channel="counter_tablet", token=tokens.tablet_token(dossier.code))
    assert not Rating.objects.exists()


def test_the_state_is_read_from_the_database_not_from_a_stale_copy(world, online_returned):
    stale = type(online_returned).objects.get(pk=online_returned.pk)
    stale.state = State.IN_PROCESS  # the caller's copy is out of date; the row says returned
    assert submit(stale, world.applicant).pk


def test_a_second_rating_is_refused_and_writes_nothing(world, online_returned, english):
    first = submit(online_returned, world.applicant, comment="first")
    token = tokens.tablet_token(online_returned.code)
    with pytest.raises(services.AlreadyRated, match="already been rated"):
        submit(online_returned, world.applicant, ALL_TWOS | {"criterion_1": 0}, comment="second")
    with pytest.raises(services.AlreadyRated):
        submit(online_returned, AnonymousUser(), channel="counter_tablet", token=token)
    assert Rating.objects.count() == 1
    first.refresh_from_db()
    assert first.comment == "first" and first.criterion_1 == 2


def test_a_race_past_the_check_is_settled_by_the_unique_constraint(world, online_returned):
    submit(online_returned, world.applicant)
    # The second request read "not rated" before the first committed: only the constraint stops it.
    with mock.patch.object(services, "_check_ratable"), pytest.raises(services.AlreadyRated):
        submit(online_returned, world.applicant)
    assert Rating.objects.count() == 1


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"criterion_4": None}, {"criterion_4"}),
        ({"criterion_1": 3, "criterion_9": -1}, {"criterion_1", "criterion_9"}),
        ({"criterion_2": "1"}, {"criterion_2"}),
        ({"criterion_6": True}, {"criterion_6"}),
        ({"criterion_7": 1.0}, {"criterion_7"}),
    ],
)
def test_each_bad_criterion_is_named(world, online_returned, changes, expected):
    with pytest.raises(ValidationError) as caught:
        submit(online_returned, world.applicant, ALL_TWOS | changes)
    assert set(caught.value.message_dict) == expected
    assert not Rating.objects.exists()


def test_missing_criteria_and_a_long_comment_are_reported_together(world, online_returned, english):
    scores = {k: v for k, v in ALL_TWOS.items() if k not in ("criterion_5", "criterion_8")}
    with pytest.raises(ValidationError) as caught:
        submit(online_returned, world.applicant, scores, comment="x" * 1001)
    errors = caught.value.message_dict
    assert set(errors) == {"criterion_5", "criterion_8", "comment"}
    assert error_codes(caught.value)["criterion_5"] == [InputErrorCode.REQUIRED]
    assert "1001" in errors["comment"][0]
    assert submit(online_returned, world.applicant, comment="x" * 1000).comment == "x" * 1000


def test_the_tablet_rates_without_a_login_and_records_no_person(world, counter_returned):
    token = services.tablet_token_issue(actor=world.officer_b2, dossier=counter_returned)
    rating = submit(
        counter_returned, AnonymousUser(), ALL_TWOS | {"criterion_2": 1}, channel="counter_tablet", token=token
    )
    assert rating.channel == "counter_tablet" and rating.rated_by is None
    assert rating.receiving_unit == world.org.branch1
    assert (rating.score, rating.satisfied) == (17, True)


def test_the_tablet_needs_a_valid_token(world, counter_returned):
    for token in ("", "garbage", tokens.tablet_token("T01.B1-000000-0001")):
        with pytest.raises(services.TabletLinkInvalid):
            submit(counter_returned, world.officer_b1, channel="counter_tablet", token=token)
    assert not Rating.objects.exists()


def test_a_counter_dossier_cannot_be_rated_online_even_by_the_officer_who_filed_it(world, counter_returned):
    with pytest.raises(PermissionDenied):
        submit(counter_returned, world.officer_b1)
    with pytest.raises(ValidationError):
        submit(counter_returned, world.applicant, channel="kiosk")


def test_submit_takes_the_same_number_of_queries_every_time(world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for _ in range(3):  # the first rating of the day also creates the day's roll-up row
        dossier = a_dossier(world).returned().build()
        applicant = type(world.applicant).objects.get(pk=world.applicant.pk)
        with CaptureQueriesContext(connection) as queries:
            submit(dossier, applicant)
        counts.append(len(queries))
    assert counts[1] == counts[2] <= 11, counts
