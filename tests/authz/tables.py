"""Print the matrix tables of docs/organisation-and-permissions.md from what the test observed.

    MOTCUA_MATRIX_OUT=matrix.json pytest tests/authz -k every
    python -m tests.authz.tables matrix.json

Check every cell against the written rules before pasting: the document says what must be, not what is."""

import json
import sys

from .routes import ADMIN_VIEWS, COLUMNS, HOME


def _row(cells) -> str:
    return "| " + " | ".join(str(c) for c in cells) + " |"


def _rule(count: int) -> str:
    return "|" + "---|" * count


def tables(observed: dict) -> str:
    columns = list(COLUMNS)
    get, post = observed["get"], observed["post"]
    lines = ["<!-- matrix:get -->", _row(["route", "scope", *columns]), _rule(len(columns) + 2)]
    admin = {}
    for key in get[columns[0]]:
        if key.startswith("admin ") and " | " not in key:
            _prefix, label, view = key.split()
            admin.setdefault(label, {})[view] = f"{get['adm'][key]}·{get['su'][key]}"
            continue
        pattern, scope = key.split(" | ")
        lines.append(_row([f"`{pattern or HOME}`", scope, *(get[c][key] for c in columns)]))
    lines += ["", "<!-- matrix:admin -->", _row(["model", *ADMIN_VIEWS]), _rule(len(ADMIN_VIEWS) + 1)]
    lines += [_row([f"`{label}`", *(views[v] for v in ADMIN_VIEWS)]) for label, views in admin.items()]
    lines += ["", "<!-- matrix:post -->", _row(["action", "scope", *columns]), _rule(len(columns) + 2)]
    for key in post[columns[0]]:
        action, scope = key.split(" | ")
        lines.append(_row([f"`{action}`", scope, *(post[c][key] for c in columns)]))
    return "\n".join(lines)


if __name__ == "__main__":
    with open(sys.argv[1], encoding="utf-8") as source:
        print(tables(json.load(source)))
