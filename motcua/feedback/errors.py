"""The codes of the feedback domain's errors (docs/errors.md); field-value codes are `core.errors.InputErrorCode`."""

from enum import StrEnum


class FeedbackErrorCode(StrEnum):
    NOT_APPLICANT = "not_applicant"
    LINK_INVALID = "link_invalid"
    NOT_AT_DESK = "not_at_desk"
    NOT_RETURNED = "not_returned"
    ALREADY_RATED = "already_rated"
