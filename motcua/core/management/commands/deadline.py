import sys

from django.core.management.base import BaseCommand
from django.db import DatabaseError

from motcua.core.deadlines import DeadlineError, compute, parse_request
from motcua.org.selectors import calendar_for_centre


def _fail(message: str):
    """Every bad input to this command: one line on stderr and exit status 2."""
    sys.stderr.write(f"error: {message}\n")
    sys.exit(2)


class Command(BaseCommand):
    help = "Print the due moment of a duration counted in working time from a start (ISO 8601)."

    def create_parser(self, prog_name, subcommand, **kwargs):
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        if parser.called_from_command_line:
            parser.error = _fail
        return parser

    def add_arguments(self, parser):
        parser.add_argument("--start", help="start moment, e.g. 2026-02-12T09:30 (Asia/Ho_Chi_Minh); now if omitted")
        group = parser.add_mutually_exclusive_group(required=True)
        group.add_argument("--working-days", help="N working days (decimals allowed)")
        group.add_argument("--working-hours", help="N working hours (decimals allowed)")
        group.add_argument("--calendar-days", help="N calendar days (a whole number)")
        parser.add_argument("--centre", help="agency code of the centre whose office hours apply")

    def handle(self, *args, start, working_days, working_hours, calendar_days, centre, **options):
        try:
            request = parse_request(
                start=start,
                working_days=working_days,
                working_hours=working_hours,
                calendar_days=calendar_days,
            )
            due = compute(request, calendar_for_centre(centre))
        except DatabaseError:
            _fail("the database is not set up yet; run `motcua migrate` first")
        except DeadlineError as error:
            _fail(f"--{error.field.replace('_', '-')}: {error.message}")
        self.stdout.write(due.isoformat())
