"""A limit on public verification look-ups per client address, so the codes cannot be
tried one after another. Counters live in the shared cache (Redis in production), so
every web host counts against the same limit.

The window is fixed and starts with a client's first look-up: after
``settings.CERTIFICATE_VERIFY_RATE`` look-ups the client waits until that minute is
over. Incrementing keeps a key's expiry in Django's cache backends, so the counter and
its start time expire together."""

import math
import time

from django.conf import settings
from django.core.cache import cache

WINDOW_SECONDS = 60
KEY_PREFIX = "certificates:verify"


def _keys(request) -> tuple[str, str]:
    address = request.META.get("REMOTE_ADDR") or "unknown"
    base = f"{KEY_PREFIX}:{address}"
    return f"{base}:count", f"{base}:start"


def _retry_after(start_key: str) -> int:
    """Whole seconds until the client's window is over (1 to 60)."""
    started = cache.get(start_key)
    if started is None:
        return 1
    remaining = started + WINDOW_SECONDS - time.time()
    return min(WINDOW_SECONDS, max(1, math.ceil(remaining)))


def verification_blocked(request) -> int | None:
    """Seconds to wait if the client has used up its look-ups, else None. Counts
    nothing."""
    count_key, start_key = _keys(request)
    if (cache.get(count_key) or 0) < settings.CERTIFICATE_VERIFY_RATE:
        return None
    return _retry_after(start_key)


def verification_hit(request) -> int | None:
    """Count one look-up. Returns the seconds to wait if it is over the limit (the
    look-up must then not be made), else None."""
    count_key, start_key = _keys(request)
    if cache.add(count_key, 0, timeout=WINDOW_SECONDS):
        cache.set(start_key, time.time(), timeout=WINDOW_SECONDS)
    try:
        count = cache.incr(count_key)
    except ValueError:
        # The window ended between add() and incr(): this look-up opens a new one.
        cache.set(count_key, 1, timeout=WINDOW_SECONDS)
        cache.set(start_key, time.time(), timeout=WINDOW_SECONDS)
        count = 1
    if count <= settings.CERTIFICATE_VERIFY_RATE:
        return None
    return _retry_after(start_key)
