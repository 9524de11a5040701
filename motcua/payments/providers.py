"""Payment providers: who turns a payment into a QR code and vouches for it afterwards with a signed callback.

`DemoBankProvider` is the reference: callbacks are JSON bodies signed with HMAC-SHA256 over
`reference|amount|status|timestamp|nonce` in the `X-Signature` header (hex), the timestamp within five
minutes of our clock and the nonce never seen before. A real bank plugs in as another class with the same
two methods, listed in `MOTCUA_PAYMENT["PROVIDERS"]` (see docs/payments.md).
"""

import hashlib
import hmac
import json
import re
import secrets
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol

from django.utils.module_loading import import_string

from motcua.core.input_guard import BadInput, parse_json

from . import vietqr
from .conf import callback_secret, payment_settings

MAX_SKEW_SECONDS = 300
CALLBACK_STATUSES = ("paid", "failed")
_NONCE = re.compile(r"[A-Za-z0-9_-]{8,64}")
_REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: references are read aloud too


class CallbackRejected(Exception):
    """The callback cannot be trusted or understood; `status` is the HTTP answer."""

    def __init__(self, status: int, message: str, field: str = ""):
        super().__init__(message)
        self.status = status
        self.message = message
        self.field = field


@dataclass(frozen=True)
class ProviderPayment:
    reference: str
    qr_payload: str


@dataclass(frozen=True)
class Callback:
    reference: str
    amount: int
    status: str  # "paid" or "failed"
    timestamp: int
    nonce: str


class PaymentProvider(Protocol):
    name: str

    def create(self, *, amount: int, dossier_code: str) -> ProviderPayment:
        """A reference for a new payment and the QR payload the payer scans."""
        ...

    def verify(self, *, body: bytes, headers: Mapping[str, str], now: float) -> Callback:
        """The callback's content if its signature and timestamp hold; else raise CallbackRejected."""
        ...


def new_reference() -> str:
    return "MC" + "".join(secrets.choice(_REFERENCE_ALPHABET) for _i in range(10))


def canonical(callback: Callback) -> bytes:
    return f"{callback.reference}|{callback.amount}|{callback.status}|{callback.timestamp}|{callback.nonce}".encode()


def signature(secret: bytes, callback: Callback) -> str:
    return hmac.new(secret, canonical(callback), hashlib.sha256).hexdigest()


def _field(data: dict, name: str, kind: type):
    value = data.get(name)
    if not isinstance(value, kind) or isinstance(value, bool):
        raise CallbackRejected(400, f"'{name}' is missing or not a {kind.__name__}", name)
    return value


def parse_callback(body: bytes) -> Callback:
    try:
        data = parse_json(body)  # depth-bounded: a few KiB of brackets would exhaust the stack
    except BadInput as error:
        raise CallbackRejected(400, "the body is not JSON, nests too deep or holds control characters") from error
    if not isinstance(data, dict):
        raise CallbackRejected(400, "the body is not a JSON object")
    callback = Callback(
        reference=_field(data, "reference", str),
        amount=_field(data, "amount", int),
        status=_field(data, "status", str),
        timestamp=_field(data, "timestamp", int),
        nonce=_field(data, "nonce", str),
    )
    if callback.status not in CALLBACK_STATUSES:
        raise CallbackRejected(400, "'status' is 'paid' or 'failed'", "status")
    if not _NONCE.fullmatch(callback.nonce):
        raise CallbackRejected(400, "'nonce' is 8 to 64 letters, digits, '-' or '_'", "nonce")
    if callback.amount <= 0:
        raise CallbackRejected(400, "'amount' is a positive number of đồng", "amount")
    return callback


class DemoBankProvider:
    """A bank as the demo needs one: VietQR to the configured account, HMAC-signed callbacks."""

    name = "demobank"
    signature_header = "X-Signature"

    def create(self, *, amount: int, dossier_code: str) -> ProviderPayment:
        config = payment_settings()
        reference = new_reference()
        purpose = "".join(ch for ch in dossier_code if ch.isalnum())  # bank content: letters and digits only
        payload = vietqr.build(
            vietqr.Transfer(
                bank_bin=config["BANK_BIN"],
                account=config["ACCOUNT"],
                amount=amount,
                reference=reference,
                purpose=purpose[:24],
            )
        )
        return ProviderPayment(reference=reference, qr_payload=payload)

    def verify(self, *, body: bytes, headers: Mapping[str, str], now: float) -> Callback:
        callback = parse_callback(body)
        given = headers.get(self.signature_header, "")
        if not hmac.compare_digest(given.strip().lower(), signature(callback_secret(), callback)):
            raise CallbackRejected(401, "bad signature")
        if abs(now - callback.timestamp) > MAX_SKEW_SECONDS:
            raise CallbackRejected(401, "the timestamp is more than five minutes away", "timestamp")
        return callback

    def sign(self, *, reference: str, amount: int, status: str = "paid", now: float | None = None):
        """A signed callback as the bank would send it: (body, headers). For the demo and tests."""
        callback = Callback(
            reference=reference,
            amount=amount,
            status=status,
            timestamp=int(time.time() if now is None else now),
            nonce=secrets.token_urlsafe(18),
        )
        body = json.dumps(callback.__dict__).encode()
        return body, {self.signature_header: signature(callback_secret(), callback)}


def get_provider(name: str | None = None) -> PaymentProvider | None:
    """The provider called `name` (the configured default if None); None if there is no such provider."""
    config = payment_settings()
    name = name or config["PROVIDER"]
    path = config["PROVIDERS"].get(name)
    if path is None:
        return None
    provider = import_string(path)()
    provider.name = name
    return provider
