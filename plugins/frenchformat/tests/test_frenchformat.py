from datetime import date, datetime
from decimal import Decimal

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


def test_numbers():
    assert french_number(12345) == f"12{NNBSP}345"
    assert french_number(4.5, 1) == "4,5"
    assert french_number(7, 0) == "7"


def test_plain_text_keeps_french_no_break_spaces():
    html = f"<p>Crédit-bail{NBSP}: «{NBSP}loyers{NBSP}» &amp; 1{NNBSP}234{NBSP}€</p>\n<p>fin</p>"
    assert plain_text(html) == f"Crédit-bail{NBSP}: «{NBSP}loyers{NBSP}» & 1{NNBSP}234{NBSP}€ fin"
