from datetime import date

from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from ninja.errors import HttpError

from . import selectors
from .models import Procedure
from .services import version_to_dict

router = Router(tags=["catalogue"])


class SearchParams(Schema):
    q: str = ""
    sector: str = ""
    level: str = ""
    online_level: str = ""
    agency: str = ""


class ProcedureItem(Schema):
    code: str
    name: str
    sector: str
    level: str
    online_level: str
    competent_agency: str


class ProcedurePage(Schema):
    count: int
    items: list[ProcedureItem]


class VersionRef(Schema):
    number: int
    effective_from: date
    decision: str


@router.get("/procedures", response=ProcedurePage, summary="Search the catalogue (diacritics optional)")
def procedure_list(
    request,
    filters: Query[SearchParams],
    limit: int = Query(20, ge=1, le=100),  # noqa: B008
    offset: int = Query(0, ge=0),
):  # noqa: B008
    procedures = selectors.procedure_search(**filters.dict())
    return {
        "count": procedures.count(),
        "items": [
            ProcedureItem(
                code=p.code,
                name=p.name,
                sector=p.sector.name,
                level=p.level,
                online_level=p.online_level,
                competent_agency=p.agency_key,
            )
            for p in procedures[offset : offset + limit]
        ],
    }


@router.get("/procedures/{code}", summary="A procedure as in force on a date (today by default)")
def procedure_detail(request, code: str, on: date | None = None):
    procedure = get_object_or_404(Procedure, code=code, is_active=True)
    version = selectors.version_in_force(procedure, on or timezone.localdate())
    if version is None:
        raise HttpError(404, _("No version of this procedure was in force on that date."))
    data = version_to_dict(selectors.with_content(procedure.versions.filter(pk=version.pk)).get())
    data["version"]["number"] = version.number
    data["versions"] = [
        VersionRef(number=v.number, effective_from=v.effective_from, decision=v.decision).dict()
        for v in procedure.versions.order_by("-number")
    ]
    return data
