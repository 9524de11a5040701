import pytest

from motcua.core.actors import SYSTEM
from motcua.dossiers.tests.conftest import file_at_counter, file_online, pdf


def returned(dossier):
    """Bring a freshly filed dossier to `returned` through the services, as the system."""
    from motcua.dossiers import services
    from motcua.dossiers.services import result_attach

    d = services.dossier_receive(actor=SYSTEM, dossier=dossier)
    d = services.dossier_forward(actor=SYSTEM, dossier=d)
    d = services.dossier_approve(actor=SYSTEM, dossier=d)
    result_attach(actor=SYSTEM, dossier=d, uploaded=pdf())
    d.refresh_from_db()
    d = services.dossier_issue_result(actor=SYSTEM, dossier=d)
    return services.dossier_return_result(actor=SYSTEM, dossier=d, method="counter")


@pytest.fixture
def people(world):
    """Everyone of the permission table: world's people plus a receiving officer of another province's centre."""
    from motcua.org.models import Role
    from tests.factories import make_org, make_staff

    elsewhere = make_org("79")
    return world["people"] | {
        "officer_elsewhere": make_staff(Role.RECEIVING_OFFICER, elsewhere["branch1"], username="officer_elsewhere")
    }


@pytest.fixture
def online_returned(world):
    """A dossier the applicant filed online, its result returned."""
    return returned(file_online(world))


@pytest.fixture
def counter_returned(world):
    """A dossier filed at branch 1's counter, its result returned."""
    return returned(file_at_counter(world))


ALL_TWOS = {f"criterion_{n}": 2 for n in range(1, 10)}
