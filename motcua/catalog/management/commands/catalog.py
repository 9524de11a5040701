import json
import sys

from django.core.management.base import BaseCommand, CommandError

from motcua.catalog.services import CatalogError, catalog_export, catalog_import, catalog_read
from motcua.core.actors import SYSTEM


class Command(BaseCommand):
    help = "Import or export the procedure catalogue (format motcua-catalog/1, see docs/catalog-format.md)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        importer = sub.add_parser("import", help="import a catalogue file; all or nothing, idempotent")
        importer.add_argument("file")
        exporter = sub.add_parser("export", help="write every procedure's latest version")
        exporter.add_argument("--out", help="file to write (standard output if omitted)")

    def handle(self, *args, action, **options):
        if action == "import":
            try:
                report = catalog_import(catalog_read(options["file"]), actor=SYSTEM)
            except CatalogError as error:
                for line in error.errors:
                    self.stderr.write(line)
                raise CommandError(f"{len(error.errors)} error(s); nothing was imported.", returncode=2) from None
            self.stdout.write(report.summary())
            return
        text = json.dumps(catalog_export(), ensure_ascii=False, indent=2) + "\n"
        if options.get("out"):
            with open(options["out"], "w", encoding="utf-8") as handle:
                handle.write(text)
            self.stdout.write(f"Wrote {options['out']}")
        else:
            sys.stdout.write(text)
