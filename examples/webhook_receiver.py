"""An example receiver for MédiMarché's lead webhook: verify, deduplicate, store.

Run it with `python examples/webhook_receiver.py --port 9000 --secret SECRET`
and set `LEADS_WEBHOOK_URL=http://127.0.0.1:9000/` and the same
`LEADS_WEBHOOK_SECRET` on the lead service. Every delivery is a JSON POST
(payload version 1, see the README) with three headers:

- `X-MediMarche-Timestamp`: Unix time of the attempt, in seconds;
- `X-MediMarche-Signature`: `sha256=` and the hex HMAC-SHA256, keyed with the
  shared secret, of the bytes `<timestamp>.<body>`;
- `Idempotency-Key`: the lead id. Delivery is at least once: the same lead
  may come again after a timeout or a crash; keep the ids you have seen.

A receiver must compare signatures in constant time (`hmac.compare_digest`),
refuse a timestamp more than 5 minutes away from its clock (replays), and
answer 2xx only once the lead is safely stored: any other answer makes the
service try again later (401 and other 4xx stop it: the delivery goes to the
dead letters, shown in the sales inbox). Standard library only, so it can be
copied anywhere.
"""

from __future__ import annotations

import argparse
import hashlib
import hmac
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

TOLERANCE_SECONDS = 300


def verify(secret: str, timestamp: str | None, signature: str | None, body: bytes) -> bool:
    """True when `signature` is the HMAC of `timestamp.body` and the timestamp is recent."""
    if not timestamp or not signature or not timestamp.isdigit():
        return False
    if abs(time.time() - int(timestamp)) > TOLERANCE_SECONDS:
        return False
    expected = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return hmac.compare_digest("sha256=" + expected.hexdigest(), signature)


class LeadStore:
    """The leads received, once each (a real receiver writes them to its CRM)."""

    def __init__(self):
        self.leads: dict[str, dict] = {}
        self.calls = 0
        self.lock = threading.Lock()

    def add(self, key: str, lead: dict) -> bool:
        """Store the lead; False when this idempotency key was seen already."""
        with self.lock:
            if key in self.leads:
                return False
            self.leads[key] = lead
            return True


def make_handler(secret: str, store: LeadStore) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            with store.lock:
                store.calls += 1
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            if not verify(
                secret,
                self.headers.get("X-MediMarche-Timestamp"),
                self.headers.get("X-MediMarche-Signature"),
                body,
            ):
                return self.answer(401, {"error": "bad signature"})
            key = self.headers.get("Idempotency-Key")
            try:
                lead = json.loads(body)
            except ValueError:
                return self.answer(400, {"error": "body is not JSON"})
            if not key or key != lead.get("id"):
                return self.answer(400, {"error": "Idempotency-Key must be the lead id"})
            fresh = store.add(key, lead)
            self.answer(200, {"stored": fresh})  # a repeat is a success too: stop sending

        def answer(self, status: int, data: dict) -> None:
            body = json.dumps(data).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format, *args) -> None:
            pass

    return Handler


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=9000)
    parser.add_argument("--secret", required=True)
    args = parser.parse_args()
    store = LeadStore()
    server = ThreadingHTTPServer(("127.0.0.1", args.port), make_handler(args.secret, store))
    print(f"Listening on http://127.0.0.1:{args.port}/", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
