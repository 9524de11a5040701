import re
from datetime import date

from django.contrib.postgres.lookups import TrigramWordSimilar
from django.contrib.postgres.search import TrigramWordSimilarity
from django.db import connections
from django.db.models import Case, F, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Concat, Lower

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


# How many procedures the portable fuzzy search reads (SQLite): the national catalogue is a few thousand.
FUZZY_SCAN_LIMIT = 10_000
_WORD = re.compile(r"\w+")


def word_variants(word: str) -> set[str]:
    """The spellings a folded query word stands for: a final i and y are written either way ("ki"/"ky")."""
    variants = {word}
    if len(word) > 1 and word[-1] in "iy":
        variants.add(word[:-1] + ("y" if word[-1] == "i" else "i"))
    return variants


def _within_one_edit(a: str, b: str) -> bool:
    """Whether `b` is `a` with at most one letter added, removed, changed or two neighbours swapped."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (
            len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]
        )
    short, long = (a, b) if len(a) < len(b) else (b, a)
    i = next((i for i in range(len(short)) if short[i] != long[i]), len(short))
    return short[i:] == long[i + 1 :]


def _word_matches(variants: set[str], text: str, tokens: set[str]) -> bool:
    """A query word matches a text if the text contains one of its spellings, or (for words of four letters
    or more) has a word at most one typo away from it."""
    if any(v in text for v in variants):
        return True
    return any(len(v) >= 4 and any(_within_one_edit(v, t) for t in tokens) for v in variants)


def _match_postgresql(queryset: QuerySet[Procedure], words: list[str]) -> QuerySet[Procedure]:
    """Every word is contained, or close to a word of the text by trigrams (`search_folded %> word`, which the
    GIN trigram index of migration 0002 serves; pg_trgm.word_similarity_threshold, 0.6 by default)."""
    for word in words:
        condition = Q()
        for variant in word_variants(word):
            condition |= Q(search_folded__contains=variant)
            if len(variant) >= 3:
                condition |= Q(TrigramWordSimilar(F("search_folded"), Value(variant)))
        queryset = queryset.filter(condition)
    return queryset


def _match_portable(queryset: QuerySet[Procedure], words: list[str]) -> QuerySet[Procedure]:
    """The same tolerance on any database: the folded texts of the (bounded) catalogue matched in Python."""
    wanted = [word_variants(word) for word in words]
    found = []
    for pk, text in queryset.values_list("pk", "search_folded")[:FUZZY_SCAN_LIMIT]:
        tokens = set(_WORD.findall(text))
        if all(_word_matches(variants, text, tokens) for variants in wanted):
            found.append(pk)
    return queryset.filter(pk__in=found)


def procedure_search(
    *, q: str = "", sector: str = "", level: str = "", online_level: str = "", agency: str = ""
) -> QuerySet[Procedure]:
    """Active procedures whose code, name and sector match every word of `q`, diacritics ignored, tolerant of
    spelling variants (final i/y) and of one typo per word. The public catalogue, the API, the counter's and
    the citizen's procedure pickers all search with it.

    Ranking: the exact code first, then names starting with the query, then those containing it as a phrase,
    then those containing every word, then the close matches (on PostgreSQL by trigram similarity); then code.
    """
    queryset = Procedure.objects.filter(is_active=True).select_related("sector")
    if sector:
        queryset = queryset.filter(sector__code=sector)
    if level:
        queryset = queryset.filter(level=level)
    if online_level:
        queryset = queryset.filter(online_level=online_level)
    if agency:
        kind, _, area = agency.partition(":")
        queryset = queryset.filter(competent_agency=kind, department_area=area)
    phrase = fold(q)
    if not phrase:
        return queryset.order_by("code")
    words = phrase.split()
    postgresql = connections[queryset.db].vendor == "postgresql"
    queryset = (_match_postgresql if postgresql else _match_portable)(queryset, words)
    every_word = Q()
    for word in words:
        every_word &= Q(search_folded__contains=word)
    rank = Case(
        When(code__iexact=q.strip(), then=0),
        When(search_folded__startswith=Concat(Lower("code"), Value(f" {phrase}")), then=1),
        When(search_folded__contains=phrase, then=2),
        When(every_word, then=3),
        default=4,
        output_field=IntegerField(),
    )
    order = ["search_rank", "code"]
    if postgresql:
        queryset = queryset.annotate(search_similarity=TrigramWordSimilarity(phrase, "search_folded"))
        order.insert(1, "-search_similarity")
    return queryset.annotate(search_rank=rank).order_by(*order)
