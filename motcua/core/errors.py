"""Errors that carry a code, whatever app raises them (a leaf module: it imports nothing of the project).

A `ValidationError` takes its code from Django (`ValidationError(message, code=…)`); for what Django's exceptions
have no code for, this module has small exceptions that keep a translated message and a code:
  - `Refused` — a `PermissionDenied` that says which rule refused (the API answers 403);
  - `Conflict` — the request conflicts with the current state and nothing was written (409);
  - `Throttled` — too many requests from here for now (429).

The codes of each domain are an enum in that domain's `errors.py` (`dossiers`, `payments`, `catalog`, `feedback`,
`datastore`); the codes for a value whatever the domain are `InputErrorCode` below (Django's own names where it has
one). docs/errors.md lists them all.
"""

from enum import StrEnum

from django.core.exceptions import PermissionDenied, ValidationError


class InputErrorCode(StrEnum):
    """What is wrong with a field's value, in any domain."""

    REQUIRED = "required"
    INVALID = "invalid"
    INVALID_CHOICE = "invalid_choice"
    MAX_LENGTH = "max_length"
    MIN_LENGTH = "min_length"
    MAX_VALUE = "max_value"
    MIN_VALUE = "min_value"
    UNKNOWN_FIELD = "unknown_field"


class Coded:
    """A message for people (translated when raised) and a code for programs, on any exception class."""

    def __init__(self, message, *, code: str):
        super().__init__(message)
        self.message = message
        self.code = code

    def __str__(self) -> str:
        return str(self.message)


class CodedError(Coded, Exception):
    """An error with a message and a code."""


class Refused(Coded, PermissionDenied):
    """The actor may not do this; `code` says which rule refused."""


class Conflict(CodedError):
    """The request conflicts with the current state (a changed revision, something done once already)."""


class Throttled(CodedError):
    """Too many requests from this client for now; the message says how long to wait."""


def error_codes(error: ValidationError) -> dict[str, list[str]]:
    """`{field: [code, …]}` of a ValidationError, like its `message_dict` (`__all__` for errors of no field)."""
    if hasattr(error, "error_dict"):
        return {field: [e.code for e in errors] for field, errors in error.error_dict.items()}
    return {"__all__": [e.code for e in error.error_list]}
