"""The `motcua` command: Django's management commands under the project's own name.

motcua demo [--no-serve] [--port 8000]
motcua geo sync
motcua migrate | createsuperuser | …
"""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["motcua", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
