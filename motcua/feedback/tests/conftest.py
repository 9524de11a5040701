import pytest

from tests.builders import a_dossier


@pytest.fixture
def people(world):
    """Everyone of the permission table by name: world's people plus a receiving officer of another province's
    centre."""
    from motcua.org.models import Role
    from tests.builders import a_staff_member, an_org

    elsewhere = an_org("79")
    return world.everyone() | {
        "officer_elsewhere": a_staff_member(Role.RECEIVING_OFFICER, elsewhere.branch1, username="officer_elsewhere")
    }


@pytest.fixture
def online_returned(world):
    """A dossier the applicant filed online, its result returned."""
    return a_dossier(world).returned().build()


@pytest.fixture
def counter_returned(world):
    """A dossier filed at branch 1's counter, its result returned."""
    return a_dossier(world, channel="counter").returned().build()


ALL_TWOS = {f"criterion_{n}": 2 for n in range(1, 10)}
