"""The webhook's JSON payload, version 1: stable, documented field by field in the README.

Fields are only ever added within a version; renaming or removing one makes
version 2. Decimals travel as strings ("12500.00") so no receiver rounds
an amount; times are ISO 8601 in UTC; absent values are `null`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime
from decimal import Decimal

VERSION = 1
EVENT = "lead.created"


def lead_payload(lead: Mapping) -> dict:
    """The documented payload of one stored lead (a `leads` row)."""
    return {
        "version": VERSION,
        "event": EVENT,
        "id": lead["id"],
        "created_at": iso(lead["created_at"]),
        "kind": lead["kind"],
        "contact": {
            "name": lead.get("name"),
            "email": lead["email"],
            "phone": lead.get("phone_e164") or lead.get("phone"),
            "organization": lead.get("organization"),
            "profession": lead.get("profession"),
        },
        "request": {
            "product": lead.get("product"),
            "offer": lead.get("offer"),
            "supplier": lead.get("supplier"),
            "quantity": lead.get("quantity"),
            "delivery": lead.get("delivery"),
            "message": lead.get("message"),
        },
        "financing": {
            "amount": decimal(lead.get("amount")),
            "amount_basis": lead.get("amount_basis"),
            "duration_months": lead.get("duration"),
            "formula": lead.get("financing"),
            "monthly_payment": decimal(lead.get("monthly_payment")),
            "payment_timing": lead.get("payment_timing"),
            "residual_percent": decimal(lead.get("residual_percent")),
        },
        "consent": {
            "newsletter": bool(lead.get("consent")),
            "text_version": lead.get("consent_version"),
            "at": iso(lead.get("consent_at")),
        },
        "source": {
            "page_url": lead.get("page_url"),
            "page_title": lead.get("page_title"),
            "referrer": lead.get("referrer"),
            "utm_source": lead.get("utm_source"),
            "utm_medium": lead.get("utm_medium"),
            "utm_campaign": lead.get("utm_campaign"),
            "utm_term": lead.get("utm_term"),
            "utm_content": lead.get("utm_content"),
        },
        "duplicate_of": lead.get("duplicate_of"),
    }


def encode(payload: dict) -> bytes:
    """Compact UTF-8 JSON: the exact bytes that are signed and sent."""
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()


def iso(value: datetime | None) -> str | None:
    if value is None:
        return None
    return as_utc(value).isoformat().replace("+00:00", "Z")


def as_utc(value: datetime) -> datetime:
    """SQLite gives back naive datetimes: every time we store is UTC."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def decimal(value) -> str | None:
    if value is None:
        return None
    return str(Decimal(value).quantize(Decimal("0.01")))
