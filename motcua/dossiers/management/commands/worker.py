import signal
import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from motcua.dossiers.services import dossiers_flag_overdue
from motcua.integrations.sync import portal_deliver
from motcua.notifications.services import outbox_deliver


class Command(BaseCommand):
    help = "Background work: deliver queued notifications and flag overdue dossiers, every few seconds."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Run one round and exit.")
        parser.add_argument("--interval", type=float, default=5.0, help="Seconds between rounds (default 5).")

    def handle(self, *args, once, interval, **options):
        stopping = []
        signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
        while True:
            sent = outbox_deliver()
            flagged = dossiers_flag_overdue()
            portal = portal_deliver()
            if sent or flagged or portal["sent"] or portal["dead"] or once:
                self.stdout.write(
                    f"sent {sent} notifications, flagged {flagged} overdue dossiers; portal: {portal['sent']} sent, "
                    f"{portal['failed']} to retry, {portal['dead']} dead"
                )
            if once or stopping:
                return
            try:
                time.sleep(interval)
            except KeyboardInterrupt:
                return
            close_old_connections()  # a long-running process must not keep a dead connection
