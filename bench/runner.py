"""`motcua bench`: prepare a database of N dossiers, measure, compare with reference points, write JSON.

Runs inside a process whose Django database is the benchmark's own (the command starts it so). Every figure is
printed as it is measured and written, with the machine's facts, to one JSON file."""

import json
import os
import platform
import random
import secrets
import time
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlencode

from django.conf import settings
from django.core.management import call_command
from django.db import connection, connections
from django.test import Client
from django.utils import timezone

from motcua.accounts.models import User
from motcua.catalog.models import Channel, Procedure
from motcua.catalog.services import catalog_seed
from motcua.core.actors import SYSTEM
from motcua.core.working_time import calendar_for
from motcua.demo.history import form_answer, person
from motcua.dossiers import services
from motcua.dossiers.models import Dossier
from motcua.dossiers.states import State
from motcua.org.demo import load_demo
from motcua.org.models import Counter, Unit, UnitKind
from motcua.org.selectors import province_centre

from . import load
from .generate import PROVINCE, generate

# Targets on a 2-core machine with 1M dossiers (docs/performance.md).
TARGETS = {
    "intake_service_parallel": ("per_second", ">=", 300),
    "lookup_http": ("rps", ">=", 1500),
    "lookup_http_p99": ("p99_ms", "<=", 25),
    "worklist_page": ("p95_ms", "<=", 50),
    "dossier_page": ("p95_ms", "<=", 50),
    "dashboard_year": ("p95_ms", "<=", 200),
    "overdue_sweep": ("seconds", "<=", 5),
}


class Report:
    def __init__(self, say):
        self.say = say
        self.results: dict = {}

    def add(self, name: str, figures: dict) -> dict:
        figures = {k: round(v, 3) if isinstance(v, float) else v for k, v in figures.items()}
        self.results[name] = figures
        shown = ", ".join(f"{k} {v}" for k, v in figures.items() if not isinstance(v, dict | list))
        self.say(f"  {name}: {shown}")
        return figures


def machine() -> dict:
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()" if connection.vendor == "postgresql" else "SELECT sqlite_version()")
        database = cursor.fetchone()[0]
    memory = ""
    if Path("/proc/meminfo").exists():
        memory = Path("/proc/meminfo").read_text().splitlines()[0].split(":")[1].strip()
    cpu = ""
    if Path("/proc/cpuinfo").exists():
        cpu = next((line.split(":")[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                    if line.startswith("model name")), "")  # fmt: skip
    return {
        "cores": os.cpu_count(),
        "cpu": cpu,
        "memory": memory,
        "python": platform.python_version(),
        "database": database,
        "vendor": connection.vendor,
    }


# -- preparing -----------------------------------------------------------------------------------------------
def migrate() -> None:
    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)  # the server runs as in production


def prepare(dossiers: int, say) -> dict:
    started = time.monotonic()
    migrate()
    load_demo()
    catalog_seed()
    say(f"Reference data ready in {time.monotonic() - started:.1f} s; generating {dossiers:,} dossiers…")
    started = time.monotonic()
    summary = generate(dossiers, progress=lambda n: say(f"  {n:,} dossiers ({time.monotonic() - started:.0f} s)"))
    summary["seconds"] = round(time.monotonic() - started, 1)
    summary["dossiers_per_second"] = round(dossiers / summary["seconds"]) if summary["seconds"] else None
    return summary


# -- service-level measurements ------------------------------------------------------------------------------
def intake_service(count: int, *, seed: int = 7) -> dict:
    """Counter intake as the officer does it: file the dossier with its documents, then receive it."""
    rng = random.Random(seed)  # noqa: S311 - benchmark input
    branch = _branch_1()
    officer = User.objects.get(username="officer")
    counter = Counter.objects.filter(unit=branch).first()
    procedures = list(Procedure.objects.filter(code__in=["1.001193", "2.000884", "1.004227", "2.000908"]))
    communes = list(branch.province.communes.all()[:60])
    samples = []
    started = time.perf_counter()
    for _ in range(count):
        procedure = rng.choice(procedures)
        version = procedure.versions.order_by("-effective_from").first()
        began = time.perf_counter()
        dossier = services.dossier_create(
            actor=officer,
            procedure=procedure,
            channel=Channel.COUNTER,
            receiving_unit=branch,
            counter=counter,
            commune=rng.choice(communes),
            applicant=person(rng),
            documents=[services.PresentedDocument(d.pk, 1, 0) for d in version.documents.filter(mandatory=True)],
        )
        services.dossier_receive(actor=officer, dossier=dossier)
        samples.append(time.perf_counter() - began)
    return load.summary(samples, elapsed_seconds=time.perf_counter() - started)


def intake_parallel(count: int, processes: int) -> dict:
    """The same intake from `processes` processes at once (officers at several counters), one per core."""
    import multiprocessing

    connections.close_all()  # each child opens its own connection
    context = multiprocessing.get_context("fork")
    began = time.perf_counter()
    with context.Pool(processes) as pool:
        parts = pool.map(_intake_child, [count // processes] * processes)
    elapsed = time.perf_counter() - began
    done = sum(part["count"] for part in parts)
    return {"processes": processes, "count": done, "per_second": done / elapsed,
            "p95_ms": max(part["p95_ms"] for part in parts)}  # fmt: skip


def _intake_child(count: int) -> dict:
    try:
        return intake_service(count, seed=os.getpid())
    finally:
        connections.close_all()


def deadlines(seconds: float = 2.0) -> dict:
    calendar = calendar_for()
    start = timezone.now()
    count, began = 0, time.perf_counter()
    while time.perf_counter() - began < seconds:
        for offset in range(100):
            calendar.add_working_days(start + timedelta(hours=offset), 15)
        count += 100
    elapsed = time.perf_counter() - began
    return {"per_second": round(count / elapsed), "count": count}


def overdue_sweep() -> dict:
    """The worker's sweep over every open dossier: as it runs every few minutes (only what fell due since the last
    run to flag), then after a long stop with every overdue dossier still to flag (the catch-up)."""
    running = Dossier.objects.filter(state__in=[State.RECEIVED, State.IN_PROCESS, State.FINANCIAL, State.APPROVED])
    services.dossiers_flag_overdue(actor=SYSTEM)  # the steady state: everything already due is flagged
    began = time.perf_counter()
    services.dossiers_flag_overdue(actor=SYSTEM)
    steady = time.perf_counter() - began
    Dossier.objects.filter(is_overdue=True).update(is_overdue=False)
    began = time.perf_counter()
    flagged = services.dossiers_flag_overdue(actor=SYSTEM, batch=10**9)
    catch_up = time.perf_counter() - began
    return {
        "seconds": round(steady, 3),
        "open": running.count(),
        "catch_up_seconds": round(catch_up, 2),
        "catch_up_flagged": flagged,
        "flags_per_second": round(flagged / catch_up, 1) if catch_up else None,
    }


# -- HTTP measurements ---------------------------------------------------------------------------------------
def session_cookie(username: str) -> dict:
    client = Client()
    client.force_login(User.objects.get(username=username))
    return {settings.SESSION_COOKIE_NAME: client.cookies[settings.SESSION_COOKIE_NAME].value}


def sample_codes(n: int, **where) -> list[str]:
    ids = list(Dossier.objects.filter(**where).order_by("-pk").values_list("code", flat=True)[: n * 20])
    return random.Random(3).sample(ids, min(n, len(ids)))  # noqa: S311


def intake_http(url: str, count: int) -> dict:
    """Online filing through the API as a citizen: one POST per dossier, session and CSRF as a browser sends them."""
    rng = random.Random(11)  # noqa: S311
    procedure = Procedure.objects.get(code="1.001193")
    version = procedure.versions.order_by("-effective_from").first()
    communes = list(province_centre(PROVINCE).province.communes.values_list("code", flat=True)[:60])
    token = secrets.token_hex(16)  # an unmasked CSRF secret: cookie and header must match
    cookies = session_cookie("citizen") | {settings.CSRF_COOKIE_NAME: token}
    bodies = []
    for _ in range(count):
        applicant = person(rng)
        body = {
            "procedure_code": procedure.code,
            "commune_code": rng.choice(communes),
            "applicant": applicant,
            "form_data": form_answer(version.eform, rng, applicant),
        }
        bodies.append(json.dumps(body, ensure_ascii=False))
    return load.timed_posts(
        f"{url}/api/v1/dossiers",
        bodies,
        cookies=cookies,
        headers={"X-CSRFToken": token, "Content-Type": "application/json", "Referer": url},
        expect=201,
    )


def _branch_1() -> Unit:
    """The branch whose officer (the demo's `officer`) files the counter intakes and reads the worklist."""
    return Unit.objects.filter(kind=UnitKind.BRANCH).order_by("code").first()


def http_measurements(report: Report, *, database_url: str, seconds: int, say) -> None:
    workers = os.cpu_count() or 1
    codes = sample_codes(200, receiving_unit=_branch_1())
    lookup_code = codes[0]
    today = timezone.localdate()
    year = {"from": today.replace(month=1, day=1).isoformat(), "to": today.isoformat()}
    officer, director = session_cookie("officer"), session_cookie("director")
    say(f"Serving with gunicorn, {workers} worker(s)…")
    with load.serve(database_url=database_url, workers=workers) as server:
        url = server.url
        load.timed_requests([f"{url}/bench/bare/"] * 50)  # warm the workers
        report.add("bare_django_json", load.wrk(f"{url}/bench/bare/", seconds=seconds))
        report.add("lookup_http", load.wrk(f"{url}/api/v1/lookup/{lookup_code}", seconds=seconds))
        report.add("worklist_page", load.timed_requests([f"{url}/workspace/"] * 200, cookies=officer))
        pages = [f"{url}/workspace/dossiers/{code}/" for code in codes]
        report.add("dossier_page", load.timed_requests(pages, cookies=officer))
        dashboard = f"{url}/reports/dashboard/?{urlencode(year)}"
        report.add("dashboard_year", load.timed_requests([dashboard] * 20, cookies=director))
        indicators = f"{url}/reports/indicators/?{urlencode(year)}"
        report.add("indicators_year", load.timed_requests([indicators] * 20, cookies=director))
        report.add("intake_http", intake_http(url, 300))
        report.add("web_worker_rss", load.rss_mb(server.worker_pids()))


# -- the run -------------------------------------------------------------------------------------------------
def verdicts(results: dict) -> dict:
    out = {}
    for name, (metric, op, target) in TARGETS.items():
        source = results.get(name.removesuffix("_p99"))
        if not source or source.get(metric) is None:
            continue
        value = source[metric]
        out[name] = {"metric": metric, "value": value, "target": f"{op} {target}",
                     "met": value >= target if op == ">=" else value <= target}  # fmt: skip
    return out


def ratios(results: dict) -> dict:
    """Figures relative to the reference points measured in the same run (absolute numbers vary by machine)."""
    out = {}
    bare, pgbench = results.get("bare_django_json"), results.get("pgbench_tpcb")
    if bare and results.get("lookup_http"):
        out["lookup_rps_per_bare_django_rps"] = round(results["lookup_http"]["rps"] / bare["rps"], 3)
    if pgbench and results.get("intake_service_parallel"):
        out["intake_per_pgbench_tps"] = round(results["intake_service_parallel"]["per_second"] / pgbench["tps"], 4)
    if pgbench and results.get("intake_http"):
        out["intake_http_per_pgbench_tps"] = round(results["intake_http"]["rps"] / pgbench["tps"], 4)
    if bare:
        for page in ("worklist_page", "dossier_page", "dashboard_year", "indicators_year"):
            if results.get(page):
                out[f"{page}_p50_per_bare_p50"] = round(results[page]["p50_ms"] / max(bare["p50_ms"], 0.01), 1)
    return out


def run(*, dossiers: int, database_url: str, out: Path, seconds: int, reuse: bool, say) -> dict:
    report = Report(say)
    if reuse:
        migrate()
        dataset = {"dossiers": Dossier.objects.count(), "reused": True}
    else:
        dataset = prepare(dossiers, say)
    say("Measuring…")
    report.add("deadline_computations", deadlines())
    report.add("overdue_sweep", overdue_sweep())
    report.add("intake_service", intake_service(1000))
    # SQLite takes one writer at a time: parallel intake there would measure lock waits (and time out).
    writers = (os.cpu_count() or 1) if connection.vendor == "postgresql" else 1
    report.add("intake_service_parallel", intake_parallel(2000, writers))
    if connection.vendor == "postgresql":
        report.add("pgbench_tpcb", load.pgbench(seconds=seconds))
    http_measurements(report, database_url=database_url, seconds=seconds, say=say)
    result = {
        "at": timezone.now().isoformat(),
        "machine": machine(),
        "dataset": dataset,
        "results": report.results,
        "ratios": ratios(report.results),
        "targets": verdicts(report.results),
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    for name, verdict in result["targets"].items():
        say(f"  {'met   ' if verdict['met'] else 'MISSED'} {name}: {verdict['value']} (target {verdict['target']})")
    say(f"Written to {out}")
    return result
