"""A JSON POST whose failures are sorted into retryable and permanent ones.

Shared by the HTTP channels (webhook, HubSpot). Network errors, timeouts,
408, 429 (honouring `Retry-After`) and 5xx are retried; any other 4xx is
permanent, because the receiver refused this very payload.
"""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from functools import cache

import httpx

from ..render import seconds
from .base import PermanentError, RetryableError

USER_AGENT = "MediMarche-Leads/1"
RETRIED_STATUSES = {408, 425, 429}
TIMEOUT_STEPS = {
    "ConnectTimeout": "la connexion",
    "WriteTimeout": "l’envoi",
    "ReadTimeout": "la réponse",
}


def post(url: str, body: bytes, headers: dict[str, str], timeout: float) -> str:
    """POST `body`; the French detail of a success, or a `DeliveryError`."""
    try:
        response = _client().post(
            url,
            content=body,
            headers={"Content-Type": "application/json", "User-Agent": USER_AGENT, **headers},
            timeout=timeout,
        )
    except httpx.TimeoutException as err:
        waiting = TIMEOUT_STEPS.get(type(err).__name__, "la réponse")
        raise RetryableError(
            f"Délai dépassé ({seconds(timeout)} s) en attendant {waiting}."
        ) from err
    except httpx.HTTPError as err:
        raise RetryableError(f"Erreur réseau : {err or type(err).__name__}.") from err
    status = response.status_code
    if 200 <= status < 300:
        return f"Accepté (HTTP {status})."
    excerpt = response.text[:300].strip()
    detail = f"Refusé (HTTP {status})" + (f" : {excerpt}" if excerpt else ".")
    if status in RETRIED_STATUSES or status >= 500:
        raise RetryableError(detail, retry_after(response.headers.get("retry-after")))
    raise PermanentError(detail)


@cache
def _client() -> httpx.Client:
    """One pooled client per process: a new one per call rebuilt its TLS context each time."""
    return httpx.Client(follow_redirects=False)


def retry_after(value: str | None) -> float | None:
    """`Retry-After` in seconds, given as a number or an HTTP date; None when absent or bad."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())
