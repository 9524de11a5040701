import os
import socket
import subprocess
import sys
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings

from motcua.catalog.services import catalog_seed
from motcua.core.conf import site_settings
from motcua.demo.history import load_history
from motcua.org.demo import DEMO_PASSWORD, load_demo


class Command(BaseCommand):
    help = "Prepare the demo (database, reference data, Hà Nội organisation, demo users) and serve it."

    def add_arguments(self, parser):
        parser.add_argument("--no-serve", action="store_true", help="Only prepare; do not start the server.")
        parser.add_argument("--port", type=int, default=8000, help="Port to serve on (default 8000).")
        parser.add_argument("--host", default="127.0.0.1", help="Address to listen on (default 127.0.0.1).")
        parser.add_argument(
            "--dossiers", type=int, default=240, help="How many demo dossiers of history to create (default 240)."
        )

    def handle(self, *args, no_serve, port, host, dossiers, **options):
        if not 1 <= port <= 65535:
            raise CommandError("--port must be between 1 and 65535.")
        # QR codes and links point at MOTCUA_PUBLIC_URL; unset, that is the address the demo serves on, not the
        # default 127.0.0.1:8000 (a phone scanning a printed form cannot reach that, nor another port).
        public = os.environ.get("MOTCUA_PUBLIC_URL") or f"http://{reachable_host(host)}:{port}"
        with override_settings(MOTCUA={**site_settings(), "PUBLIC_URL": public}):
            self.prepare_and_serve(no_serve=no_serve, port=port, host=host, dossiers=dossiers, public=public)

    def prepare_and_serve(self, *, no_serve, port, host, dossiers, public):
        started = time.monotonic()
        self.stdout.write("Preparing the database…")
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write("Loading the demo organisation (Hà Nội)…")
        summary = load_demo()
        self.stdout.write(f"Procedure catalogue: {catalog_seed().summary()}.")
        self.stdout.write("Replaying demo dossier history…")
        with override_settings(MOTCUA={**site_settings(), "DEMO": True}):  # the demo bank confirms replayed payments
            self.stdout.write(f"Dossiers: {load_history(dossiers=max(0, dossiers))}.")
        if not settings.DEBUG:
            call_command("collectstatic", interactive=False, verbosity=0)
        self.stdout.write(
            f"Ready in {time.monotonic() - started:.1f} s: {summary['units']} units, {summary['counters']} counters.\n"
        )
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for username, role in summary["users"]:
            self.stdout.write(f"  {username:<12} {role}")
        if no_serve:
            return
        url = f"http://{host}:{port}/"
        self.stdout.write(self.style.SUCCESS(f"\nServing Một Cửa on {url} (Ctrl+C to stop)"))
        sys.stdout.flush()
        self.stdout.write(f"QR codes and links point at {public} (MOTCUA_PUBLIC_URL).")
        env = {**os.environ, "MOTCUA_DEMO": "1", "MOTCUA_PUBLIC_URL": public}
        # The worker (notifications, overdue flags) runs beside the web server, in the same process group,
        # so that Ctrl+C stops both.
        subprocess.Popen([sys.executable, "-m", "motcua.cli", "worker"], env=env, cwd=settings.BASE_DIR)  # noqa: S603
        workers = str(min(4, (os.cpu_count() or 1) + 1))
        os.execvpe(  # noqa: S606 - the demo hands its process over to the web server
            sys.executable,
            [
                sys.executable,
                "-m",
                "gunicorn",
                "config.wsgi:application",
                "--bind",
                f"{host}:{port}",
                "--workers",
                workers,
                "--access-logfile",
                "-",
                "--chdir",
                str(settings.BASE_DIR),
            ],
            env,
        )


def reachable_host(host: str) -> str:
    """The host others reach the demo at: the address it listens on, or, listening on every interface, the
    address of the interface that leads outside (found without sending anything)."""
    if host not in {"0.0.0.0", "::", ""}:  # noqa: S104 - names compared, nothing bound
        return f"[{host}]" if ":" in host else host
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # a documentation address: connect() on UDP only picks the route
            return probe.getsockname()[0]
        except OSError:
            return "127.0.0.1"
