"""E-forms are JSON Schema (draft 2020-12) objects; one place checks them.

Two things the catalogue adds to plain JSON Schema, both checked here:
- a top-level property annotated `"x-applicant": "<key>"` holds the applicant's own identity (`citizen_id`,
  `applicant_name`, `date_of_birth`, `phone`, `email`, `address`): online filing fills it from the applicant
  section (a citizen's verified profile, an agent's authorised citizen) instead of asking for it twice;
- a fee may take its quantity or its condition from a top-level property (`fee_field_errors`).
"""

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
            field = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), **common)
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
