"""Who is posting: the client address behind trusted proxies, and the per-address rate limit.

`X-Forwarded-For` is believed only when the peer is one of
`LEADS_TRUSTED_PROXIES` (none by default), and then read from the right, so a
client cannot pick its own address by sending the header itself. The service
runs uvicorn with proxy headers off for the same reason (see `__main__`).
"""

from __future__ import annotations

import ipaddress
import math
import time

from limits import parse_many
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter

from .settings import Settings


def client_ip(peer: str | None, forwarded_for: str | None, settings: Settings) -> str | None:
    """The address to rate-limit and store for a request coming from `peer`."""
    if not peer or not forwarded_for or not _trusted(peer, settings):
        return peer
    hops = [hop.strip() for hop in forwarded_for.split(",") if hop.strip()]
    for hop in reversed(hops):
        if not _trusted(hop, settings):
            return hop
    return hops[0] if hops else peer


def _trusted(address: str, settings: Settings) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in settings.trusted_proxies)


class RateLimit:
    """`LEADS_RATE_LIMIT` posts per client address (moving windows); `0` turns it off.

    The counters live in `LEADS_RATE_LIMIT_STORAGE`: memory (per process) by
    default, or a shared store such as `redis://` when several workers run.
    """

    def __init__(self, settings: Settings):
        self._items = parse_many(settings.rate_limit) if settings.rate_limit_enabled else []
        self._limiter = MovingWindowRateLimiter(storage_from_string(settings.rate_limit_storage))

    def retry_after(self, key: str) -> int:
        """0 when this post is allowed, else the seconds to wait (the post counts otherwise)."""
        for item in self._items:
            if not self._limiter.hit(item, "leads", key):
                reset = self._limiter.get_window_stats(item, "leads", key).reset_time
                return max(1, math.ceil(reset - time.time()))
        return 0
