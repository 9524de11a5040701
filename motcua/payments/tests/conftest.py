import pytest

from motcua.core.actors import SYSTEM
from motcua.dossiers import services as dossier_services
from motcua.dossiers.tests.conftest import file_at_counter, file_online
from motcua.payments.conf import DEMO_BANK

# The demo bank's account under a name of the tests' own, and a callback secret: not the demo.
TEST_PAYMENT = {
    **DEMO_BANK,
    "ACCOUNT_NAME": "TRUNG TAM TEST",
    "CALLBACK_SECRET": "test-callback-secret",
    "RECEIPT_SERIES": "BL",
}


@pytest.fixture(autouse=True)
def _payment_settings(settings):
    settings.MOTCUA_PAYMENT = dict(TEST_PAYMENT)


def received(world, online=False):
    """A birth registration (fees: free registration, 8.000 đ copy) received at the desk."""
    dossier = file_online(world) if online else file_at_counter(world)
    return dossier_services.dossier_receive(actor=SYSTEM, dossier=dossier)


def in_process(world, online=False):
    return dossier_services.dossier_forward(actor=SYSTEM, dossier=received(world, online=online))


def owing(world, extra: int, online=False):
    """In state `financial`: the handling unit asked for `extra` đồng on top of the 8.000 đ fee."""
    dossier = in_process(world, online=online)
    return dossier_services.dossier_request_payment(actor=SYSTEM, dossier=dossier, amount=extra, note="Phí xác minh")
