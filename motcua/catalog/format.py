"""The catalogue exchange format `motcua-catalog/1` (documented in docs/catalog-format.md), as JSON Schema."""

FORMAT = "motcua-catalog/1"

_text = {"type": "string"}
_nonempty = {"type": "string", "minLength": 1}


def _line(limit: int) -> dict:
    """A non-empty string that fits its database column."""
    return {"type": "string", "minLength": 1, "maxLength": limit}


_code = {"type": "string", "pattern": "^[A-Za-z0-9_.\\-]{1,40}$"}
_field = {"type": "string", "pattern": "^([A-Za-z_][A-Za-z0-9_]{0,63})?$"}  # a top-level e-form property
_duration = {"type": "number", "minimum": 0, "maximum": 3650}
_unit = {"enum": ["working_days", "working_hours", "calendar_days"]}
_date = {"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}

PROCEDURE_SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "required": [
        "code",
        "name",
        "sector",
        "level",
        "competent_agency",
        "agency_name",
        "result",
        "online_level",
        "version",
        "methods",
        "documents",
    ],
    "properties": {
        "code": {"type": "string", "pattern": "^[0-9A-Za-z][0-9A-Za-z.\\-]{2,19}$"},
        "name": _nonempty,
        "sector": _line(200),
        "level": {"enum": ["province", "commune"]},
        "competent_agency": {
            "type": "object",
            "additionalProperties": False,
            "required": ["kind"],
            "properties": {
                "kind": {"enum": ["province_committee", "department", "commune_committee", "commune_police"]},
                "department": {"type": "string"},
            },
        },
        "agency_name": _line(300),
        "subjects": {"type": "array", "items": _nonempty},
        "requirements": _text,
        "result": _nonempty,
        "legal_basis": {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["number", "title"],
                "properties": {"number": _nonempty, "title": _nonempty, "issued": _date},
            },
        },
        "online_level": {"enum": ["full", "partial", "none"]},
        "version": {
            "type": "object",
            "additionalProperties": False,
            "required": ["effective_from", "decision"],
            "properties": {"effective_from": _date, "decision": _line(500), "note": _text},
        },
        "methods": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["channel", "duration", "unit"],
                "properties": {
                    "channel": {"enum": ["counter", "online", "post"]},
                    "duration": _duration,
                    "unit": _unit,
                    "description": _text,
                },
            },
        },
        "fees": {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["code", "name", "amount"],
                "properties": {
                    "code": _code,
                    "name": _line(300),
                    "amount": {"type": "integer", "minimum": 0, "maximum": 10**15},
                    "description": _text,
                    "exemptions": _text,
                    "quantity_field": _field,
                    "only_if": {
                        "type": ["object", "null"],
                        "additionalProperties": False,
                        "required": ["field", "values"],
                        "properties": {
                            "field": _field,
                            "values": {
                                "type": "array",
                                "minItems": 1,
                                "items": {"type": ["string", "boolean", "integer"]},
                            },
                        },
                    },
                },
            },
        },
        "documents": {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["code", "name"],
                "properties": {
                    "code": _code,
                    "name": _nonempty,
                    "originals": {"type": "integer", "minimum": 0, "maximum": 99},
                    "copies": {"type": "integer", "minimum": 0, "maximum": 99},
                    "form": {"type": "string", "maxLength": 300},
                    "mandatory": {"type": "boolean"},
                    "condition": _text,
                    "kind": {"enum": ["", "declaration", "citizen_id"]},
                },
            },
        },
        "cases": {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["code", "name"],
                "properties": {
                    "code": _code,
                    "name": _nonempty,
                    "duration": {"oneOf": [_duration, {"type": "null"}]},
                    "extra_documents": {"type": "array", "items": _code},
                },
            },
        },
        "eform": {"type": ["object", "null"]},
        "workflows": {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["steps"],
                "properties": {
                    "province": {"oneOf": [{"type": "null"}, {"type": "string", "pattern": "^[0-9]{2}$"}]},
                    "steps": {
                        "type": "array",
                        "minItems": 1,
                        "items": {
                            "type": "object",
                            "additionalProperties": False,
                            "required": ["name", "unit_kind", "role", "duration", "unit"],
                            "properties": {
                                "name": _line(300),
                                "unit_kind": {
                                    "enum": [
                                        "service_centre",
                                        "branch",
                                        "service_point",
                                        "province_committee",
                                        "department",
                                        "commune_committee",
                                        "commune_police",
                                    ]
                                },
                                "role": {
                                    "enum": [
                                        "receiving_officer",
                                        "specialist",
                                        "unit_leader",
                                        "centre_director",
                                        "administrator",
                                    ]
                                },
                                "duration": {"type": "number", "exclusiveMinimum": 0, "maximum": 3650},
                                "unit": _unit,
                                "parallel_group": {"type": ["integer", "null"], "minimum": 1},
                            },
                        },
                    },
                },
            },
        },
    },
}

FILE_SCHEMA = {
    "type": "object",
    "required": ["format", "procedures"],
    "properties": {
        "format": {"const": FORMAT},
        "source": {"type": "string"},
        "procedures": {"type": "array"},
    },
}
