"""Load-testing harness: a production server (gunicorn), HTTP throughput and latency, reference points.

The measurements: wrk for throughput under concurrency, sequential timed page views over one client
connection, and PostgreSQL's own pgbench as the reference for what the database alone can do here.
"""

import glob
import http.client
import json
import math
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

BASE_DIR = Path(__file__).resolve().parent.parent
WRK_SCRIPT = Path(__file__).resolve().with_name("wrk_report.lua")
BARE_PATH = "/bench/bare/"
READY_TIMEOUT = 30
STOP_TIMEOUT = 10


class LoadError(RuntimeError):
    """A tool is missing, the server did not start, or a measured request failed."""


# --- statistics --------------------------------------------------------------------------------------


def percentiles(samples_seconds: list[float]) -> dict:
    """p50/p95/p99/max in milliseconds, by nearest rank: every value reported is one actually observed."""
    if not samples_seconds:
        raise ValueError("no samples")
    ordered = sorted(samples_seconds)

    def rank(p: int) -> float:
        return ordered[max(1, math.ceil(p / 100 * len(ordered))) - 1] * 1000

    return {"p50_ms": rank(50), "p95_ms": rank(95), "p99_ms": rank(99), "max_ms": ordered[-1] * 1000}


def summary(samples_seconds: list[float], *, elapsed_seconds: float) -> dict:
    """Percentiles plus how many operations there were and how many per second of wall time."""
    return {
        "count": len(samples_seconds),
        "per_second": len(samples_seconds) / elapsed_seconds if elapsed_seconds > 0 else 0.0,
        **percentiles(samples_seconds),
    }


# --- the server --------------------------------------------------------------------------------------


@dataclass
class Server:
    url: str
    process: subprocess.Popen

    def worker_pids(self) -> list[int]:
        """The gunicorn master's children: its workers."""
        return _children(self.process.pid)


def find_gunicorn() -> str | None:
    """The gunicorn beside this Python (the project's venv) first, else the one on PATH."""
    sibling = Path(sys.executable).with_name("gunicorn")
    return str(sibling) if sibling.is_file() else shutil.which("gunicorn")


@contextmanager
def serve(*, database_url: str, workers: int, port: int = 0, settings: str = "bench.settings") -> Iterator[Server]:
    """Run gunicorn (sync workers, as deployed) on 127.0.0.1 until the block ends.

    Yields once every worker has answered the bare endpoint, so that no measurement includes a worker's boot.
    """
    gunicorn = find_gunicorn()
    if gunicorn is None:
        raise LoadError("gunicorn is not installed: pip install gunicorn (it is a project dependency)")
    port = port or _free_port()
    command = [gunicorn, "config.wsgi:application", "--workers", str(workers), "--worker-class", "sync"]
    command += ["--bind", f"127.0.0.1:{port}", *_control_socket_options(gunicorn)]
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(  # noqa: S603 - a fixed command line, no shell
            command,
            cwd=BASE_DIR,
            env=_server_env(database_url, settings),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # one process group, so that a stuck server is killed whole
        )
        server = Server(url=f"http://127.0.0.1:{port}", process=process)
        try:
            _wait_until_ready(server, workers, log)
            yield server
        finally:
            _stop(process)


def _server_env(database_url: str, settings: str) -> dict:
    # MOTCUA_DATABASE_URL wins over a DATABASE_URL the caller may have. Without a key in the environment every
    # worker would read (or race to create) the key file under var/ at import; passing the caller's own key
    # keeps sessions made by the caller valid on the server.
    from config.settings import SECRET_KEY

    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": settings,
        "MOTCUA_DATABASE_URL": database_url,
        "MOTCUA_SECRET_KEY": SECRET_KEY,
    }


@cache
def _control_socket_options(gunicorn: str) -> list[str]:
    """Newer gunicorns open a control socket at a fixed path shared by every server of the user; not ours."""
    result = subprocess.run([gunicorn, "--help"], capture_output=True, text=True, check=False)  # noqa: S603
    return ["--no-control-socket"] if "--no-control-socket" in result.stdout else []


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_until_ready(server: Server, workers: int, log) -> None:
    deadline = time.monotonic() + READY_TIMEOUT
    answered: set[int] = set()
    while len(answered) < workers:
        if (code := server.process.poll()) is not None:
            raise LoadError(f"gunicorn exited with status {code}:\n{_tail(log)}")
        if time.monotonic() > deadline:
            raise LoadError(
                f"gunicorn: {len(answered)} of {workers} workers answered {BARE_PATH} "
                f"within {READY_TIMEOUT} s:\n{_tail(log)}"
            )
        answered |= _answering_pids(server.url, concurrency=2 * workers)
        time.sleep(0.05)


def _answering_pids(url: str, *, concurrency: int) -> set[int]:
    """Concurrent requests reach whichever workers are accepting; their pids say which ones are up."""
    with ThreadPoolExecutor(concurrency) as pool:
        return {pid for pid in pool.map(lambda _: _bare_pid(url), range(concurrency)) if pid}


def _bare_pid(url: str) -> int | None:
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=1)
    try:
        connection.request("GET", BARE_PATH)
        response = connection.getresponse()
        return json.loads(response.read())["pid"] if response.status == 200 else None
    except (OSError, http.client.HTTPException, ValueError, KeyError):
        return None
    finally:
        connection.close()


def _tail(log, size: int = 4000) -> str:
    """The end of gunicorn's output, read without moving the offset gunicorn writes at."""
    length = os.fstat(log.fileno()).st_size
    return os.pread(log.fileno(), size, max(0, length - size)).decode(errors="replace")


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def _children(pid: int) -> list[int]:
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:  # the process ended while we looked
            continue
        # The command name, in parentheses, may hold spaces: the fields that follow are state, ppid, ...
        if int(text[text.rindex(")") + 1 :].split()[1]) == pid:
            children.append(int(stat.parent.name))
    return sorted(children)


def rss_mb(pids) -> dict:
    """Resident memory of the given processes (gunicorn workers), from /proc/<pid>/status."""
    sizes = [size for pid in pids if (size := _vm_rss_mb(pid)) is not None]
    if not sizes:
        raise LoadError(f"none of the processes {list(pids)} is running")
    return {"max_mb": max(sizes), "mean_mb": sum(sizes) / len(sizes), "workers": len(sizes)}


def _vm_rss_mb(pid: int) -> float | None:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    match = re.search(r"^VmRSS:\s+(\d+) kB", status, re.MULTILINE)
    return int(match.group(1)) / 1024 if match else None


# --- HTTP measurements -------------------------------------------------------------------------------


def find_wrk() -> str | None:
    return shutil.which("wrk")


def wrk(
    url: str,
    *,
    seconds: int = 10,
    connections: int = 16,
    threads: int = 2,
    headers: dict | None = None,
    timeout_seconds: int = 10,
) -> dict:
    """Throughput and latency under concurrent load; requests slower than timeout_seconds count as errors."""
    binary = find_wrk()
    if binary is None:
        raise LoadError("wrk is not installed: apt-get install wrk")
    command = [binary, "--threads", str(threads), "--connections", str(connections), "--duration", f"{seconds}s"]
    command += ["--timeout", f"{timeout_seconds}s", "--script", str(WRK_SCRIPT)]
    for name, value in (headers or {}).items():
        command += ["--header", f"{name}: {value}"]
    result = subprocess.run([*command, url], capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise LoadError(f"wrk failed with status {result.returncode}:\n{result.stderr}{result.stdout}")
    return parse_wrk(result.stdout)


def parse_wrk(stdout: str) -> dict:
    """The JSON line wrk_report.lua prints at the end of wrk's own output."""
    lines = [line for line in stdout.splitlines() if line.startswith("{")]
    if not lines:
        raise LoadError(f"no report line in wrk's output:\n{stdout}")
    report = json.loads(lines[-1])
    keys = ("rps", "p50_ms", "p95_ms", "p99_ms", "requests", "errors", "non_2xx")
    return {key: report[key] for key in keys}


def timed_requests(urls: list[str], *, cookies: dict | None = None, repeat: int = 1) -> dict:
    """Page views one after another from one client, as a logged-in user clicks through; every one must be 200.

    The client keeps its connection open; gunicorn's sync workers close it after each answer, and
    http.client then reconnects, so each timing includes a loopback connect, as a real browser's would.
    """
    targets = [urlsplit(url) for url in urls]
    origins = {(target.scheme, target.hostname, target.port) for target in targets}
    if len(origins) != 1 or next(iter(origins))[0] != "http":
        raise ValueError(f"expected http URLs of one server, got {sorted(map(str, origins))}")
    _, host, port = origins.pop()
    headers = _with_cookies({}, cookies)
    connection = http.client.HTTPConnection(host, port, timeout=60)
    samples = []
    started = time.perf_counter()
    try:
        for _ in range(repeat):
            for url, target in zip(urls, targets, strict=True):
                samples.append(_timed_get(connection, url, _path(target), headers))
    finally:
        connection.close()
    return _per_request(samples, started)


def timed_posts(
    url: str, bodies: list[str], *, cookies: dict | None = None, headers: dict | None = None, expect: int = 201
) -> dict:
    """One POST per body, one after another (as an integrator submits); every answer must be `expect`."""
    target = urlsplit(url)
    sent = _with_cookies(dict(headers or {}), cookies)
    connection = http.client.HTTPConnection(target.hostname, target.port, timeout=60)
    samples = []
    started = time.perf_counter()
    try:
        for body in bodies:
            began = time.perf_counter()
            connection.request("POST", _path(target), body=body.encode(), headers=sent)
            response = connection.getresponse()
            answer = response.read()
            samples.append(time.perf_counter() - began)
            if response.status != expect:
                raise LoadError(f"POST {url} answered {response.status}, expected {expect}: {answer[:300]!r}")
    finally:
        connection.close()
    return _per_request(samples, started)


def _with_cookies(headers: dict, cookies: dict | None) -> dict:
    if cookies:
        headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in cookies.items())
    return headers


def _per_request(samples: list[float], started: float) -> dict:
    """The summary of sequential requests, their throughput named as wrk names it."""
    result = summary(samples, elapsed_seconds=time.perf_counter() - started)
    result["rps"] = result.pop("per_second")
    return result


def _path(target) -> str:
    return (target.path or "/") + (f"?{target.query}" if target.query else "")


def _timed_get(connection: http.client.HTTPConnection, url: str, path: str, headers: dict) -> float:
    started = time.perf_counter()
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    response.read()
    elapsed = time.perf_counter() - started
    if response.status != 200:
        raise LoadError(f"GET {url} answered {response.status} {response.reason}, expected 200")
    return elapsed


# --- the database reference point --------------------------------------------------------------------


def find_pgbench() -> str | None:
    """pgbench on PATH (Debian's wrapper), else the newest one in a versioned PostgreSQL directory."""
    versioned = sorted(glob.glob("/usr/lib/postgresql/*/bin/pgbench"), key=_major_version)
    return shutil.which("pgbench") or (versioned[-1] if versioned else None)


def _major_version(path: str) -> int:
    match = re.search(r"/postgresql/(\d+)/", path)
    return int(match.group(1)) if match else 0


def pgbench(
    *,
    host: str = "127.0.0.1",
    port: int = 5432,
    user: str = "postgres",
    scale: int = 10,
    clients: int = 2,
    seconds: int = 10,
) -> dict:
    """PostgreSQL's own TPC-B-like load on a throwaway database: what the database alone does on this machine."""
    binary = find_pgbench()
    if binary is None:
        raise LoadError(
            "pgbench is not installed: apt-get install postgresql-contrib (Debian ships it with the server)"
        )
    import psycopg
    from psycopg import sql

    name = f"motcua_pgbench_{os.getpid()}"
    connect = ["--host", host, "--port", str(port), "--username", user]
    with psycopg.connect(host=host, port=port, user=user, dbname="postgres", autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        try:
            _run_pgbench([binary, *connect, "--initialize", "--scale", str(scale), "--quiet", name])
            output = _run_pgbench(
                [binary, *connect, "--client", str(clients), "--jobs", str(clients), "--time", str(seconds), name]
            )
        finally:
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
    return {**parse_pgbench(output), "clients": clients, "scale": scale, "seconds": seconds}


def _run_pgbench(command: list[str]) -> str:
    result = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise LoadError(f"{' '.join(command)} failed with status {result.returncode}:\n{result.stderr[-4000:]}")
    return result.stdout


def parse_pgbench(stdout: str) -> dict:
    """tps without connection set-up (worded differently before and since PostgreSQL 14) and mean latency."""
    tps = re.search(
        r"^tps = ([\d.]+) \((?:without initial connection time|excluding connections establishing)\)",
        stdout,
        re.MULTILINE,
    )
    latency = re.search(r"^latency average = ([\d.]+) ms", stdout, re.MULTILINE)
    if not (tps and latency):
        raise LoadError(f"no tps or latency in pgbench's output:\n{stdout}")
    return {"tps": float(tps.group(1)), "latency_ms": float(latency.group(1))}
