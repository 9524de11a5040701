"""/healthz answers without the database; /readyz reports the database, the worker's heartbeat and the backlogs."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from motcua.core.models import WorkerHeartbeat
from motcua.notifications.services import notify
from tests.outage import unreachable_database

pytestmark = pytest.mark.django_db

BEAT = datetime(2026, 3, 10, 9, 30, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


def ready(client, at):
    with time_machine.travel(at, tick=False):
        return client.get("/readyz")


def test_ready_with_a_fresh_heartbeat_and_the_backlogs_counted(client):
    WorkerHeartbeat.objects.create(host="app-1", pid=4242, started_at=BEAT - timedelta(hours=1), beat_at=BEAT)
    notify(email="an@example.vn", subject="s", body="b")
    response = ready(client, BEAT + timedelta(seconds=119))
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    body = response.json()
    assert body["ready"] is True and body["database"] == "ok"
    assert body["worker"] == {
        "fresh": True,
        "last_beat_at": BEAT.isoformat(),
        "age_seconds": 119,
        "stale_after_seconds": 120,
    }
    assert body["backlog"]["notifications"] == {"pending": 1, "failed": 0}
    assert body["backlog"]["portal"] == {"pending": 0, "dead": 0}
    assert "app-1" not in response.content.decode()  # which machines run workers is not for the public


def test_a_stale_heartbeat_is_not_ready(client, settings):
    WorkerHeartbeat.objects.create(host="app-1", pid=4242, started_at=BEAT, beat_at=BEAT)
    WorkerHeartbeat.objects.create(host="app-2", pid=7, started_at=BEAT, beat_at=BEAT - timedelta(hours=2))
    response = ready(client, BEAT + timedelta(seconds=121))
    assert response.status_code == 503
    body = response.json()
    assert body["ready"] is False and body["database"] == "ok"
    assert body["worker"]["fresh"] is False and body["worker"]["age_seconds"] == 121
    settings.MOTCUA_WORKER = {"STALE_SECONDS": 300}
    assert ready(client, BEAT + timedelta(seconds=121)).status_code == 200


def test_no_worker_ever_is_not_ready(client):
    response = ready(client, BEAT)
    assert response.status_code == 503
    assert response.json()["worker"] == {
        "fresh": False,
        "last_beat_at": None,
        "age_seconds": None,
        "stale_after_seconds": 120,
    }


def test_during_an_outage_readyz_says_so_and_healthz_still_answers(client, tmp_path):
    with unreachable_database(tmp_path):
        readiness = client.get("/readyz")
        health = client.get("/healthz")
    assert readiness.status_code == 503
    assert readiness.json() == {"ready": False, "database": "unavailable", "worker": None, "backlog": None}
    assert health.status_code == 200 and health.json() == {"status": "ok"}
