"""The codes of the catalogue's errors (docs/errors.md): importing a catalogue file, procedures in force."""

from enum import StrEnum


class CatalogErrorCode(StrEnum):
    NOT_ALLOWED = "not_allowed"
    FILE_NOT_FOUND = "file_not_found"
    NOT_UTF8 = "not_utf8"
    NOT_JSON = "not_json"
    INVALID_CATALOGUE = "invalid_catalogue"
