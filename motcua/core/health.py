"""What the health checks need: telling an unreachable database from a bug, the outboxes' backlogs, readiness.

Apps with an outbox register a backlog counter in `AppConfig.ready()` (`register_backlog`); core reads them
without importing those apps.
"""

import logging
from collections.abc import Callable
from datetime import datetime

from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.db.models import Max
from django.utils import timezone

from .conf import worker_settings
from .models import WorkerHeartbeat

log = logging.getLogger(__name__)

# SQLite primary result codes that mean the file cannot be used at all (not a wrong query, not a busy lock).
_SQLITE_UNREACHABLE = {10, 14}  # SQLITE_IOERR, SQLITE_CANTOPEN
# PostgreSQL SQLSTATEs of a server going away or refusing us; class 08 (connection exception) counts too.
_PG_UNREACHABLE = {"57P01", "57P02", "57P03", "53300"}  # admin/crash shutdown, cannot connect now, too many


def database_unavailable(error: BaseException) -> bool:
    """Whether `error` says the database cannot be reached: down, restarting, refusing connections, the
    connection lost or refused. A wrong query, a cancelled statement, a deadlock or a busy lock is not an
    outage: it must surface as the error it is."""
    if not isinstance(error, OperationalError | InterfaceError):
        return False
    cause = error.__cause__  # Django re-raises the driver's exception `from` it
    if cause is None:
        return False
    if (code := getattr(cause, "sqlite_errorcode", None)) is not None:
        return code & 0xFF in _SQLITE_UNREACHABLE
    if isinstance(error, InterfaceError):
        text = str(cause).lower()
        return "connection" in text and ("closed" in text or "lost" in text)
    if hasattr(cause, "sqlstate"):  # psycopg: no SQLSTATE means the client could not talk to the server
        state = cause.sqlstate
        return state is None or state.startswith("08") or state in _PG_UNREACHABLE
    return False


_BACKLOGS: dict[str, Callable[[], dict[str, int]]] = {}


def register_backlog(name: str, count: Callable[[], dict[str, int]]) -> None:
    """`count()` returns the outbox's waiting rows by kind, e.g. {"pending": 3, "dead": 0}; cheap (indexed)."""
    _BACKLOGS[name] = count


def backlogs() -> dict[str, dict[str, int]]:
    return {name: count() for name, count in sorted(_BACKLOGS.items())}


def worker_freshness(now: datetime) -> dict:
    """The newest heartbeat of any worker and whether it is recent enough."""
    stale_after = int(worker_settings()["STALE_SECONDS"])
    last = WorkerHeartbeat.objects.aggregate(last=Max("beat_at"))["last"]
    age = None if last is None else max(0, int((now - last).total_seconds()))
    return {
        "fresh": age is not None and age <= stale_after,
        "last_beat_at": None if last is None else timezone.localtime(last).isoformat(),
        "age_seconds": age,
        "stale_after_seconds": stale_after,
    }


def readiness(now: datetime) -> dict:
    """{"ready", "database", "worker", "backlog"}: ready when the database answers and a worker beat lately."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        worker = worker_freshness(now)
        backlog = backlogs()
    except DatabaseError as error:
        if not database_unavailable(error):
            log.exception("Readiness check failed")
        state = "unavailable" if database_unavailable(error) else "error"
        return {"ready": False, "database": state, "worker": None, "backlog": None}
    return {"ready": worker["fresh"], "database": "ok", "worker": worker, "backlog": backlog}
