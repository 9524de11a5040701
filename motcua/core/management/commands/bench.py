import os
import subprocess
import sys
from pathlib import Path

import psycopg
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "Benchmark on a database of its own: generate N dossiers, measure intake, lookup, pages, dashboard, overdue "
        "sweep, deadlines and memory against pgbench and a bare Django endpoint; write JSON (docs/performance.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dossiers", type=int, default=None, help="Dossiers to generate (1,000,000; SQLite 20,000)."
        )
        parser.add_argument("--sqlite", action="store_true", help="The small SQLite profile instead of PostgreSQL.")
        parser.add_argument(
            "--postgres",
            default="postgres://postgres@127.0.0.1:5432",
            help="PostgreSQL server for the benchmark database (default postgres://postgres@127.0.0.1:5432).",
        )
        parser.add_argument("--database", default="motcua_bench", help="Name of the benchmark database.")
        parser.add_argument("--reuse", action="store_true", help="Measure the existing benchmark database again.")
        parser.add_argument("--seconds", type=int, default=10, help="Duration of each load test (default 10).")
        parser.add_argument("--out", default="bench/results/latest.json", help="Where to write the JSON results.")
        parser.add_argument("--inner", action="store_true", help=  # the run itself, on the benchmark database
                            "==SUPPRESS==")  # fmt: skip

    def handle(self, *args, dossiers, sqlite, postgres, database, reuse, seconds, out, inner, **options):
        out = Path(out) if Path(out).is_absolute() else Path(settings.BASE_DIR) / out
        if inner:
            from bench.runner import run

            run(dossiers=dossiers, database_url=os.environ["MOTCUA_DATABASE_URL"], out=out, seconds=seconds,
                reuse=reuse, say=self.stdout.write)  # fmt: skip
            return
        if dossiers is None:
            dossiers = 20_000 if sqlite else 1_000_000
        if dossiers < 1:
            raise CommandError("--dossiers must be at least 1.")
        url = self._sqlite(database, reuse) if sqlite else self._postgres(postgres, database, reuse)
        self.stdout.write(f"Benchmark database: {url}")
        env = {**os.environ, "MOTCUA_DATABASE_URL": url, "MOTCUA_DATABASE_CONN_MAX_AGE": "60"}
        command = [sys.executable, "-m", "motcua.cli", "bench", "--inner", "--dossiers", str(dossiers),
                   "--seconds", str(seconds), "--out", str(out), *(["--reuse"] if reuse else [])]  # fmt: skip
        done = subprocess.run(command, env=env, cwd=settings.BASE_DIR, check=False)  # noqa: S603
        if done.returncode:
            raise CommandError(f"The benchmark stopped with exit code {done.returncode}.")

    def _sqlite(self, name: str, reuse: bool) -> str:
        path = Path(settings.VAR_DIR) / f"{name}.sqlite3"
        path.parent.mkdir(exist_ok=True)
        if not reuse:
            for stale in path.parent.glob(f"{name}.sqlite3*"):
                stale.unlink()
        return f"sqlite:///{path}"

    def _postgres(self, server: str, name: str, reuse: bool) -> str:
        if not name.replace("_", "").isalnum():
            raise CommandError("--database: letters, digits and underscores only.")
        try:
            with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
                exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
                if exists and not reuse:
                    conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
                if not exists or not reuse:
                    conn.execute(f'CREATE DATABASE "{name}"')
        except psycopg.OperationalError as error:
            raise CommandError(f"Cannot reach PostgreSQL at {server}: {error}") from error
        return f"{server}/{name}"
