"""The codes of the payments domain's errors (docs/errors.md); field-value codes are `core.errors.InputErrorCode`."""

from enum import StrEnum


class PaymentErrorCode(StrEnum):
    NOT_ALLOWED = "not_allowed"
    DOSSIER_CLOSED = "dossier_closed"
    NOTHING_DUE = "nothing_due"
    WRONG_AMOUNT = "wrong_amount"
    UNKNOWN_REFERENCE = "unknown_reference"
    PAYMENT_CLOSED = "payment_closed"
    FEE_NOT_CHARGED = "fee_not_charged"
    FEE_PAID = "fee_paid"
    FEE_EXEMPTED = "fee_exempted"
    FEE_FREE = "fee_free"
