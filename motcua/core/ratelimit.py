"""Fixed-window rate limits for login and public endpoints, counted in the shared cache.

The default cache is shared by every process and node (the database, or Redis: see motcua.core.cache and
CACHES in config/settings.py), so a limit holds in total however many workers serve the requests.
"""

import hashlib
import ipaddress

from django.core.cache import cache

from . import conf

# The staff login (and the admin's, which shares its counts): per client address and per username.
LOGIN_WINDOW_SECONDS = 300
LOGIN_PER_ADDRESS = 30
LOGIN_PER_USERNAME = 10


def hit(key: str, *, limit: int, window_seconds: int) -> bool:
    """Count one attempt under `key`; True while the attempts in this window stay within `limit`.

    The window starts with its first attempt and lasts `window_seconds`.
    """
    cache_key = f"ratelimit:{key}"
    try:
        count = cache.incr(cache_key)
    except ValueError:  # no window open yet; unless another process opened it in between, open it
        count = 1 if cache.add(cache_key, 1, timeout=window_seconds) else cache.incr(cache_key)
    else:
        if count == 1:
            # Only an increment that re-created an expired key counts 1 (Redis does that without an expiry).
            cache.touch(cache_key, window_seconds)
    return count <= limit


def attempts(key: str) -> int:
    """How many attempts the current window of `key` has counted, without counting one."""
    return cache.get(f"ratelimit:{key}", 0)


def client_ip(request) -> str:
    """The address limits count under: the peer's, or with MOTCUA_TRUST_PROXY the one our proxies saw.

    Only the entries our own proxies appended to X-Forwarded-For are trusted (with N proxies, the N-th from the
    right is the client), never what the client sent itself. An IPv6 client counts as its /64 network, which
    one household or device may rotate addresses within.
    """
    address = _address(request.META.get("REMOTE_ADDR", ""))
    if hops := conf.trusted_proxies():
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if len(forwarded) >= hops and (seen := _address(forwarded[-hops])):
            address = seen
    if address is None:
        return "unknown"
    if address.version == 6:
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


def _address(value: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        address = ipaddress.ip_address(value.strip())
    except ValueError:
        return None
    return (address.version == 6 and address.ipv4_mapped) or address


def subject(value: str) -> str:
    """A user-typed name or address as a key part: case-folded and hashed (fixed length, not kept readable)."""
    return hashlib.sha256(value.strip().lower().encode()).hexdigest()[:32]


def allowed_for(request, scope: str, typed: str, *, per_address: int, per_typed: int, window_seconds: int) -> bool:
    """Count one attempt of `scope` from this client address and for what was typed (a username, an e-mail
    address); False once either is over its limit in the window."""
    return hit(f"{scope}:ip:{client_ip(request)}", limit=per_address, window_seconds=window_seconds) and hit(
        f"{scope}:typed:{subject(typed)}", limit=per_typed, window_seconds=window_seconds
    )


def login_allowed(request, username: str) -> bool:
    """Count one login attempt (staff login page or admin login) from this address for this username."""
    return allowed_for(
        request,
        "login",
        username[:150],
        per_address=LOGIN_PER_ADDRESS,
        per_typed=LOGIN_PER_USERNAME,
        window_seconds=LOGIN_WINDOW_SECONDS,
    )
