"""The leads as a CSV file that French Excel opens as it is, with a double click.

French Excel expects `;` between cells (`,` is its decimal separator), reads
UTF-8 only with a byte-order mark, decimal commas, and dates as `26/11/2026 18:05`.
Cells typed by the public that start with `=`, `+`, `-`, `@`, a tab or a
carriage return are prefixed with `'`, so a spreadsheet shows them as text
instead of running them as formulas (OWASP « CSV injection »). Numbers the
service formats itself are never negative and are left as numbers.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from decimal import Decimal

from babel.dates import format_datetime

from ..models import DELIVERY, FINANCING, PROFESSIONS
from .render import KIND_LABELS, PARIS, STATUSES, as_utc

BOM = "\ufeff"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

# (French header, how to get the cell from a lead row)
COLUMNS = [
    ("Identifiant", lambda r: r.id),
    ("Reçue le", lambda r: _datetime(r.created_at)),
    ("Type", lambda r: KIND_LABELS.get(r.kind, r.kind)),
    ("Statut", lambda r: STATUSES.get(r.status, r.status)),
    ("Nom", lambda r: r.name),
    ("Adresse électronique", lambda r: r.email),
    ("Téléphone", lambda r: r.phone),
    ("Organisation", lambda r: r.organization),
    ("Profession", lambda r: PROFESSIONS.get(r.profession, r.profession)),
    ("Équipement", lambda r: r.product),
    ("Offre", lambda r: r.offer),
    ("Fournisseur", lambda r: r.supplier),
    ("Quantité", lambda r: r.quantity),
    ("Livraison souhaitée", lambda r: DELIVERY.get(r.delivery, r.delivery)),
    ("Montant (€ HT)", lambda r: _decimal(r.amount)),
    ("Durée (mois)", lambda r: r.duration),
    ("Financement", lambda r: FINANCING.get(r.financing, r.financing)),
    ("Mensualité (€ HT)", lambda r: _decimal(r.monthly_payment)),
    ("Message", lambda r: r.message),
    ("Page", lambda r: r.page_url),
    ("Titre de la page", lambda r: r.page_title),
    ("Source (utm_source)", lambda r: r.utm_source),
    ("Support (utm_medium)", lambda r: r.utm_medium),
    ("Campagne (utm_campaign)", lambda r: r.utm_campaign),
    ("Version du texte d’information", lambda r: r.consent_version),
    ("Information acceptée le", lambda r: _datetime(r.consent_at)),
    ("Dernier contact", lambda r: _datetime(r.last_contact_at)),
]


class Number(str):
    """A cell the service formatted as a number: never neutralised."""


def _datetime(value) -> str:
    if value is None:
        return ""
    return format_datetime(as_utc(value), "dd/MM/yyyy HH:mm", tzinfo=PARIS, locale="fr_FR")


def _decimal(value: Decimal | None) -> str:
    return "" if value is None else Number(f"{value:.2f}".replace(".", ","))


def neutralise(value) -> str:
    """The cell's text, made inert for a spreadsheet when typed by someone outside."""
    if value is None:
        return ""
    if isinstance(value, Number | int):
        return str(value)
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def to_csv(rows: Iterable) -> str:
    buffer = io.StringIO()
    buffer.write(BOM)
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow([header for header, _ in COLUMNS])
    for row in rows:
        writer.writerow([neutralise(cell(row)) for _, cell in COLUMNS])
    return buffer.getvalue()
