"""One vocabulary for the dossier domain: actions, channels, attachment kinds and account kinds are written as
their enum members, never as the bare strings they are stored as (docs/dossiers.md, "Actions").

The check reads the string constants of the Python sources (`ast`: comments and docstrings do not count) of
`motcua/` and `bench/`, leaving out migrations and tests, and the members' own definitions."""

import ast
from pathlib import Path

import pytest

from motcua.accounts.models import AccountKind
from motcua.catalog.models import Channel
from motcua.dossiers.actions import Action
from motcua.dossiers.models import AttachmentKind
from motcua.feedback.models import RatingChannel
from motcua.payments.models import Method

ROOT = Path(__file__).resolve().parents[3]
SOURCES = ("motcua", "bench")

# Words that are an action's value but mean something else where they are written (file, value).
OTHER_SENSES = {
    ("motcua/dossiers/selectors.py", Action.DISPATCH): "the dispatch queue's worklist name",
    ("motcua/dossiers/views.py", Action.DISPATCH): "the dispatch queue's worklist name",
    ("motcua/portal/citizen_forms.py", Action.SUBMIT): "the filing form's submit button",
}

# Channels, kinds and methods are ordinary words ("counter" is also a form field, "result" a data-store source):
# they count only where they stand for a channel, a kind or a method — as the value of an argument, a dict entry
# or a comparison named like one — except for the values no other word shares, which count anywhere.
NAMED = {
    "kind": {*AttachmentKind.values, *AccountKind.values},
    "channel": {*Channel.values, *RatingChannel.values},
    "return_method": set(Channel.values),
    "method": {*Channel.values, *Method.values},
}
ANYWHERE = {RatingChannel.COUNTER_TABLET.value, AttachmentKind.SUBMISSION.value}
ENUM_BASES = {"TextChoices", "IntegerChoices", "Choices", "Enum", "StrEnum"}


def _sources():
    for top in SOURCES:
        for path in sorted((ROOT / top).rglob("*.py")):
            parts = path.relative_to(ROOT).parts
            if "migrations" in parts or "tests" in parts or path.name.startswith("test_") or path.name == "conftest.py":
                continue
            yield path


def _docstrings(tree) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                found.add(id(body[0].value))
    return found


def _enum_definitions(tree) -> set[int]:
    """The constants that define a member: `NAME = "value"` or `NAME = "value", _("label")` in an enum class."""
    found = set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.ClassDef):
            continue
        bases = {b.attr if isinstance(b, ast.Attribute) else getattr(b, "id", "") for b in node.bases}
        if not bases & ENUM_BASES:
            continue
        for statement in node.body:
            if isinstance(statement, ast.Assign):
                value = statement.value
                if isinstance(value, ast.Tuple) and value.elts:
                    value = value.elts[0]
                found.add(id(value))
    return found


def _name(node) -> str:
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return ""


def _role(name: str) -> str:
    """`kind`, `dossier__channel`, `kind__in`, `channels` → the vocabulary the name stands for."""
    name = name.removesuffix("__in").rsplit("__", 1)[-1].removesuffix("s")
    return name if name in NAMED else ""


def _constants(node):
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        yield node
    elif isinstance(node, ast.Tuple | ast.List | ast.Set):
        for element in node.elts:
            yield from _constants(element)


def _named_uses(tree):
    """(constant, vocabulary) for every string given to, stored under or compared with a named channel/kind."""
    for node in ast.walk(tree):
        if isinstance(node, ast.keyword) and node.arg and (role := _role(node.arg)):
            for constant in _constants(node.value):
                yield constant, role
        elif isinstance(node, ast.Dict):
            for key, value in zip(node.keys, node.values, strict=True):
                if key is not None and (role := _role(_name(key))):
                    for constant in _constants(value):
                        yield constant, role
        elif isinstance(node, ast.Compare):
            sides = [node.left, *node.comparators]
            roles = {_role(_name(side)) for side in sides} - {""}
            for role in roles:
                for side in sides:
                    for constant in _constants(side):
                        yield constant, role


def bare_vocabulary(source: str, path: str) -> list[str]:
    """`path:line: 'value'` for each bare action, channel, kind or method string in `source`."""
    tree = ast.parse(source)
    skip = _docstrings(tree) | _enum_definitions(tree)
    found = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip:
            value = node.value
            if (value in Action.values and (path, value) not in OTHER_SENSES) or value in ANYWHERE:
                found[id(node)] = (node.lineno, value)
    for constant, role in _named_uses(tree):
        if id(constant) not in skip and constant.value in NAMED[role]:
            found[id(constant)] = (constant.lineno, constant.value)
    return [f"{path}:{line}: {value!r}" for line, value in sorted(found.values())]


def test_no_bare_vocabulary_strings():
    found = []
    for path in _sources():
        found += bare_vocabulary(path.read_text(encoding="utf-8"), path.relative_to(ROOT).as_posix())
    assert not found, "write the enum member instead of its value (Action, Channel, AttachmentKind, …):\n" + "\n".join(
        found
    )


@pytest.mark.parametrize(
    "line",
    [
        'perform("receive", actor=actor, dossier=dossier, revision=None, apply=apply)',
        'event_write(dossier, "flag_overdue", actor=None)',
        'if action in ("claim", "assign"):\n    pass',
        'staff = actor.kind == "staff"',
        'results = dossier.attachments.filter(kind="result")',
        'dossier_create(actor=None, channel="online")',
        'rating_submit(channel="counter_tablet")',
        'dossier_return_result(actor=desk, dossier=dossier, method="counter")',
        'may = user.kind in ("citizen", "agent")',
        'data = {"channel": "counter"}',
        'Dossier.objects.filter(dossier__channel="post")',
    ],
)
def test_the_check_sees_bare_strings(line):
    assert bare_vocabulary(line, "motcua/dossiers/example.py")


@pytest.mark.parametrize(
    "source",
    [
        "perform(Action.RECEIVE, actor=actor, dossier=dossier, revision=None, apply=apply)",
        '"""Every receive is logged."""\n',
        "# perform('receive')\nx = 1",
        'errors["counter"] = "The counter is not at this service point."',
        'document_collect(attachment=a, source="result")',
        'class Action(models.TextChoices):\n    RECEIVE = "receive", _("Receive")',
        'worklist = "dispatch"',  # a worklist name, where OTHER_SENSES says so
    ],
)
def test_the_check_leaves_other_words_alone(source):
    path = "motcua/dossiers/selectors.py"
    assert bare_vocabulary(source, path) == []
