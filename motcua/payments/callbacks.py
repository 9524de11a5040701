"""The provider's callback, from raw request to settled payment: verify, spend the nonce, confirm.

The view and the demo's simulated bank both go through `handle_callback`, so the demo exercises the exact
path a real bank's message takes.
"""

import logging
import time
from dataclasses import dataclass, field

from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import IntegrityError, transaction

from . import services
from .models import CallbackNonce, Payment
from .providers import CallbackRejected, get_provider

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class CallbackResult:
    status: int
    body: dict = field(default_factory=dict)


def _rejected(status: int, error: str, field_name: str = "") -> CallbackResult:
    body = {"ok": False, "error": error}
    if field_name:
        body["field"] = field_name
    return CallbackResult(status, body)


def handle_callback(provider_name: str, body: bytes, headers) -> CallbackResult:
    provider = get_provider(provider_name)
    if provider is None:
        return _rejected(404, "unknown provider")
    try:
        callback = provider.verify(body=body, headers=headers, now=time.time())
    except CallbackRejected as error:
        log.warning("payment callback from %s rejected: %s", provider_name, error.message)
        return _rejected(error.status, error.message, error.field)
    except ImproperlyConfigured:
        log.error("payment callback from %s: no callback secret configured", provider_name)
        return _rejected(503, "callbacks are not configured")
    try:  # the nonce is spent even if what follows fails: a signed message is acted on once
        with transaction.atomic():
            CallbackNonce.objects.create(provider=provider.name, nonce=callback.nonce)
    except IntegrityError:
        log.warning("payment callback from %s replayed (nonce %s)", provider_name, callback.nonce)
        return _rejected(409, "nonce already used", "nonce")
    try:
        if callback.status == "failed":
            payment = services.payment_fail(provider=provider.name, reference=callback.reference)
        else:
            payment = services.payment_confirm(
                provider=provider.name, reference=callback.reference, amount=callback.amount
            )
    except services.PaymentNotFound:
        return _rejected(404, "unknown reference", "reference")
    except services.PaymentClosed:
        # Money for a cancelled code (the payer also paid cash, say): refunded by hand, so make it loud.
        log.error("payment callback from %s for closed payment %s", provider_name, callback.reference)
        return _rejected(409, "payment is no longer open", "reference")
    except ValidationError as error:
        field_name, messages = next(iter(error.message_dict.items()))
        return _rejected(422, " ".join(messages), field_name)
    return CallbackResult(
        200,
        {"ok": True, "status": payment.status, "receipt": payment.receipt.number if payment.receipt_id else None},
    )


def demo_bank_pay(payment: Payment, *, amount: int | None = None) -> CallbackResult:
    """Play the bank: sign a 'paid' callback for the payment and deliver it through the real path."""
    provider = get_provider(payment.provider)
    if provider is None or not hasattr(provider, "sign"):
        raise ValueError(f"provider {payment.provider!r} cannot be simulated")
    body, headers = provider.sign(
        reference=payment.provider_reference, amount=payment.amount if amount is None else amount
    )
    return handle_callback(payment.provider, body, headers)
