"""Spam signals that never lose a lead: suspected spam is stored as quarantined.

Two signals, no third-party CAPTCHA:

- a honeypot field (`website`), hidden by CSS and labelled « ne remplissez pas
  ce champ »: people leave it empty, form-filling robots do not;
- a minimum fill time. The site is static, so a timestamp written into the
  HTML at build time would be the same for every visitor and say nothing about
  when the page was opened. Instead the form's script asks the service for a
  *form token* when the page loads (`GET /api/leads/token`): a random nonce
  signed with its issue time (itsdangerous `TimestampSigner`). The form posts
  it back; a token younger than `LEADS_MIN_FILL_SECONDS` marks the lead, and
  a forged one too.

Without JavaScript no token comes back: the fill time is then unknown and not
held against the person (a browser without JavaScript is not a robot). The
same nonce is the idempotency key of the lead (see `store.idempotency_key`).
"""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass

from itsdangerous import BadSignature, TimestampSigner

HONEYPOT = "website"
TOKEN = "form_token"

# Reason codes stored with a quarantined lead; the sales inbox shows the labels.
REASONS = {
    "honeypot": "Champ piège rempli",
    "too_fast": "Formulaire rempli trop vite",
    "forged_token": "Jeton de formulaire falsifié",
}


@dataclass(frozen=True)
class Verdict:
    reasons: tuple[str, ...]
    nonce: str | None  # the verified form token's nonce, if a valid one came
    fill_seconds: float | None

    @property
    def quarantined(self) -> bool:
        return bool(self.reasons)


class FormTokens:
    """Issues and checks signed form tokens."""

    def __init__(self, secret_key: str, min_fill_seconds: float):
        self._signer = TimestampSigner(secret_key, salt="leads.form-token")
        self._min_fill = min_fill_seconds

    def issue(self) -> str:
        return self._signer.sign(secrets.token_urlsafe(16)).decode()

    def judge(self, honeypot: object, token: object, now: float | None = None) -> Verdict:
        reasons = []
        if honeypot is not None and str(honeypot).strip():
            reasons.append("honeypot")
        nonce, fill = None, None
        if isinstance(token, str) and token:
            try:
                raw, issued = self._signer.unsign(token, return_timestamp=True)
            except BadSignature:
                reasons.append("forged_token")
            else:
                nonce = raw.decode()
                fill = max(0.0, (time.time() if now is None else now) - issued.timestamp())
                if fill < self._min_fill:
                    reasons.append("too_fast")
        elif token not in (None, ""):
            reasons.append("forged_token")
        return Verdict(tuple(reasons), nonce, fill)
