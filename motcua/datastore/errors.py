"""The codes of the personal data store's errors (docs/errors.md)."""

from enum import StrEnum


class DatastoreErrorCode(StrEnum):
    IDENTITY_NOT_VERIFIED = "identity_not_verified"
    NOT_IN_STORE = "not_in_store"
    DOCUMENT_NOT_IN_DOSSIER = "document_not_in_dossier"
