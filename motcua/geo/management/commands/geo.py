from django.core.management.base import BaseCommand

from motcua.geo.services import divisions_sync


class Command(BaseCommand):
    help = "Administrative units: `sync` loads provinces, communes and their lineage from the official list."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["sync"])

    def handle(self, *args, **options):
        counts = divisions_sync()
        self.stdout.write(
            f"{counts['provinces']} provinces, {counts['communes']} communes; "
            f"{counts['changes_created']} new lineage records."
        )
