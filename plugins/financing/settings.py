"""The `FINANCING` setting: defaults, merged with `pelicanconf.py`, checked once.

Marketing staff edit the rates; a typo must stop the build with a French
sentence naming the key (« FINANCING["rates"]["credit-bail"][36] … »), never
publish a wrong monthly payment.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from .formula import FORMULAS, TIMINGS

DEFAULTS: dict = {
    "threshold": 1500,  # € HT: offers from this price get the simulator
    "min_amount": 500,
    "max_amount": 5_000_000,
    "min_duration": 24,
    "max_duration": 84,
    "durations": [24, 36, 48, 60, 72, 84],  # the no-JS table and the lead form's list
    "default_duration": 60,
    "timing": "a-echoir",
    "residual_percent": 1,
    "max_residual_percent": 30,
    "vat_rate": 20,  # when an amount has no offer (the « Financement » page)
    "example_amount": 10000,  # the « Financement » page's starting amount, € HT
    "rates": {
        # yearly rate in %, from each listed duration (in months) up to the next one
        "credit-bail": {24: 4.5, 36: 4.3, 48: 4.1, 60: 4.0, 72: 4.2, 84: 4.4},
        "location-financiere": {24: 5.2, 36: 5.0, 48: 4.8, 60: 4.7, 72: 4.9, 84: 5.1},
    },
}


class FinancingSettingsError(ValueError):
    """`FINANCING` cannot be used as written; the message names the key, in French."""


@dataclass(frozen=True)
class FinancingSettings:
    threshold: Decimal
    min_amount: Decimal
    max_amount: Decimal
    min_duration: int
    max_duration: int
    durations: tuple[int, ...]
    default_duration: int
    timing: str
    residual_percent: Decimal
    max_residual_percent: Decimal
    vat_rate: Decimal
    example_amount: Decimal
    rates: dict[str, tuple[tuple[int, Decimal], ...]]  # formula -> ((from_months, rate), …)

    def rate(self, formula: str, months: int) -> Decimal:
        """The rate of the longest listed duration not above `months`."""
        chosen = self.rates[formula][0][1]
        for start, rate in self.rates[formula]:
            if start <= months:
                chosen = rate
        return chosen

    def rates_for(self, months: int) -> dict[str, Decimal]:
        return {formula: self.rate(formula, months) for formula in FORMULAS}

    def as_json(self) -> dict:
        """What `financing.js` needs (numbers as strings: no binary rounding on the way)."""
        return {
            "minAmount": str(self.min_amount),
            "maxAmount": str(self.max_amount),
            "minDuration": self.min_duration,
            "maxDuration": self.max_duration,
            "maxResidual": str(self.max_residual_percent),
            "rates": {f: [[m, str(r)] for m, r in table] for f, table in self.rates.items()},
        }


def _key(*path) -> str:
    return "FINANCING" + "".join(f'["{p}"]' if isinstance(p, str) else f"[{p}]" for p in path)


def _number(value, *path, low=None, high=None) -> Decimal:
    try:
        if isinstance(value, bool):
            raise TypeError
        number = Decimal(str(value).replace(",", ".").strip())
        if not number.is_finite():
            raise InvalidOperation
    except (InvalidOperation, TypeError, ValueError) as err:
        raise FinancingSettingsError(
            f"financing : {_key(*path)} vaut « {value} », qui n’est pas un nombre "
            "(écrivez par exemple 4.5)."
        ) from err
    if (low is not None and number < low) or (high is not None and number > high):
        raise FinancingSettingsError(
            f"financing : {_key(*path)} vaut « {value} » ; attendu entre {low} et {high}."
        )
    return number


def _whole(value, *path, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise FinancingSettingsError(
            f"financing : {_key(*path)} vaut « {value} » ; attendu un nombre entier de mois "
            f"entre {low} et {high}."
        )
    return value


def read_settings(settings: dict) -> FinancingSettings:
    """`FINANCING` merged with the defaults and checked, or `FinancingSettingsError`."""
    given = settings.get("FINANCING") or {}
    if not isinstance(given, dict):
        raise FinancingSettingsError("financing : FINANCING doit être un dictionnaire {…}.")
    unknown = sorted(set(given) - set(DEFAULTS))
    if unknown:
        raise FinancingSettingsError(
            f"financing : clé inconnue {_key(unknown[0])} ; clés possibles : {', '.join(DEFAULTS)}."
        )
    merged = {**DEFAULTS, **given}
    min_duration = _whole(merged["min_duration"], "min_duration", low=1, high=360)
    max_duration = _whole(merged["max_duration"], "max_duration", low=min_duration, high=360)
    durations = merged["durations"]
    if not isinstance(durations, list | tuple) or not durations:
        raise FinancingSettingsError(
            f"financing : {_key('durations')} doit être une liste de durées en mois."
        )
    durations = tuple(
        _whole(d, "durations", i, low=min_duration, high=max_duration)
        for i, d in enumerate(durations)
    )
    if list(durations) != sorted(set(durations)):
        raise FinancingSettingsError(
            f"financing : {_key('durations')} doit lister des durées croissantes, sans doublon."
        )
    default_duration = _whole(
        merged["default_duration"], "default_duration", low=min_duration, high=max_duration
    )
    if merged["timing"] not in TIMINGS:
        raise FinancingSettingsError(
            f"financing : {_key('timing')} vaut « {merged['timing']} » ; "
            "attendu « a-echoir » ou « a-terme-echu »."
        )
    min_amount = _number(merged["min_amount"], "min_amount", low=1)
    max_amount = _number(merged["max_amount"], "max_amount", low=min_amount, high=9_999_999_999)
    max_residual = _number(merged["max_residual_percent"], "max_residual_percent", low=0, high=100)
    rates = merged["rates"]
    if not isinstance(rates, dict):
        raise FinancingSettingsError(f"financing : {_key('rates')} doit être un dictionnaire.")
    tables = {}
    for formula in FORMULAS:
        table = rates.get(formula)
        if not isinstance(table, dict) or not table:
            raise FinancingSettingsError(
                f"financing : il manque {_key('rates', formula)}, les taux par durée "
                "(par exemple {24: 4.5, 36: 4.3})."
            )
        rows = sorted(
            (
                _whole(months, "rates", formula, months, low=1, high=max_duration),
                _number(rate, "rates", formula, months, low=0, high=50),
            )
            for months, rate in table.items()
        )
        if rows[0][0] > min_duration:
            raise FinancingSettingsError(
                f"financing : {_key('rates', formula)} doit donner un taux dès "
                f"{min_duration} mois (la plus courte durée possible)."
            )
        tables[formula] = tuple(rows)
    for formula in set(rates) - set(FORMULAS):
        raise FinancingSettingsError(
            f"financing : formule inconnue {_key('rates', formula)} ; "
            "attendu « credit-bail » et « location-financiere »."
        )
    return FinancingSettings(
        threshold=_number(merged["threshold"], "threshold", low=0),
        min_amount=min_amount,
        max_amount=max_amount,
        min_duration=min_duration,
        max_duration=max_duration,
        durations=durations,
        default_duration=default_duration,
        timing=merged["timing"],
        residual_percent=_number(
            merged["residual_percent"], "residual_percent", low=0, high=max_residual
        ),
        max_residual_percent=max_residual,
        vat_rate=_number(merged["vat_rate"], "vat_rate", low=0, high=100),
        example_amount=_number(
            merged["example_amount"], "example_amount", low=min_amount, high=max_amount
        ),
        rates=tables,
    )
