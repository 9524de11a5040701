"""A fixed-window rate limit on the Django cache, for login and public endpoints."""

from django.core.cache import cache


def hit(key: str, *, limit: int, window_seconds: int) -> bool:
    """Count one attempt under `key`; True while the attempts in this window stay within `limit`."""
    cache_key = f"ratelimit:{key}"
    cache.add(cache_key, 0, timeout=window_seconds)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, timeout=window_seconds)
        count = 1
    return count <= limit


def client_ip(request) -> str:
    return request.META.get("REMOTE_ADDR", "unknown")
