"""The benchmark data is consistent: what the generator writes is what the services would have written."""

from collections import Counter as Tally

import pytest

from bench.generate import generate
from motcua.catalog.services import catalog_seed
from motcua.core.actors import SYSTEM
from motcua.dossiers import services
from motcua.dossiers.models import Dossier, DossierEvent, DossierStep
from motcua.feedback.models import Rating
from motcua.org.demo import load_demo
from motcua.reports.models import COUNTERS, DailyStat
from motcua.reports.rollups import rollups_rebuild
from tests.builders import APPLICANT

pytestmark = pytest.mark.django_db


def _rollup():
    return sorted(
        DailyStat.objects.values_list(
            "day", "receiving_unit", "handling_unit", "commune", "procedure", "channel", *COUNTERS
        )
    )


def test_generated_year_is_consistent():
    load_demo()
    catalog_seed()
    summary = generate(400, days=90)
    assert Dossier.objects.count() == 400 and summary["events"] == DossierEvent.objects.count()
    assert 5 <= summary["events"] / 400 <= 9  # about 8 events per settled dossier
    states = Tally(Dossier.objects.values_list("state", flat=True))
    assert states["returned"] > 200 and states["in_process"] + states["received"] > 0
    codes = list(Dossier.objects.values_list("code", flat=True))
    assert len(set(codes)) == len(codes)
    # Every dossier's events are numbered 1…n, in time order, and end in the dossier's state.
    for dossier in Dossier.objects.order_by("?")[:40]:
        events = list(dossier.events.order_by("seq"))
        assert [e.seq for e in events] == list(range(1, len(events) + 1))
        assert [e.at for e in events] == sorted(e.at for e in events)
        assert events[-1].to_state == dossier.state
        open_steps = dossier.steps.filter(started_at__isnull=False, finished_at=None)
        assert open_steps.count() <= 1
        if dossier.current_step_id:
            assert open_steps.get().pk == dossier.current_step_id
    assert DossierStep.objects.exists() and Rating.objects.exists()
    # The roll-up written by the generator is the one the events, ratings and rules give.
    generated = _rollup()
    rollups_rebuild()
    assert _rollup() == generated


def test_intake_goes_on_after_generation(world):
    generate(50, days=30)
    before = Dossier.objects.count()
    dossier = services.dossier_create(
        actor=SYSTEM,
        procedure=world.procedure,
        channel="counter",
        receiving_unit=world.org.branch1,
        commune=world.commune,
        applicant=dict(APPLICANT),
    )
    services.dossier_receive(actor=SYSTEM, dossier=dossier)
    assert Dossier.objects.count() == before + 1
