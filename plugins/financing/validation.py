"""The simulator's inputs, read as a person types them, with French messages.

`financing.js` gives the same messages for the same inputs (the browser test
checks it), and `leads/models.py` refuses the same values in a posted lead.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from babel.numbers import format_decimal

from .formula import CENT, to_cents
from .settings import FinancingSettings

_SPACES = re.compile(r"[\s\u00a0\u202f]")
_AMOUNT = re.compile(r"^\d+([.,]\d{1,2})?$")


def euros(value: Decimal) -> str:
    """« 5 000 000 » for messages (no cents when there are none)."""
    pattern = "#,##0" if value == value.to_integral_value() else "#,##0.00"
    return format_decimal(value, format=pattern, locale="fr_FR")


def parse_amount(text: str, settings: FinancingSettings, basis: str = "ht") -> Decimal:
    """The amount typed (« 12 500,50 », « 12500.5 € »), or ValueError with the French message."""
    cleaned = _SPACES.sub("", text or "").removesuffix("€")
    if not cleaned:
        raise ValueError("Indiquez le montant à financer.")
    if not _AMOUNT.match(cleaned):
        raise ValueError("Indiquez un montant en euros, par exemple 12 500.")
    try:
        amount = Decimal(cleaned.replace(",", ".")).quantize(CENT)
    except InvalidOperation as err:  # pragma: no cover - the pattern already refused it
        raise ValueError("Indiquez un montant en euros, par exemple 12 500.") from err
    low, high = settings.min_amount, settings.max_amount
    if basis == "ttc":
        factor = (100 + settings.vat_rate) / Decimal(100)
        low, high = to_cents(low * factor), to_cents(high * factor)
    label = "HT" if basis == "ht" else "TTC"
    if not low <= amount <= high:
        raise ValueError(
            f"Indiquez un montant entre {euros(low)}\u00a0€ et {euros(high)}\u00a0€\u00a0{label}."
        )
    return amount


def parse_duration(text: str, settings: FinancingSettings) -> int:
    cleaned = _SPACES.sub("", text or "")
    if not cleaned:
        raise ValueError("Indiquez une durée en mois.")
    low, high = settings.min_duration, settings.max_duration
    if not cleaned.isdigit() or not low <= int(cleaned) <= high:
        raise ValueError(f"Indiquez une durée entière entre {low} et {high} mois.")
    return int(cleaned)


def parse_residual(text: str, settings: FinancingSettings) -> Decimal:
    cleaned = _SPACES.sub("", text or "").removesuffix("%")
    high = settings.max_residual_percent
    message = f"Indiquez une valeur résiduelle entre 0 et {euros(high)}\u00a0%."
    if not cleaned:
        raise ValueError(message)
    try:
        percent = Decimal(cleaned.replace(",", "."))
    except InvalidOperation as err:
        raise ValueError(message) from err
    if not percent.is_finite() or not 0 <= percent <= high or percent != percent.quantize(CENT):
        raise ValueError(message)
    return percent
