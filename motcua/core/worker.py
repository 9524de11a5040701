"""The background worker's loop: run each job every few seconds, ride out database outages, write a heartbeat.

A round runs the jobs in turn. A job that fails is logged and the next jobs still run, unless the database
cannot be reached: then the round stops there (the next jobs would fail the same way). After a failed round the
thread's connections are closed, so that a broken connection is never used again, and the next round waits
longer after every failed round in a row (`retry_delay`: exponential, capped, with jitter). The first round
that succeeds again logs the recovery. After each job the worker writes its heartbeat (`WorkerHeartbeat`) with
the last error it met; an error met while the database was away is written once it is back.

A failure mid-round loses nothing and sends nothing twice: every job commits its work in small transactions,
leaves what it did not finish to the next round, and keeps what it could not record (see the outboxes).
"""

import logging
import os
import random
import socket
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import connections
from django.utils import timezone

from .health import database_unavailable
from .models import WorkerHeartbeat

log = logging.getLogger("motcua.worker")

HEARTBEAT_KEEP = timedelta(days=7)  # rows of workers gone for longer are removed when a worker starts beating
_MAX_EXPONENT = 30


@dataclass(frozen=True)
class Job:
    name: str
    run: Callable[[], str]  # one pass; returns what it did, "" when there was nothing to do


def retry_delay(failures: int, *, base: float, cap: float, rng: random.Random | None = None) -> float:
    """Seconds to wait after the n-th failed round in a row: base × 2^(n−1), at most `cap`, then a random
    50–100 % of that, so that workers that failed together do not all come back at the same moment."""
    delay = min(cap, base * 2 ** min(max(failures - 1, 0), _MAX_EXPONENT))
    return delay * (rng or random).uniform(0.5, 1.0)  # noqa: S311 - jitter, not a secret


def _close_old_connections() -> None:
    """Django's close_old_connections, sparing a connection inside a transaction (a caller's, e.g. a test's)."""
    for conn in connections.all(initialized_only=True):
        if conn.in_atomic_block:
            continue
        try:
            conn.close_if_unusable_or_obsolete()  # a long-running process must not keep an old or broken one
        except Exception:  # noqa: BLE001 - best effort; the jobs will find out
            _close_connections()


def _close_connections() -> None:
    """Drop this thread's connections; the next query opens a fresh one."""
    for conn in connections.all(initialized_only=True):
        try:
            conn.close()
        except Exception:  # noqa: BLE001 - a broken connection may fail to close; it is dropped all the same
            log.debug("Closing the %s connection failed", conn.alias, exc_info=True)


class Worker:
    """Runs `jobs` every `interval` seconds until `stop` is set. Safe to run in any number of processes."""

    def __init__(
        self,
        jobs: Iterable[Job],
        *,
        interval: float = 5.0,
        backoff_base: float = 1.0,
        backoff_cap: float = 60.0,
    ):
        self.jobs = tuple(jobs)
        self.interval = interval
        self.backoff_base = backoff_base
        self.backoff_cap = backoff_cap
        self.stop = threading.Event()
        self.host = socket.gethostname()[:255]
        self.pid = os.getpid()
        self.started_at = timezone.now()
        self.failures = 0  # failed rounds in a row
        self.failing_since: datetime | None = None
        self.last_error = ""
        self.last_error_at: datetime | None = None
        self.done: list[str] = []  # what the last round did, job by job
        self._heartbeat_pk: int | None = None

    def run(self, *, once: bool = False) -> bool:
        """Run rounds until stopped (or one round); returns whether the last round succeeded."""
        log.info("Worker started on %s (pid %s)", self.host, self.pid)
        while True:
            ok = self.run_round()
            if once or self.stop.is_set():
                break
            wait = self.interval
            if not ok:
                wait = retry_delay(self.failures, base=self.backoff_base, cap=self.backoff_cap)
                log.warning("Round failed (%d in a row); next try in %.1f s", self.failures, wait)
            if self.stop.wait(wait):
                break
        log.info("Worker stopped")
        return ok

    def run_round(self) -> bool:
        self.done = []
        failed = False
        _close_old_connections()
        for job in self.jobs:
            if self.stop.is_set():
                break
            try:
                if done := job.run():
                    self.done.append(done)
                    log.info("%s: %s", job.name, done)
            except Exception as error:  # noqa: BLE001 - a worker that dies stops every job; it logs and retries
                failed = True
                if self._failed(job.name, error):
                    break
            try:
                self._beat()
            except Exception as error:  # noqa: BLE001 - as above
                failed = True
                if self._failed("heartbeat", error):
                    break
        if failed:
            self.failures += 1
            self.failing_since = self.failing_since or timezone.now()
            _close_connections()
        elif self.failures:
            log.info(
                "Recovered after %d failed rounds in %.0f s",
                self.failures,
                (timezone.now() - self.failing_since).total_seconds(),
            )
            self.failures, self.failing_since = 0, None
        return not failed

    def _failed(self, name: str, error: Exception) -> bool:
        """Log and remember the failure; returns whether the database is unreachable."""
        self.last_error = f"{name}: {type(error).__name__}: {error}"[:2000]
        self.last_error_at = timezone.now()
        if database_unavailable(error):
            log.warning("%s: database unavailable: %s", name, error)
            return True
        log.error("%s failed", name, exc_info=error)
        return False

    def _beat(self) -> None:
        now = timezone.now()
        fields = {"beat_at": now, "last_error": self.last_error, "last_error_at": self.last_error_at}
        if self._heartbeat_pk and WorkerHeartbeat.objects.filter(pk=self._heartbeat_pk).update(**fields):
            return
        WorkerHeartbeat.objects.filter(beat_at__lt=now - HEARTBEAT_KEEP).delete()
        beat = WorkerHeartbeat.objects.create(host=self.host, pid=self.pid, started_at=self.started_at, **fields)
        self._heartbeat_pk = beat.pk
