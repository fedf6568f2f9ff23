"""CSRF protection: a synchronizer token kept in the signed session cookie.

Every form of the inbox carries the session's token in a hidden field; a POST
whose field is missing or differs is refused, whatever its cookie. The
cookie is also `SameSite=Strict`, so another site's form does not even send
it: two locks, as OWASP recommends.
"""

from __future__ import annotations

import secrets

FIELD = "csrf_token"


def new_token() -> str:
    return secrets.token_urlsafe(32)


def matches(expected: str | None, submitted: object) -> bool:
    """Constant-time comparison; an absent or non-text value never matches."""
    if not expected or not isinstance(submitted, str) or not submitted:
        return False
    return secrets.compare_digest(expected.encode(), submitted.encode())
