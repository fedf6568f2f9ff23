"""The reference formula against the shared case table (also run in the browser)."""

import json
from decimal import Decimal
from pathlib import Path

import pytest
from financing import monthly_from, per_month_text
from financing.formula import compare, monthly_payment

CASES = json.loads((Path(__file__).parents[1] / "cases.json").read_text("utf-8"))["cases"]


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_shared_case(case):
    result = compare(
        Decimal(case["amount"]),
        case["basis"],
        Decimal(case["vat_rate"]),
        case["months"],
        case["timing"],
        Decimal(case["residual_percent"]),
        {k: Decimal(v) for k, v in case["rates"].items()},
    )
    expected = case["expected"]
    assert str(result.amount_ht) == expected["amount_ht"]
    assert str(result.amount_ttc) == expected["amount_ttc"]
    for formula, figures in result.outcomes.items():
        for name, value in expected[formula].items():
            assert str(getattr(figures, name)) == value, (formula, name)


def test_reference_case_from_the_issue():
    rent = monthly_payment(Decimal(100000), Decimal(4), 60, "a-echoir", Decimal(1))
    assert rent == Decimal("1820.50")
    reference = next(c for c in CASES if c["name"].startswith("reference"))
    assert reference["expected"]["credit-bail"]["monthly_ht"] == "1820.50"


def test_zero_rate_divides_exactly_and_rounds_half_up():
    # (1 500 − 15) / 24 = 61,875 exactly: half a cent goes up.
    assert monthly_payment(Decimal(1500), Decimal(0), 24, "a-echoir", Decimal(1)) == Decimal(
        "61.88"
    )
    assert monthly_payment(Decimal(1500), Decimal(0), 24, "a-terme-echu") == Decimal("62.50")


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_cases_agree_with_a_float_annuity(case):
    """A second, independent formula (textbook annuity in floats) agrees within a cent."""
    rate = float(case["rates"]["credit-bail"]) / 1200
    vat = float(case["vat_rate"])
    amount = float(case["amount"])
    if case["basis"] == "ttc":
        amount = round(amount / (1 + vat / 100), 2)
    residual = round(amount * float(case["residual_percent"]) / 100, 2)
    n = case["months"]
    if rate == 0:
        rent = (amount - residual) / n
    else:
        rent = (amount - residual / (1 + rate) ** n) * rate / (1 - (1 + rate) ** -n)
        if case["timing"] == "a-echoir":
            rent /= 1 + rate
    assert abs(rent - float(case["expected"]["credit-bail"]["monthly_ht"])) <= 0.005 + 1e-9


def test_totals_add_up_and_cost_is_against_cash():
    result = compare(
        Decimal("4000.00"),
        "ht",
        Decimal(20),
        60,
        "a-echoir",
        Decimal(1),
        {"credit-bail": Decimal(4), "location-financiere": Decimal(5)},
    )
    lease = result.outcomes["credit-bail"]
    assert lease.option_ht == Decimal("40.00")
    assert lease.total_ht == lease.monthly_ht * 60 + Decimal("40.00")
    assert lease.cost_ht == lease.total_ht - Decimal("4000.00")
    assert lease.monthly_ttc == (lease.monthly_ht * Decimal("1.2")).quantize(Decimal("0.01"))
    rental = result.outcomes["location-financiere"]
    assert rental.option_ht == 0 and rental.total_ht == rental.monthly_ht * 60
    cash = result.outcomes["comptant"]
    assert cash.total_ttc == Decimal("4800.00") and cash.cost_ht == 0


def test_monthly_from_is_the_cheapest_standard_rent_and_none_below_threshold():
    settings = {
        "FINANCING": {
            "threshold": 1500,
            "rates": {"credit-bail": {24: 4.5, 84: 4.4}, "location-financiere": {24: 5.2, 84: 5.1}},
        }
    }
    assert monthly_from(Decimal("1499.99"), settings) is None
    assert monthly_from(None, settings) is None
    assert monthly_from(Decimal("5000000.01"), settings) is None  # above what is financed
    lowest = monthly_from(Decimal(4000), settings)
    assert lowest == monthly_payment(Decimal(4000), Decimal("4.4"), 84, "a-echoir", Decimal(1))
    assert per_month_text(lowest) == "à partir de 55\u00a0€/mois\u00a0HT"


def test_unknown_timing_is_refused():
    with pytest.raises(ValueError):
        monthly_payment(Decimal(1000), Decimal(4), 24, "mensuel")
