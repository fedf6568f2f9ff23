"""CRM webhook: the versioned JSON payload POSTed to `LEADS_WEBHOOK_URL`, signed with HMAC.

Headers: `Idempotency-Key` (the lead id: a receiver that has seen it drops
the repeat), `X-MediMarche-Timestamp` and `X-MediMarche-Signature`
(`sha256=` HMAC over `timestamp.body`, see `signing.py`). Each attempt signs
afresh, so a retry hours later still passes a receiver's replay window.
"""

from __future__ import annotations

from collections.abc import Mapping

from ...settings import Settings
from ..payload import encode, lead_payload
from ..signing import signed_headers
from . import http
from .base import Channel


class WebhookChannel(Channel):
    name = "webhook"

    def __init__(self, url: str, secret: str, timeout: float):
        self.url, self.secret, self.timeout = url, secret, timeout

    @classmethod
    def from_settings(cls, settings: Settings) -> WebhookChannel | None:
        if not settings.webhook_url:
            return None
        return cls(settings.webhook_url, settings.webhook_secret, settings.delivery_timeout_seconds)

    def destination(self, lead: Mapping) -> str:
        return self.url

    def send(self, lead: Mapping, destination: str) -> str:
        body = encode(lead_payload(lead))
        headers = {"Idempotency-Key": lead["id"], **signed_headers(self.secret, body)}
        return http.post(destination, body, headers, self.timeout)
