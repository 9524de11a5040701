"""One HTTP POST to the portal, and what its answer means for the message (standard library only)."""

import http.client
import json
import urllib.error
import urllib.request
from dataclasses import dataclass

from django.core.serializers.json import DjangoJSONEncoder

ERROR_CHARS = 1000
READ_LIMIT = 8 * 1024  # the answer's body only feeds `last_error`


class Verdict:
    SENT = "sent"
    RETRY = "retry"
    DEAD = "dead"


@dataclass(frozen=True)
class Outcome:
    verdict: str
    status_code: int | None = None
    error: str = ""
    retry_after: float | None = None  # seconds, when the portal asked (429/503 Retry-After)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """urllib would follow a 301/302 as a GET without the body: a redirect is an answer (a wrong URL)."""

    def redirect_request(self, *args, **kwargs):
        return None


_opener = urllib.request.build_opener(_NoRedirect)


def _retry_after(headers) -> float | None:
    value = (headers or {}).get("Retry-After", "")
    return float(value) if value.strip().isdigit() else None


def judge(status: int, body: str, headers=None) -> Outcome:
    """2xx: delivered. 409: the portal already holds this idempotency key, so it has the message. 408, 429 and
    5xx: the portal may take it later. Any other answer (4xx, 3xx) will never succeed as sent: dead."""
    if 200 <= status < 300:
        return Outcome(Verdict.SENT, status)
    if status == 409:
        return Outcome(Verdict.SENT, status, body[:ERROR_CHARS])
    if status in (408, 429) or status >= 500:
        return Outcome(Verdict.RETRY, status, body[:ERROR_CHARS], _retry_after(headers))
    return Outcome(Verdict.DEAD, status, body[:ERROR_CHARS])


def post(*, url: str, token: str, idempotency_key: str, payload: dict, timeout: float) -> Outcome:
    body = json.dumps(payload, cls=DjangoJSONEncoder, ensure_ascii=False).encode()
    headers = {
        "Content-Type": "application/json; charset=utf-8",
        "Accept": "application/json",
        "Idempotency-Key": idempotency_key,
        "User-Agent": "motcua-portal-sync/1",
    }
    if token:
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")  # noqa: S310 - scheme checked in settings
    try:
        with _opener.open(request, timeout=timeout) as response:
            return judge(response.status, _text(response), response.headers)
    except urllib.error.HTTPError as error:
        with error:
            return judge(error.code, _text(error), error.headers)
    except (TimeoutError, urllib.error.URLError, http.client.HTTPException, OSError) as error:
        # Timeouts, refused or reset connections, DNS, TLS: the portal may well be back in a minute.
        reason = getattr(error, "reason", error)
        return Outcome(Verdict.RETRY, None, f"{type(reason).__name__}: {reason}"[:ERROR_CHARS])


def _text(response) -> str:
    try:
        return response.read(READ_LIMIT).decode("utf-8", "replace")[:ERROR_CHARS]
    except (TimeoutError, OSError, http.client.HTTPException):
        return ""
