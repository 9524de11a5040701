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
