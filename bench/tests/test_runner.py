"""The benchmark's measurements run and report what they claim, on a small generated year."""

import json
import os
import shutil
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine

from bench import runner
from bench.generate import generate
from motcua.catalog.services import catalog_seed
from motcua.dossiers.models import Dossier
from motcua.org.demo import load_demo

pytestmark = pytest.mark.django_db


# The generated year ends "now": a fixed Wednesday morning, so what is open and overdue is the same at any hour.
NOW = datetime(2026, 11, 25, 10, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


@pytest.fixture
def year():
    with time_machine.travel(NOW, tick=False):
        load_demo()
        catalog_seed()
        generate(300, days=60)
        yield


def test_service_level_measurements(year):
    before = Dossier.objects.count()
    intake = runner.intake_service(5)
    assert intake["count"] == 5 and intake["per_second"] > 0 and intake["p50_ms"] <= intake["max_ms"]
    assert Dossier.objects.count() == before + 5
    # Whether a small random year holds an overdue dossier is chance: make three of the running ones overdue.
    running = Dossier.objects.filter(state__in=["received", "in_process"], clock_paused_at=None)
    late = list(running.values_list("pk", flat=True)[:3])
    Dossier.objects.filter(pk__in=late).update(due_at=NOW - timedelta(days=1))
    sweep = runner.overdue_sweep()
    assert sweep["open"] > 0 and sweep["catch_up_flagged"] == Dossier.objects.filter(is_overdue=True).count() >= 3
    assert runner.deadlines(0.05)["per_second"] > 0


def test_verdicts_and_ratios():
    results = {
        "intake_service_parallel": {"per_second": 320.0},
        "lookup_http": {"rps": 1000.0, "p99_ms": 30.0},
        "bare_django_json": {"rps": 4000.0, "p50_ms": 2.0},
        "worklist_page": {"p50_ms": 10.0, "p95_ms": 20.0},
        "pgbench_tpcb": {"tps": 3200.0},
    }
    verdicts = runner.verdicts(results)
    assert verdicts["intake_service_parallel"]["met"] and not verdicts["lookup_http"]["met"]
    assert not verdicts["lookup_http_p99"]["met"] and verdicts["worklist_page"]["met"]
    assert "dossier_page" not in verdicts  # not measured, not judged
    ratios = runner.ratios(results)
    assert ratios["lookup_rps_per_bare_django_rps"] == 0.25 and ratios["intake_per_pgbench_tps"] == 0.1
    assert ratios["worklist_page_p50_per_bare_p50"] == 5.0


@pytest.mark.skipif(not shutil.which("wrk"), reason="wrk is installed by `make bench`")
def test_the_whole_run_on_the_small_sqlite_profile(tmp_path):
    out = tmp_path / "result.json"
    env = {**os.environ, "MOTCUA_VAR_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "config.settings"}
    env.pop("DATABASE_URL", None)
    env.pop("MOTCUA_DATABASE_URL", None)
    command = [sys.executable, "-m", "motcua.cli", "bench", "--sqlite", "--database", "bench_test",
               "--dossiers", "300", "--seconds", "1", "--out", str(out)]  # fmt: skip
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600, check=False)  # noqa: S603
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    result = json.loads(Path(out).read_text())
    assert result["dataset"]["dossiers"] == 300 and result["machine"]["vendor"] == "sqlite"
    for name in ("lookup_http", "bare_django_json", "worklist_page", "dossier_page", "dashboard_year", "intake_http"):
        assert result["results"][name]["p50_ms"] > 0, name
    assert result["results"]["lookup_http"]["non_2xx"] == 0 and "web_worker_rss" in result["results"]
    assert set(result["targets"]) >= {"lookup_http", "worklist_page", "overdue_sweep"}
