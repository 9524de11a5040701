from django.core.management.base import BaseCommand

from motcua.integrations.outbox import portal_backfill, portal_retry_dead
from motcua.integrations.sync import portal_deliver


class Command(BaseCommand):
    help = (
        "National portal sync: `backfill` queues the past status changes the portal has not heard about; "
        "`deliver` runs one delivery round (the worker does this every few seconds); "
        "`retry` gives every dead message a fresh schedule."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["backfill", "deliver", "retry"])
        parser.add_argument("--page", type=int, default=1000, help="Events per transaction (backfill).")
        parser.add_argument("--batch", type=int, default=100, help="Messages per round (deliver).")

    def handle(self, *args, action, page, batch, **options):
        if action == "backfill":
            self.stdout.write(f"queued {portal_backfill(page=page)} messages")
        elif action == "retry":
            self.stdout.write(f"{portal_retry_dead()} dead messages are pending again")
        else:
            result = portal_deliver(batch=batch)
            if result["disabled"]:
                self.stdout.write("portal sync disabled: MOTCUA_PORTAL['URL'] is not set")
            else:
                self.stdout.write(f"sent {result['sent']}, failed {result['failed']}, dead {result['dead']}")
