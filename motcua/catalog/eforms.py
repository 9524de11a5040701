"""E-forms are JSON Schema (draft 2020-12) objects; one place checks them.

Two things the catalogue adds to plain JSON Schema, both checked here:
- a top-level property annotated `"x-applicant": "<key>"` holds the applicant's own identity (`citizen_id`,
  `applicant_name`, `date_of_birth`, `phone`, `email`, `address`): online filing fills it from the applicant
  section (a citizen's verified profile, an agent's authorised citizen) instead of asking for it twice;
- a fee may take its quantity or its condition from a top-level property (`fee_field_errors`).
"""

import json
from dataclasses import dataclass, field
from datetime import date

from jsonschema import Draft202012Validator
from jsonschema.exceptions import SchemaError

APPLICANT_KEYWORD = "x-applicant"
# The applicant's identity an e-form property may stand for, and the JSON type it must have.
APPLICANT_KEYS = ("applicant_name", "citizen_id", "date_of_birth", "phone", "email", "address")


def eform_schema_errors(schema) -> list[str]:
    """Why `schema` is not a usable e-form, or [] when it is."""
    if not isinstance(schema, dict):
        return ["must be a JSON object"]
    try:
        Draft202012Validator.check_schema(schema)
    except SchemaError as error:
        where = "/".join(str(p) for p in error.path) or "(root)"
        return [f"{where}: {error.message}"]
    if schema.get("type") != "object" or not isinstance(schema.get("properties"), dict):
        return ['must have "type": "object" and "properties"']
    errors, seen = [], set()
    for name, prop in schema["properties"].items():
        key = prop.get(APPLICANT_KEYWORD) if isinstance(prop, dict) else None
        if key is None:
            continue
        if key not in APPLICANT_KEYS:
            errors.append(f"properties/{name}/{APPLICANT_KEYWORD}: must be one of {', '.join(APPLICANT_KEYS)}")
        elif prop.get("type") != "string":
            errors.append(f"properties/{name}/{APPLICANT_KEYWORD}: the property must be a string")
        elif key in seen:
            errors.append(f"properties/{name}/{APPLICANT_KEYWORD}: {key} is already held by another property")
        seen.add(key)
    return errors


def eform_applicant_fields(schema: dict | None) -> dict[str, str]:
    """The e-form's properties that hold the applicant's identity: property → applicant key."""
    properties = (schema or {}).get("properties", {})
    return {
        name: prop[APPLICANT_KEYWORD]
        for name, prop in properties.items()
        if isinstance(prop, dict) and prop.get(APPLICANT_KEYWORD) in APPLICANT_KEYS
    }


def eform_prefill(schema: dict | None, answer, applicant: dict):
    """`answer` with the applicant's identity in the properties that hold it (what was sent there is replaced:
    the applicant section is the one place it is given). Empty applicant values leave the answer as sent."""
    if not isinstance(answer, dict):
        return answer
    filled = dict(answer)
    for name, key in eform_applicant_fields(schema).items():
        value = applicant.get(key)
        if value not in (None, ""):
            filled[name] = value.isoformat() if hasattr(value, "isoformat") else str(value)
    return filled


def fee_field_errors(schema: dict | None, quantity_field: str, only_if: dict | None) -> list[str]:
    """Why a fee's quantity field or condition does not fit the version's e-form, or [] when it does.

    The quantity is an `integer` property; the condition names a `boolean` property (values true/false) or one
    with an `enum` (values among its members)."""
    errors = []
    properties = (schema or {}).get("properties", {}) if isinstance(schema, dict) else {}
    if quantity_field:
        prop = properties.get(quantity_field)
        if prop is None:
            errors.append(f"quantity_field: the e-form has no field {quantity_field}")
        elif prop.get("type") != "integer":
            errors.append(f"quantity_field: the e-form field {quantity_field} must be an integer")
        elif prop.get("minimum", 0) < 0:
            errors.append(f"quantity_field: the e-form field {quantity_field} must have a minimum of 0 or more")
    if only_if:
        field, values = only_if["field"], only_if["values"]
        prop = properties.get(field)
        if prop is None:
            errors.append(f"only_if.field: the e-form has no field {field}")
        elif "enum" in prop:
            if stray := [v for v in values if v not in prop["enum"]]:
                errors.append(f"only_if.values: {stray!r} not among the choices of {field}")
        elif prop.get("type") == "boolean":
            if not all(isinstance(v, bool) for v in values):
                errors.append(f"only_if.values: {field} is yes/no, the values must be true or false")
        else:
            errors.append(f"only_if.field: the e-form field {field} must be yes/no (boolean) or a choice (enum)")
    return errors


def eform_fields(schema: dict, prefix: str = "f_") -> dict:
    """Django form fields for an e-form's top-level properties (server validation stays with JSON Schema)."""
    from django import forms
    from django.core.validators import RegexValidator

    from motcua.core.forms import NativeDateInput

    fields = {}
    required = set(schema.get("required", []))
    for name, prop in schema.get("properties", {}).items():
        label = prop.get("title") or name
        common = {"label": label, "required": name in required, "help_text": prop.get("description", "")}
        kind = prop.get("type")
        if "enum" in prop:
            field = forms.ChoiceField(choices=[("", "—"), *((v, v) for v in prop["enum"])], **common)
        elif kind == "integer":
            field = forms.IntegerField(min_value=prop.get("minimum"), max_value=prop.get("maximum"), **common)
        elif kind == "number":
            field = forms.DecimalField(min_value=prop.get("minimum"), max_value=prop.get("maximum"), **common)
        elif kind == "boolean":
            field = forms.BooleanField(**{**common, "required": False})
        elif prop.get("format") == "date":
            field = forms.DateField(widget=NativeDateInput(), **common)
        elif prop.get("format") == "email":
            field = forms.EmailField(**common)
        elif kind == "string":
            validators = [RegexValidator(prop["pattern"])] if "pattern" in prop else []
            long_text = prop.get("maxLength", 200) > 300
            field = forms.CharField(
                max_length=prop.get("maxLength"),
                validators=validators,
                widget=forms.Textarea(attrs={"rows": 3}) if long_text else None,
                **common,
            )
        else:  # objects and arrays are answered through the API, not this form
            continue
        fields[f"{prefix}{name}"] = field
    return fields


def eform_answer(schema: dict, cleaned: dict, prefix: str = "f_") -> dict:
    """The JSON answer from a form's cleaned data: empty answers left out, dates as ISO strings."""
    answer = {}
    for name in schema.get("properties", {}):
        value = cleaned.get(f"{prefix}{name}")
        if value in (None, ""):
            continue
        if hasattr(value, "isoformat"):
            value = value.isoformat()
        elif hasattr(value, "as_integer_ratio") and not isinstance(value, int | bool):
            value = float(value)
        answer[name] = value
    return answer


@dataclass
class Answer:
    """One answer of a declaration, labelled from the e-form's schema.

    `kind`: "value" (`text` is what to show), "object" (`children`: its fields) or "array" (`children`: its
    elements, values or objects; `columns`: the labels of an array of objects, for a table)."""

    key: str
    label: str
    kind: str = "value"
    text: str = ""
    children: list["Answer"] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)


def _choice_label(prop: dict, value) -> str | None:
    """The title an enumerated value has in the schema: `oneOf`/`anyOf` of `{"const", "title"}`, or the
    `enumNames` list some form builders write beside `enum`."""
    for option in prop.get("oneOf") or prop.get("anyOf") or []:
        if isinstance(option, dict) and "const" in option and option["const"] == value and option.get("title"):
            return str(option["title"])
    names, values = prop.get("enumNames") or prop.get("x-enumNames"), prop.get("enum")
    if isinstance(names, list) and isinstance(values, list) and value in values:
        index = values.index(value)
        if index < len(names):
            return str(names[index])
    return None


def _text(prop: dict, value) -> str:
    from django.utils.translation import gettext as _

    label = _choice_label(prop, value)
    if label is not None:
        return label
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if value is None:
        return "—"
    if prop.get("format") == "date" and isinstance(value, str):
        try:
            return date.fromisoformat(value).strftime("%d/%m/%Y")
        except ValueError:
            return value
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        return f"{value:,}".replace(",", ".")  # Vietnamese thousands separator
    return str(value)


def _answer(key: str, prop: dict, value, depth: int) -> Answer:
    prop = prop if isinstance(prop, dict) else {}
    label = str(prop.get("title") or key)
    if isinstance(value, dict) and depth < MAX_DEPTH:
        return Answer(key, label, "object", children=_fields(prop, value, depth + 1))
    if isinstance(value, list) and depth < MAX_DEPTH:
        items = prop.get("items") if isinstance(prop.get("items"), dict) else {}
        children = [_answer(str(n), items, element, depth + 1) for n, element in enumerate(value, start=1)]
        columns = []
        if children and all(child.kind == "object" for child in children):
            keys = list(dict.fromkeys(c.key for child in children for c in child.children))
            titles = {c.key: c.label for child in children for c in child.children}
            columns = [titles[k] for k in keys]
            for child in children:  # every row has every column, in the same order
                have = {c.key: c for c in child.children}
                child.children = [have.get(k) or Answer(k, titles[k], text="") for k in keys]
        return Answer(key, label, "array", children=children, columns=columns)
    if isinstance(value, dict | list):  # deeper than anyone fills in: shown as text, never recursed further
        return Answer(key, label, text=json.dumps(value, ensure_ascii=False)[:500])
    return Answer(key, label, text=_text(prop, value))


def _fields(schema: dict, answers: dict, depth: int) -> list[Answer]:
    properties = schema.get("properties") if isinstance(schema.get("properties"), dict) else {}
    known = [key for key in properties if key in answers]
    extra = [key for key in answers if key not in properties]  # answered but not in the schema: shown last
    return [_answer(key, properties.get(key, {}), answers[key], depth) for key in [*known, *extra]]


# Nested objects and arrays are labelled this deep; beyond it a value is shown as its JSON text.
MAX_DEPTH = 6


def eform_declaration(schema: dict | None, answers) -> list[Answer]:
    """The answers of a filed e-form labelled from its schema's `title`s, in the schema's order, nested objects
    and arrays kept as such, enumerated values by their titles where the schema gives them."""
    if not isinstance(answers, dict):
        return []
    return _fields(schema if isinstance(schema, dict) else {}, answers, 0)
