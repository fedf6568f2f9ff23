"""Cell values as French spreadsheets write them: numbers, prices, VAT, GTIN, choices."""

from decimal import Decimal

import pytest
from catalog.parsing import (
    InvalidValue,
    fold,
    gtin13,
    gtin_key,
    guess_decimal_mark,
    normalise_mpn,
    parse_bool,
    parse_count,
    parse_decimal,
    parse_gtin,
    parse_price,
    parse_url,
    parse_vat_rate,
    slugify,
)


@pytest.mark.parametrize(
    ("raw", "mark", "expected"),
    [
        ("1234,50", None, "1234.50"),
        ("1 234,50", None, "1234.50"),
        ("1\u00a0234,50", None, "1234.50"),
        ("1\u202f234,50", None, "1234.50"),
        ("1.234,50", None, "1234.50"),
        ("1,234.50", None, "1234.50"),
        ("12.345.678", None, "12345678"),
        ("1234.5", None, "1234.5"),
        ("1.234", None, "1.234"),
        ("1.234", ",", "1234"),
        ("1,234", ".", "1234"),
        ("1,234", None, "1.234"),
        ("-12,5", None, "-12.5"),
        (12, None, "12"),
        (249.9, None, "249.9"),
    ],
)
def test_decimal_reads_french_and_english_writing(raw, mark, expected):
    assert parse_decimal(raw, mark) == Decimal(expected)


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("douze", "« douze » n’est pas un nombre."),
        ("1,2,3", "« 1,2,3 » : séparateur de milliers mal placé."),
        ("12.34.5", "« 12.34.5 » : séparateur de milliers mal placé."),
        (
            "3,76012E+12",
            "« 3,76012E+12 » : nombre en notation scientifique ; "
            "formatez la colonne en nombre ou en texte dans le tableur.",
        ),
    ],
)
def test_decimal_refusals_are_explained(raw, message):
    with pytest.raises(InvalidValue) as caught:
        parse_decimal(raw)
    assert str(caught.value) == message


def test_feed_decimal_mark_is_guessed_from_unambiguous_values():
    assert guess_decimal_mark(["1 234,50 €", "89,90", "1.234", None]) == ","
    assert guess_decimal_mark(["1,234.50", "12.5", "20"]) == "."
    assert guess_decimal_mark(["1.234", "1,234", "20"]) is None
    assert guess_decimal_mark(["20,0 %", 12.5]) == ","


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1 234,50 €", Decimal("1234.50")),
        ("1\u00a0234,50\u00a0€", Decimal("1234.50")),
        ("12 500,00 EUR", Decimal("12500.00")),
        ("€ 89.9", Decimal("89.90")),
        ("89,90 € HT", Decimal("89.90")),
        ("12,345", Decimal("12.35")),  # rounded to the cent, half up
        ("Sur devis", None),
        ("nous consulter", None),
        ("NC", None),
        ("-", None),
        (249.9, Decimal("249.90")),
    ],
)
def test_price(raw, expected):
    assert parse_price(raw) == expected


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("-5,00 €", "« -5,00 € » : un prix ne peut pas être négatif."),
        (
            "0,00",
            "« 0,00 » : un prix nul n’est pas accepté ; laissez la case vide pour « Prix sur devis ».",
        ),
        ("environ 300", "« environ 300 » n’est pas un prix lisible (exemple attendu : 1 234,50)."),
        ("$120", "« $120 » : seuls les prix en euros sont acceptés."),
    ],
)
def test_price_refusals(raw, message):
    with pytest.raises(InvalidValue) as caught:
        parse_price(raw)
    assert str(caught.value) == message


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("20", "20"),
        (20, "20"),
        ("20,0 %", "20"),
        ("20,00%", "20"),
        ("5,5", "5.5"),
        ("5.5 %", "5.5"),
        ("0,2", "20"),
        ("0.055", "5.5"),
        ("10", "10"),
        ("2,1", "2.1"),
        ("0", "0"),
    ],
)
def test_vat_rate(raw, expected):
    assert parse_vat_rate(raw) == Decimal(expected)


def test_vat_rate_outside_french_rates():
    with pytest.raises(InvalidValue) as caught:
        parse_vat_rate("19,6 %")
    assert str(caught.value) == (
        "« 19,6 % » n’est pas un taux de TVA français (attendu : 0, 2,1, 5,5, 10 ou 20 %)."
    )


@pytest.mark.parametrize(
    ("raw", "unit", "expected"),
    [
        ("5", "jours", 5),
        (5, "jours", 5),
        (5.0, "jours", 5),
        ("5 jours", "jours", 5),
        ("10 j", "jours", 10),
        ("5 à 7 jours", "jours", 7),
        ("5-7 j", "jours", 7),
        ("2 semaines", "jours", 14),
        ("3 sem.", "jours", 21),
        ("48 h", "jours", 2),
        ("36 h", "jours", 2),
        ("5 jours ouvrés", "jours", 5),
        ("24 mois", "mois", 24),
        ("2 ans", "mois", 24),
        ("1 an", "mois", 12),
        ("10 pièces", "unités", 10),
    ],
)
def test_counts_with_units(raw, unit, expected):
    assert parse_count(raw, unit) == expected


@pytest.mark.parametrize(
    ("raw", "unit", "minimum", "message"),
    [
        ("bientôt", "jours", 0, "« bientôt » : un nombre entier de jours était attendu."),
        ("2,5 mois", "mois", 0, "« 2,5 mois » : un nombre entier de mois était attendu."),
        ("0", "unités", 1, "« 0 » : au moins 1 attendu."),
    ],
)
def test_count_refusals(raw, unit, minimum, message):
    with pytest.raises(InvalidValue) as caught:
        parse_count(raw, unit, minimum)
    assert str(caught.value) == message


@pytest.mark.parametrize(
    ("raw", "expected", "as_13"),
    [
        ("2991000010077", "2991000010077", "2991000010077"),
        ("2991 0000 1007 7", "2991000010077", "2991000010077"),
        (2991000010077, "2991000010077", "2991000010077"),
        ("02991000010077", "02991000010077", "2991000010077"),
        ("012345678905", "012345678905", "0012345678905"),
        ("96385074", "96385074", None),
        ("12991000010074", "12991000010074", None),
    ],
)
def test_gtin_lengths_and_13_digit_form(raw, expected, as_13):
    gtin = parse_gtin(raw)
    assert gtin == expected
    assert gtin13(gtin) == as_13


def test_gtin_key_compares_lengths():
    assert gtin_key("2991000010077") == gtin_key("02991000010077") == "02991000010077"


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (
            "3760123456788",
            "« 3760123456788 » n’est pas un GTIN valide (chiffre de contrôle attendu : 4).",
        ),
        (
            "376012345678",
            "« 376012345678 » n’est pas un GTIN valide (chiffre de contrôle attendu : 6).",
        ),
        (
            "37601234567",
            "« 37601234567 » n’est pas un GTIN valide (11 chiffres ; attendu : 8, 12, 13 ou 14).",
        ),
        ("EAN 3760123", "« EAN 3760123 » : un GTIN ne contient que des chiffres."),
        (
            "2,99100E+12",
            "« 2,99100E+12 » : le tableur a converti le GTIN en nombre scientifique ; "
            "formatez la colonne en texte.",
        ),
    ],
)
def test_gtin_refusals_say_what_was_expected(raw, message):
    with pytest.raises(InvalidValue) as caught:
        parse_gtin(raw)
    assert str(caught.value) == message


@pytest.mark.parametrize(
    ("raw", "expected"), [("oui", True), ("Non", False), ("x", True), (True, True), ("0", False)]
)
def test_bool(raw, expected):
    assert parse_bool(raw) is expected


def test_bool_refusal():
    with pytest.raises(InvalidValue) as caught:
        parse_bool("peut-être")
    assert str(caught.value) == "« peut-être » : « oui » ou « non » était attendu."


def test_url_must_be_absolute():
    assert (
        parse_url("https://www.alpha-medical.example/p/12")
        == "https://www.alpha-medical.example/p/12"
    )
    with pytest.raises(InvalidValue, match="une adresse web complète"):
        parse_url("www.alpha-medical.example")


def test_fold_slugify_and_mpn():
    assert fold("  Électro  CŒUR ") == "electro coeur"
    assert slugify("Divan d’examen électrique — 2 plans") == "divan-d-examen-electrique-2-plans"
    assert len(slugify("mot " * 40)) <= 80
    assert normalise_mpn("TB-500") == normalise_mpn("tb 500") == normalise_mpn("T.B.500") == "tb500"
