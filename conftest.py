import os

import pytest

# Playwright runs an event loop in the test thread; the live server's database work is ours, not async code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _fresh_cache(request):
    """Every test starts with no rate-limit counts in the shared cache.

    The database cache is a table outside the models: a rolled-back test leaves it as it was, but flushing after
    a transactional test (or a server process of the test) does not empty it, so those tests empty it themselves.
    """
    from django.core.cache import caches
    from django.core.cache.backends.db import BaseDatabaseCache

    from motcua.core.working_time import forget_overrides

    forget_overrides()  # a rolled-back test may have left its calendar overrides in the process's copy
    cache = caches["default"]
    marker = request.node.get_closest_marker("django_db")
    commits = (marker and marker.kwargs.get("transaction")) or {"live_server", "transactional_db"} & set(
        request.fixturenames
    )
    if not isinstance(cache, BaseDatabaseCache):
        cache.clear()
    elif commits:
        request.getfixturevalue("transactional_db")
        cache.clear()
    yield
    if commits and isinstance(cache, BaseDatabaseCache):
        cache.clear()


@pytest.fixture(autouse=True)
def _reference_data(request):
    """Transactional tests flush every table afterwards, the reference data loaded by migrations included."""
    marker = request.node.get_closest_marker("django_db")
    if not (marker and marker.kwargs.get("transaction")):
        return
    request.getfixturevalue("transactional_db")
    from motcua.geo.models import Province
    from motcua.geo.services import divisions_sync

    if not Province.objects.exists():
        divisions_sync()


@pytest.fixture
def org(db):
    from tests.builders import an_org

    return an_org()


@pytest.fixture
def staff(org):
    from tests.builders import staff_in_every_role

    return staff_in_every_role(org)


@pytest.fixture
def seeded_catalog(db):
    from motcua.catalog.services import catalog_seed

    return catalog_seed()


@pytest.fixture
def world(seeded_catalog):
    """An organisation with staff in every role and the seed catalogue (`tests.builders.World`)."""
    from tests.builders import a_world

    return a_world()


@pytest.fixture(scope="module")
def module_world(django_db_setup, django_db_blocker):
    """`world` built once for a test module, with the seed catalogue, inside a transaction rolled back after the
    module's last test; each test's own writes are rolled back in a savepoint. For modules of tests that use the
    world as it is (no transactional tests, no changes to its objects): they write `world = module_world` by
    overriding the fixture, see motcua/dossiers/tests/test_lifecycle.py."""
    from django.db import transaction

    from motcua.catalog.services import catalog_seed
    from tests.builders import a_world

    with django_db_blocker.unblock(), transaction.atomic():
        catalog_seed()
        yield a_world()
        transaction.set_rollback(True)


@pytest.fixture
def english():
    """Service messages in English, for tests that read them (pages are tested in Vietnamese)."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def working_morning():
    """The clock stands still at 09:30 on Wednesday 25 November 2026 in Hà Nội, a working morning: a test that
    reads "today" (the day's takings, receipt years, today's drill-downs) never straddles midnight."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    import time_machine

    with time_machine.travel(datetime(2026, 11, 25, 9, 30, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")), tick=False):
        yield
