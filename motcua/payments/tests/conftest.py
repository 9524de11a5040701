import pytest

from motcua.payments.conf import DEMO_BANK
from tests.builders import a_dossier

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


# Shorthands for the builder, for the many payment tests that need a fresh dossier in one of these states.
def received(world, online=False):
    """A birth registration (fees: free registration, 8.000 đ copy) received at the desk."""
    return a_dossier(world, channel="online" if online else "counter").received().build()


def in_process(world, online=False):
    return a_dossier(world, channel="online" if online else "counter").in_process().build()


def owing(world, extra: int, online=False):
    """In state `financial`: the handling unit asked for `extra` đồng on top of the 8.000 đ fee."""
    builder = a_dossier(world, channel="online" if online else "counter")
    return builder.payment_requested(extra, note="Phí xác minh").build()
