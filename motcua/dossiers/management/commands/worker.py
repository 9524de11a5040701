import signal
import threading

from django.core.management.base import BaseCommand, CommandError

from motcua.core.actors import SYSTEM
from motcua.core.pending import pending_sweep
from motcua.core.worker import Job, Worker
from motcua.dossiers.services import dossiers_flag_overdue
from motcua.integrations.sync import portal_deliver
from motcua.notifications.services import outbox_deliver


def deliver_notifications() -> str:
    sent = outbox_deliver()
    return f"sent {sent} notifications" if sent else ""


def flag_overdue() -> str:
    flagged = dossiers_flag_overdue(actor=SYSTEM)
    return f"flagged {flagged} overdue dossiers" if flagged else ""


def sweep_pending_uploads() -> str:
    swept = pending_sweep(actor=SYSTEM)
    return f"deleted {swept} expired pending uploads" if swept else ""


def deliver_to_portal() -> str:
    result = portal_deliver()
    if not (result["sent"] or result["failed"] or result["dead"]):
        return ""
    return f"{result['sent']} sent, {result['failed']} to retry, {result['dead']} dead"


JOBS = (
    Job("notifications", deliver_notifications),
    Job("overdue", flag_overdue),
    Job("portal", deliver_to_portal),
    Job("pending uploads", sweep_pending_uploads),
)


class Command(BaseCommand):
    help = (
        "Background work: deliver queued notifications and portal messages, flag overdue dossiers, delete expired "
        "pending uploads, every few seconds. Survives database outages (retries with backoff) and writes a "
        "heartbeat that /readyz reads."
    )

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Run one round and exit.")
        parser.add_argument("--interval", type=float, default=5.0, help="Seconds between rounds (default 5).")
        parser.add_argument(
            "--max-backoff",
            type=float,
            default=60.0,
            help="Longest wait in seconds between retries after failures (default 60).",
        )

    def handle(self, *args, once, interval, max_backoff, **options):
        if interval <= 0 or max_backoff <= 0:
            raise CommandError("--interval and --max-backoff must be positive.")
        worker = Worker(JOBS, interval=interval, backoff_cap=max_backoff)
        if threading.current_thread() is threading.main_thread():
            # systemd stops the service with SIGTERM, Ctrl+C sends SIGINT: finish the current job, then exit.
            for signum in (signal.SIGTERM, signal.SIGINT):
                signal.signal(signum, lambda *_: worker.stop.set())
        ok = worker.run(once=once)
        if once:
            for line in worker.done or ["nothing to do"]:
                self.stdout.write(line)
            if not ok:
                raise CommandError(f"The round failed: {worker.last_error}")
