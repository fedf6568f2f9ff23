"""The CSV export as French Excel reads it, and the inbox filters' French messages."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from decimal import Decimal
from types import SimpleNamespace

from leads.admin.export import COLUMNS, neutralise, to_csv
from leads.admin.french import say
from leads.admin.queries import Filters, fold


def lead(**values) -> SimpleNamespace:
    row = {name: None for name in (
        "id", "created_at", "kind", "status", "name", "email", "phone", "organization",
        "profession", "product", "offer", "supplier", "quantity", "delivery", "amount",
        "duration", "financing", "monthly_payment", "message", "page_url", "page_title",
        "utm_source", "utm_medium", "utm_campaign", "consent_version", "consent_at",
        "last_contact_at",
    )}  # fmt: skip
    row.update(values)
    return SimpleNamespace(**row)


def read(text: str) -> list[dict[str, str]]:
    assert text.startswith("\ufeff"), "Excel needs the BOM to read UTF-8"
    return list(csv.DictReader(io.StringIO(text[1:]), delimiter=";"))


def test_cells_a_spreadsheet_would_run_are_neutralised():
    assert neutralise('=HYPERLINK("http://x")') == '\'=HYPERLINK("http://x")'
    assert neutralise("+33 4 78 00 00 00") == "'+33 4 78 00 00 00"
    assert neutralise("-2+3") == "'-2+3"
    assert neutralise("@SUM(A1)") == "'@SUM(A1)"
    assert neutralise("\t=1") == "'\t=1"
    assert neutralise("Cabinet = centre") == "Cabinet = centre"
    assert neutralise(None) == "" and neutralise(3) == "3"


def test_export_is_semicolon_separated_utf8_with_french_numbers_and_dates():
    text = to_csv(
        [
            lead(
                id="abc",
                created_at=datetime(2026, 11, 26, 17, 5, tzinfo=UTC),
                kind="financement",
                status="qualified",
                name="Zoé Maréchal",
                organization="=cmd|' /C calc'!A0",
                profession="dentiste",
                amount=Decimal("12345.5"),
                duration=48,
                financing="credit-bail",
                message="Ligne 1 ; ligne 2\n« fin »",
            )
        ]
    )
    header = text[1:].split("\r\n", 1)[0]
    assert header.split(";")[:4] == ["Identifiant", "Reçue le", "Type", "Statut"]
    assert len(header.split(";")) == len(COLUMNS)
    [row] = read(text)
    assert row["Reçue le"] == "26/11/2026 18:05", "Paris time, as Excel reads a French date"
    assert row["Type"] == "Financement" and row["Statut"] == "Qualifié"
    assert row["Profession"] == "Dentiste" and row["Financement"] == "Crédit-bail"
    assert row["Montant (€ HT)"] == "12345,50", "a number with a decimal comma, no grouping"
    assert row["Durée (mois)"] == "48"
    assert row["Organisation"] == "'=cmd|' /C calc'!A0"
    assert row["Message"] == "Ligne 1 ; ligne 2\n« fin »", "quoted, not split"
    assert row["Nom"] == "Zoé Maréchal"


def test_filters_report_bad_values_in_french_and_ignore_them():
    filters = Filters.parse({"kind": "fax", "status": "won", "to": "31/12/2026", "page": "-3"})
    assert filters.kind == "" and filters.status == "won" and filters.page == 1
    assert filters.errors == [
        "Type de demande\u00a0: «\u00a0fax\u00a0» n’est pas une valeur proposée\u202f; filtre ignoré.",
        say("Reçue jusqu’au : « 31/12/2026 » n’est pas une date (AAAA-MM-JJ) ; filtre ignoré."),
    ]
    assert filters.query(page=2) == {"status": "won", "page": "2"}


def test_messages_get_french_spacing_but_values_stay_as_typed():
    assert say("Statut : « {v} » ; ok ? oui !", v="a : b") == (
        "Statut\u00a0: «\u00a0a : b\u00a0»\u202f; ok\u202f? oui\u202f!"
    )


def test_product_search_ignores_case_and_accents():
    assert fold("Échographe ÉLECTRIQUE") == "echographe electrique"
