"""E-forms are JSON Schema (draft 2020-12) objects; one place checks them."""

from jsonschema import Draft202012Validator
from jsonschema.exceptions import SchemaError


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
    return []


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
