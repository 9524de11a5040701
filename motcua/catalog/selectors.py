from datetime import date

from django.db.models import F, OuterRef, Prefetch, QuerySet, Subquery

from motcua.core.text import fold

from .models import Procedure, ProcedureVersion, Workflow


def with_content(queryset: QuerySet[ProcedureVersion]) -> QuerySet[ProcedureVersion]:
    """Everything a version's page or export shows, in a fixed number of queries."""
    return queryset.select_related("procedure__sector").prefetch_related(
        "methods",
        "fees",
        "documents",
        "cases__extra_documents",
        Prefetch("workflows", queryset=Workflow.objects.select_related("province").prefetch_related("steps")),
    )


def latest_versions() -> QuerySet[ProcedureVersion]:
    """The newest version of every procedure."""
    newest = ProcedureVersion.objects.filter(procedure=OuterRef("procedure")).order_by("-number").values("pk")[:1]
    return ProcedureVersion.objects.annotate(newest=Subquery(newest)).filter(pk=F("newest"))


def version_in_force(procedure: Procedure, on: date) -> ProcedureVersion | None:
    """The version a dossier received on `on` binds to: the newest one already in force that day."""
    return procedure.versions.filter(effective_from__lte=on).order_by("-effective_from", "-number").first()


def procedure_search(
    *, q: str = "", sector: str = "", level: str = "", online_level: str = "", agency: str = ""
) -> QuerySet[Procedure]:
    """Active procedures whose code, name and sector contain every word of `q`, diacritics ignored."""
    queryset = Procedure.objects.filter(is_active=True).select_related("sector")
    if q.strip():
        for word in fold(q).split():
            queryset = queryset.filter(search_folded__contains=word)
    if sector:
        queryset = queryset.filter(sector__code=sector)
    if level:
        queryset = queryset.filter(level=level)
    if online_level:
        queryset = queryset.filter(online_level=online_level)
    if agency:
        kind, _, area = agency.partition(":")
        queryset = queryset.filter(competent_agency=kind, department_area=area)
    return queryset.order_by("code")
