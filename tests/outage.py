"""Real database outages for tests: connections that cannot reach the database, then can again.

Nothing of ours is mocked: the driver itself fails to connect (a closed port on PostgreSQL, a file in a folder
that does not exist on SQLite) or finds its server-side backend terminated (`pg_terminate_backend`).
"""

import socket
import threading
from contextlib import contextmanager
from pathlib import Path

from django.db import connection, connections


def closed_port() -> int:
    """A port on 127.0.0.1 that nobody listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _point_nowhere(settings_dict: dict, folder: Path) -> None:
    if settings_dict["ENGINE"].endswith("sqlite3"):
        settings_dict["NAME"] = str(folder / "gone" / "motcua.sqlite3")
    else:
        settings_dict["HOST"], settings_dict["PORT"] = "127.0.0.1", closed_port()


@contextmanager
def unreachable_database(folder: Path):
    """In this thread, the default connection leads nowhere until the block ends (the test's own connection,
    with its transaction, is put back afterwards)."""
    original = connections["default"]
    settings_dict = {**original.settings_dict}
    _point_nowhere(settings_dict, folder)
    connections["default"] = original.__class__(settings_dict, alias="default")
    try:
        yield
    finally:
        connections["default"].close()
        connections["default"] = original


class DatabaseOutage:
    """Takes the database away from other threads' connections and gives it back; the test's own connection
    (the thread that creates this object) keeps working, so that it can queue work during the outage.

    PostgreSQL: the database stops accepting connections and every other backend on it is terminated, from
    a connection of our own to the `postgres` database. SQLite: threads that `adopt()` their connection
    open a file in a missing folder from then on (their open connection is closed at once if `begin()` runs
    in their thread, otherwise at their next `close_old_connections()`).
    """

    def __init__(self, folder: Path):
        self.folder = folder
        self.vendor = connection.vendor
        self.name = connection.settings_dict["NAME"]
        self.adopted: dict[int, dict] = {}  # thread ident → that thread's own copy of the settings
        if self.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")
                self.own_pid = cursor.fetchone()[0]

    def adopt(self) -> None:
        """Call in a thread that should lose the database: its connection gets settings of its own."""
        conn = connections["default"]
        conn.settings_dict = {**conn.settings_dict}
        self.adopted[threading.get_ident()] = conn.settings_dict

    def _admin(self):
        import psycopg

        conf = connection.settings_dict
        return psycopg.connect(
            host=conf["HOST"] or None,
            port=conf["PORT"] or None,
            user=conf["USER"] or None,
            password=conf["PASSWORD"] or None,
            dbname="postgres",
            autocommit=True,
        )

    def begin(self) -> None:
        if self.vendor == "postgresql":
            with self._admin() as admin:
                admin.execute(f'ALTER DATABASE "{self.name}" ALLOW_CONNECTIONS false')
                admin.execute(
                    "SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity WHERE datname = %s AND pid <> %s",
                    [self.name, self.own_pid],
                )
            return
        for settings_dict in self.adopted.values():
            _point_nowhere(settings_dict, self.folder)
        if threading.get_ident() in self.adopted:
            connections["default"].close()

    def end(self) -> None:
        if self.vendor == "postgresql":
            with self._admin() as admin:
                admin.execute(f'ALTER DATABASE "{self.name}" ALLOW_CONNECTIONS true')
            return
        for settings_dict in self.adopted.values():
            settings_dict["NAME"] = self.name
