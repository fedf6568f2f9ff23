"""When to try a failed delivery again: exponential backoff with jitter.

The delay doubles with each attempt up to a cap; half of it is random
("equal jitter") so that deliveries failing together, when a CRM comes back,
do not all retry in the same second, while none retries sooner than half
its backoff. A `Retry-After` given by the receiver is a floor, even above the
cap (the receiver knows when it will be back), up to a day.
"""

from __future__ import annotations

import random

RETRY_AFTER_LIMIT = 24 * 3600.0


def next_delay(
    attempt: int,
    base: float,
    cap: float,
    retry_after: float | None = None,
    rng: random.Random | None = None,
) -> float:
    """Seconds to wait after failed attempt number `attempt` (1 for the first)."""
    ceiling = min(cap, base * 2 ** max(attempt - 1, 0))
    delay = ceiling / 2 + (rng or random).uniform(0, ceiling / 2)
    if retry_after is not None:
        delay = max(delay, min(retry_after, RETRY_AFTER_LIMIT))
    return delay
