"""Rating a dossier: once, after its result was returned, by its applicant online or on the counter's tablet."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.core.actors import actor_required
from motcua.core.errors import Conflict, InputErrorCode, Refused
from motcua.dossiers import permissions
from motcua.dossiers.models import Dossier
from motcua.dossiers.states import State

from . import events, tokens
from .criteria import FIELDS, Score
from .errors import FeedbackErrorCode
from .models import Rating, RatingChannel

COMMENT_MAX = 1000


class RatingConflict(Conflict):
    """The dossier cannot be rated now; nothing was written."""


class AlreadyRated(RatingConflict):
    def __init__(self):
        super().__init__(_("This dossier has already been rated. Thank you."), code=FeedbackErrorCode.ALREADY_RATED)


class NotYetReturned(RatingConflict):
    def __init__(self):
        super().__init__(
            _("A dossier can be rated once its result has been returned."), code=FeedbackErrorCode.NOT_RETURNED
        )


class TabletLinkInvalid(Refused):
    def __init__(self):
        super().__init__(
            _("This rating link has expired or is not valid. Ask the officer at the counter for a new one."),
            code=FeedbackErrorCode.LINK_INVALID,
        )


def clean_scores(scores: dict, comment: str) -> tuple[dict, str]:
    """Every criterion present and 0, 1 or 2; the comment at most 1,000 characters. Errors name the field."""
    errors, cleaned = {}, {}
    for field in FIELDS:
        value = scores.get(field)
        if value is None or value == "":
            errors[field] = ValidationError(_("Choose a score for this criterion."), code=InputErrorCode.REQUIRED)
        elif isinstance(value, bool) or not isinstance(value, int) or value not in Score.values:
            errors[field] = ValidationError(_("The score must be 0, 1 or 2."), code=InputErrorCode.INVALID_CHOICE)
        else:
            cleaned[field] = value
    comment = (comment or "").strip()
    if len(comment) > COMMENT_MAX:
        errors["comment"] = ValidationError(
            _("At most %(max)d characters (you wrote %(n)d).") % {"max": COMMENT_MAX, "n": len(comment)},
            code=InputErrorCode.MAX_LENGTH,
        )
    if errors:
        raise ValidationError(errors)
    return cleaned, comment


def _check_may_rate(actor, dossier: Dossier, channel: str, token: str) -> None:
    if channel == RatingChannel.ONLINE:
        if not permissions.is_applicant(actor, dossier):
            raise Refused(
                _("Only the applicant who filed this dossier may rate it online."), code=FeedbackErrorCode.NOT_APPLICANT
            )
    elif channel == RatingChannel.COUNTER_TABLET:
        if not tokens.tablet_token_valid(dossier.code, token):
            raise TabletLinkInvalid()
    else:
        raise ValidationError(
            {"channel": ValidationError(_("Choose how the rating was given."), code=InputErrorCode.INVALID_CHOICE)}
        )


def _check_ratable(dossier: Dossier) -> None:
    state = Dossier.objects.filter(pk=dossier.pk).values_list("state", flat=True).get()  # not a stale copy
    if state != State.RETURNED:
        raise NotYetReturned()
    if Rating.objects.filter(dossier_id=dossier.pk).exists():
        raise AlreadyRated()


@transaction.atomic
def rating_submit(*, actor, dossier: Dossier, scores: dict, comment: str = "", channel: str, token: str = "") -> Rating:
    """Record the citizen's rating of a returned dossier; a second rating of the same dossier is refused.

    Online: `actor` must be the applicant who filed the dossier. Counter tablet: `token` must be a live tablet token
    for this dossier (the citizen is not logged in: `actor` is whoever holds the tablet, an anonymous user, or
    `SYSTEM` in the demo; the token is the permission and the rating has no `rated_by`). No actor is an error.
    """
    actor_required(actor)
    _check_may_rate(actor, dossier, channel, token)
    _check_ratable(dossier)
    cleaned, comment = clean_scores(scores, comment)
    try:
        with transaction.atomic():
            rating = Rating.objects.create(
                dossier=dossier,
                channel=channel,
                comment=comment,
                rated_at=timezone.now(),
                rated_by=actor if channel == RatingChannel.ONLINE else None,
                receiving_unit_id=dossier.receiving_unit_id,
                handling_unit_id=dossier.handling_unit_id,
                **cleaned,
            )
            events.rating_recorded.publish(rating)  # the reports' roll-up, in the rating's transaction
            return rating
    except IntegrityError:
        # Two submissions raced past the check above; the unique dossier column let exactly one in.
        if Rating.objects.filter(dossier_id=dossier.pk).exists():
            raise AlreadyRated() from None
        raise


def tablet_token_issue(*, actor, dossier: Dossier) -> str:
    """A receiving officer at the desk hands the counter's tablet to the citizen: a 30-minute link for this dossier."""
    actor_required(actor)
    if not permissions.at_desk(actor, dossier):
        raise Refused(
            _("Only a receiving officer of the centre that received this dossier may do this."),
            code=FeedbackErrorCode.NOT_AT_DESK,
        )
    _check_ratable(dossier)
    return tokens.tablet_token(dossier.code)
