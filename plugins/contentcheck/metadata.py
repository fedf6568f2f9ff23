"""Rules 2 to 4: required metadata, dates and status, field by field.

Dates are read with Pelican's own `get_date`, so what passes here is what
Pelican reads. On top of that the check insists on the AAAA-MM-JJ order:
dateutil also reads « 05/09/2026 » (as 9 May) and « 2026-09 » (today's day in
September) without a word, which is never what a French writer meant.
"""

import re

from babel.dates import format_date
from pelican.utils import get_date, set_date_tzinfo

from .french import say
from .problem import Problem
from .sources import Document
from .suggest import closest

REQUIRED = {
    "article": {
        "title": "le titre",
        "date": "la date de publication",
        "category": "la catégorie",
        "summary": "le résumé",
        "authors": "l’auteur",
    },
    "page": {"title": "le titre"},
}
# Cover_alt is checked with the cover it describes (rule 6).
OPTIONAL_CHECKED_ELSEWHERE = {"cover_alt"}

DATE_LABELS = {"date": "la date", "modified": "la date de modification"}
ISO_DATE = re.compile(
    r"\d{4}-\d{2}-\d{2}(?:[ T_]+\d{1,2}:\d{2}(?::\d{2})?)?\s*(?:Z|[+-]\d{2}:?\d{2})?"
)
EXPECTED_DATE = "AAAA-MM-JJ ou AAAA-MM-JJ HH:MM"

STATUSES = ("draft", "published", "hidden")
FRENCH_STATUSES = {
    "brouillon": "draft",
    "publié": "published",
    "publie": "published",
    "caché": "hidden",
    "cache": "hidden",
    "masqué": "hidden",
    "masque": "hidden",
}


def metadata_problems(document: Document, settings: dict) -> list[Problem]:
    """Missing or empty fields, unreadable dates and unknown statuses in one document."""
    return [
        Problem(document.shown, line, message)
        for line, message in (
            *_missing_or_empty(document),
            *_dates(document, settings.get("TIMEZONE", "UTC")),
            *_status(document),
        )
    ]


def _missing_or_empty(document: Document):
    fields = document.header.fields
    required = REQUIRED[document.kind]
    for key, label in required.items():
        field = fields.get(key)
        if field is None and key in document.header.misspelled:
            continue
        if field is None:
            spelled = key.capitalize()
            yield (
                1,
                say(
                    "il manque {label} : ajoutez une ligne « {key}: … » dans l’en-tête.",
                    label=label,
                    key=spelled,
                ),
            )
        elif not field.value:
            yield (
                field.line,
                say("la ligne « {key}: » est vide : indiquez {label}.", key=field.key, label=label),
            )
    for key, field in fields.items():
        if not field.value and key not in required and key not in OPTIONAL_CHECKED_ELSEWHERE:
            yield (
                field.line,
                say("la ligne « {key}: » est vide : complétez-la ou supprimez-la.", key=field.key),
            )


def _dates(document: Document, timezone: str):
    fields = document.header.fields
    read = {}
    for key, label in DATE_LABELS.items():
        field = fields.get(key)
        if field is None or not field.value:
            continue
        # Pelican reads `Date` with underscores as spaces, `Modified` as written.
        text = field.value.replace("_", " ") if key == "date" else field.value
        try:
            when = get_date(text)
        except ValueError:
            yield (
                field.line,
                say(
                    "{label} « {value} » n’est pas une date valide (attendu : {expected}).",
                    label=label,
                    value=field.value,
                    expected=EXPECTED_DATE,
                ),
            )
            continue
        if not ISO_DATE.fullmatch(field.value):
            yield (
                field.line,
                say(
                    "{label} « {value} » serait lue par Pelican comme le {read} : écrivez-la "
                    "au format {expected} (par exemple 2026-09-14 09:00).",
                    label=label,
                    value=field.value,
                    expected=EXPECTED_DATE,
                    read=format_date(when, "d MMMM y", locale="fr_FR"),
                ),
            )
            continue
        read[key] = set_date_tzinfo(when, timezone)
    if len(read) == 2 and read["modified"] < read["date"]:
        yield (
            fields["modified"].line,
            say(
                "la date de modification « {modified} » est antérieure à la date de publication "
                "« {date} » (ligne {line}) : corrigez l’une des deux.",
                modified=fields["modified"].value,
                date=fields["date"].value,
                line=fields["date"].line,
            ),
        )


def _status(document: Document):
    field = document.header.fields.get("status")
    if field is None or not field.value or field.value in STATUSES:
        return
    guess = closest(field.value, STATUSES, FRENCH_STATUSES)
    hint = say(" : vouliez-vous dire « {guess} » ?", guess=guess) if guess else "."
    yield (
        field.line,
        say(
            "le statut « {value} » n’est pas reconnu (attendu : draft, published ou hidden)",
            value=field.value,
        )
        + hint,
    )
