"""HMAC-SHA256 signatures of webhook bodies (`examples/webhook_receiver.py` checks them).

The signed message is `<timestamp>.<body>`: the timestamp (Unix seconds, in
`X-MediMarche-Timestamp`) is covered by the signature, so a captured request
cannot be replayed later than the receiver's tolerance. The signature header
is `X-MediMarche-Signature: sha256=<hex>`.
"""

from __future__ import annotations

import hashlib
import hmac
import time

TIMESTAMP_HEADER = "X-MediMarche-Timestamp"
SIGNATURE_HEADER = "X-MediMarche-Signature"


def sign(secret: str, timestamp: int, body: bytes) -> str:
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return "sha256=" + digest.hexdigest()


def signed_headers(secret: str, body: bytes, now: float | None = None) -> dict[str, str]:
    timestamp = int(time.time() if now is None else now)
    return {TIMESTAMP_HEADER: str(timestamp), SIGNATURE_HEADER: sign(secret, timestamp, body)}
