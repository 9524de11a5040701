"""The counter tablet's link: signed, bound to one dossier code, valid for 30 minutes, no login needed.

The token is the timestamp and signature of `TimestampSigner.sign(code)`; the code itself is already in the URL,
so the token cannot be moved to another dossier. Reuse is prevented by the one-rating-per-dossier rule: once the
dossier is rated, every token for it is spent.
"""

from django.core import signing

MAX_AGE_SECONDS = 30 * 60
_SALT = "motcua.feedback.tablet"


def _signer() -> signing.TimestampSigner:
    return signing.TimestampSigner(salt=_SALT)


def tablet_token(code: str) -> str:
    signed = _signer().sign(code)
    return signed[len(code) + 1 :]  # drop "<code>:"


def tablet_token_valid(code: str, token: str) -> bool:
    if not token:
        return False
    try:
        return _signer().unsign(f"{code}:{token}", max_age=MAX_AGE_SECONDS) == code
    except signing.BadSignature:  # SignatureExpired is a BadSignature
        return False
