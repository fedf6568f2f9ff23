"""`FINANCING` checks: a typo stops the build with a French message naming the key."""

from decimal import Decimal

import pytest
from financing.settings import FinancingSettingsError, read_settings
from financing.validation import parse_amount, parse_duration, parse_residual


def test_defaults_are_valid_and_rates_step_by_duration():
    fs = read_settings({})
    assert fs.durations == (24, 36, 48, 60, 72, 84)
    assert fs.rate("credit-bail", 60) == Decimal("4.0")
    assert fs.rate("credit-bail", 71) == Decimal("4.0")  # 60 months' rate up to 71
    assert fs.rate("credit-bail", 72) == Decimal("4.2")


@pytest.mark.parametrize(
    "given, words",
    [
        (
            {"rates": {"credit-bail": {24: "quatre"}, "location-financiere": {24: 5}}},
            ['FINANCING["rates"]["credit-bail"][24]', "quatre", "n’est pas un nombre"],
        ),
        (
            {"rates": {"credit-bail": {36: 4}, "location-financiere": {24: 5}}},
            ['FINANCING["rates"]["credit-bail"]', "dès 24 mois"],
        ),
        (
            {"rates": {"credit-bail": {24: 4}}},
            ['il manque FINANCING["rates"]["location-financiere"]'],
        ),
        ({"treshold": 1500}, ['clé inconnue FINANCING["treshold"]']),
        ({"durations": [24, 96]}, ['FINANCING["durations"][1]', "96", "entre 24 et 84"]),
        ({"timing": "debut"}, ['FINANCING["timing"]', "a-echoir"]),
        ({"residual_percent": 40}, ['FINANCING["residual_percent"]', "entre 0 et 30"]),
        ({"threshold": True}, ['FINANCING["threshold"]']),
    ],
)
def test_wrong_settings_name_the_key_in_french(given, words):
    with pytest.raises(FinancingSettingsError) as err:
        read_settings({"FINANCING": given})
    for word in words:
        assert word in str(err.value)


@pytest.mark.parametrize(
    "text, message",
    [
        ("", "Indiquez le montant à financer."),
        ("   ", "Indiquez le montant à financer."),
        ("douze mille", "Indiquez un montant en euros, par exemple 12 500."),
        ("12,345", "Indiquez un montant en euros, par exemple 12 500."),
        ("499,99", "Indiquez un montant entre 500\u00a0€ et 5\u202f000\u202f000\u00a0€\u00a0HT."),
        (
            "5000000,01",
            "Indiquez un montant entre 500\u00a0€ et 5\u202f000\u202f000\u00a0€\u00a0HT.",
        ),
    ],
)
def test_amount_messages(text, message):
    with pytest.raises(ValueError, match="^" + message.replace(".", r"\.") + "$"):
        parse_amount(text, read_settings({}))


def test_amounts_accepted_with_french_spacing_and_ttc_bounds():
    fs = read_settings({})
    assert parse_amount("4\u202f999\u202f999,99", fs) == Decimal("4999999.99")
    assert parse_amount("1 500 €", fs) == Decimal("1500.00")
    assert parse_amount("6000000", fs, "ttc") == Decimal("6000000.00")
    with pytest.raises(ValueError, match="€\u00a0TTC"):
        parse_amount("599,99", fs, "ttc")


@pytest.mark.parametrize("text", ["", "23", "85", "36,5", "abc"])
def test_duration_messages(text):
    with pytest.raises(ValueError) as err:
        parse_duration(text, read_settings({}))
    expected = (
        "Indiquez une durée en mois."
        if not text
        else ("Indiquez une durée entière entre 24 et 84 mois.")
    )
    assert str(err.value) == expected


def test_duration_and_residual_accepted():
    fs = read_settings({})
    assert parse_duration("24", fs) == 24 and parse_duration("84", fs) == 84
    assert parse_residual("1,5", fs) == Decimal("1.5")
    for text in ("", "-1", "31", "x"):
        with pytest.raises(ValueError, match="entre 0 et 30\u00a0%"):
            parse_residual(text, fs)
