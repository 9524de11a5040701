import pytest

from .receiver import Portal, PortalServer


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def portal(settings):
    """A real HTTP receiver on loopback; MOTCUA_PORTAL points at it with a short timeout."""
    state = Portal(hang_seconds=0.8)
    server = PortalServer(state).start()
    settings.MOTCUA_PORTAL = {"URL": server.url, "TOKEN": "portal-token", "TIMEOUT": 0.5, "MAX_ATTEMPTS": 10}
    yield state
    server.stop()
