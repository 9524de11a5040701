"""The codes of the dossier domain's errors: filing, the desk, steps, decisions, the public lookup.

A code names the rule, not the wording: the message is translated, the code stays (docs/errors.md). The codes
for a value whatever the domain (`required`, `invalid`, …) are `motcua.core.errors.InputErrorCode`, those of
uploaded files `motcua.core.uploads.UploadError`.
"""

from enum import StrEnum


class DossierErrorCode(StrEnum):
    # the engine (every action)
    STALE_REVISION = "stale_revision"
    WRONG_STATE = "wrong_state"
    NOT_ALLOWED = "not_allowed"
    # filing
    NOT_IN_FORCE = "not_in_force"
    CHANNEL_NOT_OFFERED = "channel_not_offered"
    COUNTER_ELSEWHERE = "counter_elsewhere"
    COMMUNE_ELSEWHERE = "commune_elsewhere"
    UNKNOWN_CASE = "unknown_case"
    UNKNOWN_DOCUMENT = "unknown_document"
    NOT_OWN_NAME = "not_own_name"
    IDENTITY_NOT_VERIFIED = "identity_not_verified"
    NO_AGENT_ORGANISATION = "no_agent_organisation"
    STAFF_ONLY = "staff_only"
    NO_CENTRE = "no_centre"
    UNKNOWN_UNIT = "unknown_unit"
    UNKNOWN_PROCEDURE = "unknown_procedure"
    UNKNOWN_COMMUNE = "unknown_commune"
    KEY_REUSED = "key_reused"
    # files
    DOCUMENT_NOT_IN_DOSSIER = "document_not_in_dossier"
    # steps
    UNIT_NOT_COMPETENT = "unit_not_competent"
    STEP_TAKEN = "step_taken"
    NOT_ON_UNIT = "not_on_unit"
    LAST_STEP = "last_step"
    NOT_AN_EARLIER_STEP = "not_an_earlier_step"
    # supplements
    NOT_ASKED = "not_asked"
    NOTHING_RECEIVED = "nothing_received"
    # decisions
    FEES_UNPAID = "fees_unpaid"
    NO_RESULT = "no_result"
    ALREADY_APOLOGISED = "already_apologised"
    PAST_APPOINTMENT = "past_appointment"
    NOT_LATER = "not_later"
    NOT_WORKING_DAY = "not_working_day"
    # the public lookup
    TOO_MANY_LOOKUPS = "too_many_lookups"
    TOO_MANY_MISSES = "too_many_misses"
