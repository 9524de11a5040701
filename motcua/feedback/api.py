"""POST /api/v1/dossiers/{code}/rating: the applicant rates a returned dossier (mounted in motcua/api/api.py)."""

from datetime import datetime

from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError
from ninja.security import django_auth
from pydantic import ConfigDict

from motcua.api.errors import errors
from motcua.dossiers import permissions
from motcua.dossiers.models import Dossier

from . import services
from .models import RatingChannel

router = Router(tags=["feedback"])
_SCORE = "0 = not satisfied, 1 = satisfied, 2 = very satisfied"


def _document_rules(schema: dict) -> None:
    """The document states what `clean_scores` enforces (every criterion, 0 to 2; the comment's length);
    the model itself accepts more, so the service's field errors name every problem at once."""
    for name, prop in schema["properties"].items():
        if name.startswith("criterion_"):
            prop.pop("anyOf", None)
            prop.pop("default", None)
            prop.update(type="integer", minimum=0, maximum=2)
    schema["properties"]["comment"]["maxLength"] = 1000
    schema["required"] = [name for name in schema["properties"] if name.startswith("criterion_")]


class RatingIn(Schema):
    model_config = ConfigDict(json_schema_extra=_document_rules)

    criterion_1: int | None = Field(None, description=f"Processing time vs the rule. {_SCORE}")
    criterion_2: int | None = Field(None, description=f"Number of agencies contacted. {_SCORE}")
    criterion_3: int | None = Field(None, description=f"Number of contacts needed. {_SCORE}")
    criterion_4: int | None = Field(None, description=f"Accuracy of the published information. {_SCORE}")
    criterion_5: int | None = Field(None, description=f"Staff attitude. {_SCORE}")
    criterion_6: int | None = Field(None, description=f"Lawful result and costs, no illicit costs. {_SCORE}")
    criterion_7: int | None = Field(None, description=f"Handling of feedback and complaints. {_SCORE}")
    criterion_8: int | None = Field(None, description=f"Online-service quality. {_SCORE}")
    criterion_9: int | None = Field(None, description=f"Other. {_SCORE}")
    comment: str = Field("", description="Optional, at most 1,000 characters.")


class RatingOut(Schema):
    dossier_code: str
    channel: str
    scores: dict[str, int]
    comment: str
    score: int
    satisfied: bool
    rated_at: datetime


@router.post(
    "/dossiers/{code}/rating",
    auth=django_auth,
    response={201: RatingOut, **errors(403, 409, 422)},
    summary="Rate a returned dossier (the applicant who filed it; once)",
)
def rating_create(request, code: str, payload: RatingIn):
    dossier = Dossier.objects.select_related("receiving_unit", "handling_unit").filter(code=code).first()
    if dossier is None or not permissions.may_view(request.user, dossier):
        raise HttpError(404, _("No dossier has this code."))
    data = payload.dict()
    comment = data.pop("comment")
    # A refusal (403), a conflict (409) or a field error (422) is answered by the API's exception handlers
    # (motcua/api/errors.py), in the shapes declared above.
    rating = services.rating_submit(
        actor=request.user, dossier=dossier, scores=data, comment=comment, channel=RatingChannel.ONLINE
    )
    return Status(
        201,
        RatingOut(
            dossier_code=dossier.code,
            channel=rating.channel,
            scores=dict(zip(data, rating.scores, strict=True)),
            comment=rating.comment,
            score=rating.score,
            satisfied=rating.satisfied,
            rated_at=rating.rated_at,
        ),
    )
