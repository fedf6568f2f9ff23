"""The reference financing formula, mirrored to the cent by `theme/static/js/financing.js`.

A rent is the constant payment that repays the amount financed (HT) at the
yearly rate over `months` monthly terms, less the present value of the
purchase option (crédit-bail's residual value; none for location
financière). Rents are paid at the start of each month (« à échoir », the
usual lease) or at its end (« à terme échu »).

Rounding is defined once, here: every amount a person reads (rent HT, rent
TTC, residual value, amount HT from TTC) is rounded half-up to the cent, and
totals are sums of those rounded amounts, so that every figure on the page
adds up. The JavaScript does the same in integer cents; `cases.json` holds
the cases both must give.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Context, Decimal, localcontext
from functools import lru_cache

CENT = Decimal("0.01")
HUNDRED = Decimal(100)
TIMINGS = {"a-echoir": "À échoir (début de mois)", "a-terme-echu": "À terme échu (fin de mois)"}
FORMULAS = ("credit-bail", "location-financiere")
BASES = ("ht", "ttc")
# Explicit precision for the rent, whatever the thread's decimal context says.
_PRECISE = Context(prec=40)


def to_cents(value: Decimal) -> Decimal:
    """Half-up to the cent: the one rounding rule of every figure shown."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def with_vat(amount_ht: Decimal, vat_rate: Decimal) -> Decimal:
    return to_cents(amount_ht * (HUNDRED + vat_rate) / HUNDRED)


def without_vat(amount_ttc: Decimal, vat_rate: Decimal) -> Decimal:
    return to_cents(amount_ttc * HUNDRED / (HUNDRED + vat_rate))


def residual_value(amount_ht: Decimal, residual_percent: Decimal) -> Decimal:
    """The purchase option's price, in euros HT."""
    return to_cents(amount_ht * residual_percent / HUNDRED)


@lru_cache(maxsize=1024)
def _factors(annual_rate: Decimal, months: int, timing: str) -> tuple[Decimal, Decimal]:
    """(a, b) such that rent = amount × a − residual × b, for a non-zero rate.

    They depend on the rate, the term and the timing only, so a catalog of
    thousands of products computes them a few dozen times.
    """
    with localcontext() as ctx:
        ctx.prec = 40
        rate = annual_rate / 1200
        discount = (1 + rate) ** -months
        a = rate / (1 - discount)
        if timing == "a-echoir":
            a = a / (1 + rate)
        return +a, +(a * discount)


def monthly_payment(
    amount_ht: Decimal,
    annual_rate: Decimal,
    months: int,
    timing: str = "a-echoir",
    residual_percent: Decimal = Decimal(0),
) -> Decimal:
    """The monthly rent HT, rounded half-up to the cent.

    >>> monthly_payment(Decimal(100000), Decimal(4), 60, "a-echoir", Decimal(1))
    Decimal('1820.50')
    """
    if timing not in TIMINGS:
        raise ValueError(f"timing must be one of {sorted(TIMINGS)}, not {timing!r}")
    return rent_for(
        amount_ht, residual_value(amount_ht, residual_percent), annual_rate, months, timing
    )


def rent_for(
    amount_ht: Decimal, residual: Decimal, annual_rate: Decimal, months: int, timing: str
) -> Decimal:
    """`monthly_payment` with the residual value already in euros (computed once per amount)."""
    if annual_rate == 0:
        # Exact division: a rent of 61,875 € must round to 61,88 €, not 61,87 €.
        return to_cents((amount_ht - residual) / months)
    a, b = _factors(Decimal(annual_rate), months, timing)
    exact = _PRECISE.subtract(_PRECISE.multiply(amount_ht, a), _PRECISE.multiply(residual, b))
    return to_cents(exact)


@dataclass(frozen=True, slots=True)
class Outcome:
    """What one way of paying costs, as the simulator shows it."""

    formula: str  # "comptant", "credit-bail" or "location-financiere"
    annual_rate: Decimal | None
    monthly_ht: Decimal | None
    monthly_ttc: Decimal | None
    option_ht: Decimal  # price of the purchase option (0 when there is none)
    option_ttc: Decimal
    total_ht: Decimal
    total_ttc: Decimal
    cost_ht: Decimal  # total paid minus the cash price
    cost_ttc: Decimal


@dataclass(frozen=True, slots=True)
class Comparison:
    amount_ht: Decimal
    amount_ttc: Decimal
    months: int
    timing: str
    residual_percent: Decimal
    vat_rate: Decimal
    outcomes: dict[str, Outcome]


def compare(
    amount: Decimal,
    basis: str,
    vat_rate: Decimal,
    months: int,
    timing: str,
    residual_percent: Decimal,
    rates: dict[str, Decimal],
) -> Comparison:
    """Cash, crédit-bail and location financière side by side.

    `amount` is in euros HT or TTC (`basis`); rents are always computed on
    the amount HT, as lessors finance it, and VAT is added to each rent.
    `rates` maps each formula to its yearly rate in % for this duration.
    """
    if basis not in BASES:
        raise ValueError(f"basis must be 'ht' or 'ttc', not {basis!r}")
    amount_ht = amount if basis == "ht" else without_vat(amount, vat_rate)
    amount_ttc = with_vat(amount, vat_rate) if basis == "ht" else amount
    zero = Decimal("0.00")
    outcomes = {
        "comptant": Outcome(
            "comptant", None, None, None, zero, zero, amount_ht, amount_ttc, zero, zero
        )
    }
    for formula in FORMULAS:
        percent = residual_percent if formula == "credit-bail" else Decimal(0)
        rent = monthly_payment(amount_ht, rates[formula], months, timing, percent)
        rent_ttc = with_vat(rent, vat_rate)
        option = residual_value(amount_ht, percent)
        option_ttc = with_vat(option, vat_rate)
        total = rent * months + option
        total_ttc = rent_ttc * months + option_ttc
        outcomes[formula] = Outcome(
            formula,
            rates[formula],
            rent,
            rent_ttc,
            option,
            option_ttc,
            total,
            total_ttc,
            total - amount_ht,
            total_ttc - amount_ttc,
        )
    return Comparison(amount_ht, amount_ttc, months, timing, residual_percent, vat_rate, outcomes)
