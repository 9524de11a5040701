"""Dependencies point one way (docs/architecture.md, "Layers").

In a fresh interpreter (so that nothing the suite imported first hides an import-order problem): every module of
`motcua` imports, the module import graph — function-level imports included, grimp reads them all — has no cycle,
and no module imports a module of a layer above its own. Run on its own by `.ci/run`, before the suite.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# Lowest first. A module may import its own layer and the layers below it, never one above. A layer is a list of
# module prefixes; a module belongs to the longest prefix that names it. The API's error shapes belong to the
# kernel (every app's router imports them); the rest of `motcua.api` (the NinjaAPI that mounts every router) is
# near the top.
LAYERS = [
    ("kernel", ["motcua.core", "motcua.api.errors"]),
    ("accounts", ["motcua.accounts"]),
    ("geo", ["motcua.geo"]),
    ("org", ["motcua.org"]),
    ("catalog", ["motcua.catalog"]),
    ("notifications", ["motcua.notifications"]),
    ("datastore", ["motcua.datastore"]),
    ("dossiers", ["motcua.dossiers"]),
    ("payments", ["motcua.payments"]),
    ("feedback", ["motcua.feedback"]),
    ("integrations", ["motcua.integrations"]),
    ("reports", ["motcua.reports"]),
    ("portal", ["motcua.portal"]),
    ("api", ["motcua.api"]),
    ("demo", ["motcua.demo"]),
]
# Entry points sit above every layer (nothing imports them): the `motcua` command, the management commands.
# Tests and migrations are outside the layers too (their imports are still in the cycle check).
OUTSIDE_LAYERS = ("motcua", "motcua.cli")
OUTSIDE_PARTS = (".management.commands.", ".tests.", ".migrations.")

# Runs in the fresh interpreter; prints one JSON object.
PROBE = r"""
import importlib, json, pkgutil, sys, traceback

import django

django.setup()

import grimp
import motcua

failed = {}
for info in pkgutil.walk_packages(motcua.__path__, "motcua."):
    if ".tests" in info.name or ".migrations" in info.name:
        continue
    try:
        importlib.import_module(info.name)
    except Exception:
        failed[info.name] = traceback.format_exc(limit=3)
for name in ("config.urls",):
    try:
        importlib.import_module(name)
    except Exception:
        failed[name] = traceback.format_exc(limit=3)

graph = grimp.build_graph("motcua", cache_dir=None)
edges = {m: sorted(graph.find_modules_directly_imported_by(m)) for m in sorted(graph.modules)}
lines = {
    f"{a} {b}": [d["line_number"] for d in graph.get_import_details(importer=a, imported=b)]
    for a, targets in edges.items()
    for b in targets
}
print(json.dumps({"file": motcua.__file__, "failed": failed, "edges": edges, "lines": lines}))
"""


@pytest.fixture(scope="module")
def probe():
    env = {**os.environ, "PYTHONPATH": str(ROOT), "DJANGO_SETTINGS_MODULE": "config.settings_test"}
    env.pop("PYTHONSTARTUP", None)
    done = subprocess.run(  # noqa: S603 - our own interpreter, our own script
        [sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False
    )
    assert done.returncode == 0, done.stderr[-4000:]
    found = json.loads(done.stdout.strip().splitlines()[-1])
    assert Path(found["file"]).resolve().is_relative_to(ROOT), found["file"]  # this checkout, not an installed copy
    return found


def layer_of(module: str) -> int | None:
    if module in OUTSIDE_LAYERS or any(part in f"{module}." for part in OUTSIDE_PARTS):
        return None
    best, level = "", None
    for index, (_name, prefixes) in enumerate(LAYERS):
        for prefix in prefixes:
            if (module == prefix or module.startswith(prefix + ".")) and len(prefix) > len(best):
                best, level = prefix, index
    if level is None:
        raise AssertionError(f"{module} is in no layer: add its app to LAYERS (and to docs/architecture.md)")
    return level


def strongly_connected(edges: dict[str, list[str]]) -> list[list[str]]:
    """Tarjan's algorithm, iterative: the groups of modules that import each other (size > 1, or a self-import)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups = []
    counter = 0
    for root in sorted(edges):
        if root in index:
            continue
        work = [(root, iter(edges.get(root, ())))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, targets = work[-1]
            advanced = False
            for target in targets:
                if target not in index:
                    index[target] = low[target] = counter
                    counter += 1
                    stack.append(target)
                    on_stack.add(target)
                    work.append((target, iter(edges.get(target, ()))))
                    advanced = True
                    break
                if target in on_stack:
                    low[node] = min(low[node], index[target])
            if advanced:
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1 or node in edges.get(node, ()):
                    groups.append(sorted(group))
    return groups


def cycle_through(group: list[str], edges: dict[str, list[str]]) -> list[str]:
    """One shortest cycle through the group's first module (breadth first inside the group)."""
    members, start = set(group), group[0]
    came_from = {start: None}
    queue = [start]
    while queue:
        node = queue.pop(0)
        for target in edges.get(node, ()):
            if target == start:
                path = [node]
                while came_from[path[-1]] is not None:
                    path.append(came_from[path[-1]])
                return [*reversed(path), start]
            if target in members and target not in came_from:
                came_from[target] = node
                queue.append(target)
    return group


def describe(chain: list[str], lines: dict[str, list[int]]) -> str:
    steps = []
    for importer, imported in zip(chain, chain[1:], strict=False):
        steps.append(f"{importer} (line {', '.join(map(str, lines.get(f'{importer} {imported}', [])))})")
    return " → ".join([*steps, chain[-1]])


def test_every_module_imports_in_a_fresh_interpreter(probe):
    assert probe["failed"] == {}, "\n".join(f"{name}:\n{error}" for name, error in probe["failed"].items())


def test_no_import_cycle(probe):
    edges = probe["edges"]
    cycles = [describe(cycle_through(group, edges), probe["lines"]) for group in strongly_connected(edges)]
    assert cycles == [], "modules that import each other:\n" + "\n".join(cycles)


def test_no_app_imports_an_app_above_it(probe):
    wrong = []
    for importer, targets in probe["edges"].items():
        below = layer_of(importer)
        if below is None:
            continue
        for imported in targets:
            above = layer_of(imported)
            if above is not None and above > below:
                wrong.append(
                    f"{LAYERS[below][0]} imports {LAYERS[above][0]}: " + describe([importer, imported], probe["lines"])
                )
    assert wrong == [], "imports against the layers (docs/architecture.md):\n" + "\n".join(sorted(wrong))


def test_the_checks_see_a_cycle_and_a_wrong_way_import():
    edges = {"a": ["b"], "b": ["c"], "c": ["a"], "d": ["d"], "e": ["a"]}
    assert strongly_connected(edges) == [["a", "b", "c"], ["d"]]
    assert cycle_through(["a", "b", "c"], edges) == ["a", "b", "c", "a"]
    assert layer_of("motcua.api.errors") == 0 and layer_of("motcua.api.api") == len(LAYERS) - 2
    assert layer_of("motcua.dossiers.management.commands.worker") is None
    with pytest.raises(AssertionError, match="in no layer"):
        layer_of("motcua.queueing.models")
