import random
from datetime import date, datetime
from decimal import Decimal

from babel.numbers import format_currency
from frenchformat import french_date, french_number, french_price, plain_text

NBSP, NNBSP = "\u00a0", "\u202f"


def test_long_date_is_written_out_in_french():
    assert french_date(date(2026, 11, 26)) == "26 novembre 2026"
    assert french_date(datetime(2026, 2, 1, 9, 30)) == "1 février 2026"


def test_other_date_styles():
    assert french_date(date(2026, 8, 3), "short") == "03/08/2026"
    assert french_date(date(2026, 8, 3), "month") == "août 2026"


def test_price_uses_french_grouping_comma_and_euro_sign():
    assert french_price(Decimal("1234.5")) == f"1{NNBSP}234,50{NBSP}€"
    assert french_price(Decimal("1234.5"), "HT") == f"1{NNBSP}234,50{NBSP}€{NBSP}HT"


def test_price_is_written_exactly_as_babel_writes_it():
    """The shortcut against Babel itself: grouping, rounding ties, floats, signs, exponents."""
    rng = random.Random(3)
    values = [0, 7, -3, 1000, 10**15, 0.125, 2.675, 1.005, 1234567.891, 1e20, -0.004]
    values += [Decimal(text) for text in ("0.00", "0.005", "0.015", "-1234.5", "1E+3", "1E-7")]
    values += [
        Decimal(rng.randint(-(10**11), 10**11)).scaleb(-rng.randint(0, 6)) for _ in range(3000)
    ]
    values += [rng.uniform(0, 10 ** rng.randint(0, 9)) for _ in range(3000)]
    values += [rng.randint(0, 10 ** rng.randint(1, 12)) / 1000 for _ in range(3000)]
    for value in values:
        assert french_price(value) == format_currency(value, "EUR", locale="fr_FR"), value
    for value in (Decimal("Infinity"), Decimal("NaN")):
        assert (
            french_price(value, "HT") == f"{format_currency(value, 'EUR', locale='fr_FR')}{NBSP}HT"
        )


def test_numbers():
    assert french_number(12345) == f"12{NNBSP}345"
    assert french_number(4.5, 1) == "4,5"
    assert french_number(7, 0) == "7"


def test_plain_text_keeps_french_no_break_spaces():
    html = f"<p>Crédit-bail{NBSP}: «{NBSP}loyers{NBSP}» &amp; 1{NNBSP}234{NBSP}€</p>\n<p>fin</p>"
    assert plain_text(html) == f"Crédit-bail{NBSP}: «{NBSP}loyers{NBSP}» & 1{NNBSP}234{NBSP}€ fin"
