from django.db import transaction

from . import reference
from .models import Commune, DivisionChange, DivisionPredecessor, Province


@transaction.atomic
def divisions_sync() -> dict[str, int]:
    """Bring provinces, communes and their lineage up to date with the installed package."""
    counts = reference.sync_divisions(Province, Commune)
    counts["changes_created"] = reference.sync_lineage(DivisionChange, DivisionPredecessor)
    return counts
