from django.core.management.base import BaseCommand, CommandError

from motcua.reports.rollups import parse_day, rollups_rebuild


class Command(BaseCommand):
    help = "Reports: `reports rebuild [--since YYYY-MM-DD]` recomputes the daily roll-up from the event log."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True)
        rebuild = sub.add_parser("rebuild", help="Recompute the daily roll-up from the dossiers' events.")
        rebuild.add_argument("--since", help="First day to recompute (YYYY-MM-DD, local); default: everything.")

    def handle(self, *args, subcommand, since=None, **options):
        if subcommand == "rebuild":
            try:
                day = parse_day(since) if since else None
            except ValueError as error:
                raise CommandError(f"--since: {error}") from error
            rows = rollups_rebuild(day)
            self.stdout.write(f"rebuilt {rows} daily rows" + (f" since {day}" if day else ""))
