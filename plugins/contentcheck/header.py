"""Rule 1: the metadata header, read line by line the way Python-Markdown's `meta` does.

Python-Markdown stops reading metadata at the first line that is not `Key: value`
and silently treats the rest as text, so a single typo can drop the date or the
category without a word. Here every header line is checked, reading goes on past a
bad line (so one mistake gives one message), and the header ends, as in Pelican, at
the first blank line (or a `---`/`...` line when it opened with `---`).
"""

import re
from dataclasses import dataclass

from .french import say, shorten
from .problem import Problem
from .suggest import closest

ARTICLE_KEYS = (
    "Title",
    "Date",
    "Modified",
    "Category",
    "Tags",
    "Authors",
    "Slug",
    "Summary",
    "Cover",
    "Cover_alt",
    "Status",
)
PAGE_KEYS = ("Title", "Slug", "Summary", "Save_as", "URL", "Template", "Status")
KEYS = {"article": ARTICLE_KEYS, "page": PAGE_KEYS}
KIND_NAMES = {"article": "d’un article", "page": "d’une page"}

# What a French writer types instead of the English key.
FRENCH_KEYS = {
    "titre": "Title",
    "modifié": "Modified",
    "modifie": "Modified",
    "catégorie": "Category",
    "categorie": "Category",
    "étiquettes": "Tags",
    "etiquettes": "Tags",
    "auteur": "Authors",
    "auteurs": "Authors",
    "author": "Authors",
    "résumé": "Summary",
    "resume": "Summary",
    "couverture": "Cover",
    "statut": "Status",
}

# Only the summary is read as Markdown and may run over several lines; any other
# key followed by indented lines becomes a list in Pelican.
MULTILINE_KEYS = {"summary"}

KEY_LINE = re.compile(r"^ {0,3}(?P<key>[\w-]+)(?P<gap>[ \t]*):(?P<value>.*)$")
MORE_LINE = re.compile(r"^ {4,}\S")
BEGIN_LINE = re.compile(r"^-{3}(\s.*)?$")
END_LINE = re.compile(r"^(-{3}|\.{3})(\s.*)?$")


@dataclass(frozen=True)
class Field:
    """One `Key: value` line; `key` is the canonical spelling (« Cover_alt »)."""

    key: str
    value: str
    line: int


@dataclass(frozen=True)
class Header:
    """The known fields by lower-case key, where the text starts, and rule-1 problems.

    `misspelled` holds the keys already suggested for an unknown key (« Categroy »
    → category): the missing-field rule stays silent about them, one typo, one message.
    """

    fields: dict[str, Field]
    body_start: int
    problems: tuple[Problem, ...]
    misspelled: frozenset[str]


def parse_header(kind: str, shown: str, lines: tuple[str, ...]) -> Header:
    """Read the header of an article or a page and note every line Pelican would misread."""
    return _HeaderReader(kind, shown).read(lines)


class _HeaderReader:
    """The state of one header being read: fields so far, typos seen, problems found."""

    def __init__(self, kind: str, shown: str):
        self.kind = kind
        self.shown = shown
        self.known = {key.lower(): key for key in KEYS[kind]}
        self.fields: dict[str, Field] = {}
        self.misspelled: set[str] = set()
        self.problems: list[Problem] = []

    def read(self, lines: tuple[str, ...]) -> Header:
        start = 1 if lines and BEGIN_LINE.match(lines[0]) else 0
        index = start
        while index < len(lines) and not lines[index].strip():
            index += 1
        if start < index < len(lines):
            self.report(
                start,
                "cette ligne est vide : l’en-tête (Title: …) doit commencer dès la première "
                "ligne du fichier, sans ligne vide avant.",
            )
        previous = None
        while index < len(lines):
            line = lines[index]
            if not line.strip() or END_LINE.match(line):
                index += 1
                break
            match = KEY_LINE.match(line)
            if match:
                previous = self.field(match, index)
            elif MORE_LINE.match(line) and previous:
                self.continuation(previous, line, index)
            else:
                previous = None
                self.report(
                    index,
                    "la ligne « {line} » n’est pas de la forme « Clé: valeur » ; si le texte "
                    "commence ici, laissez une ligne vide entre l’en-tête et le texte.",
                    line=shorten(line),
                )
            index += 1
        return Header(self.fields, index, tuple(self.problems), frozenset(self.misspelled))

    def field(self, match: re.Match, index: int) -> str | None:
        """Record one `Key: value` line; return its key when following lines may continue it."""
        written = match["key"]
        key = self.known.get(written.lower())
        if match["gap"]:
            self.report(
                index,
                "écrivez « {key}: » sans espace avant les deux-points : Pelican ne reconnaît "
                "pas « {key} : ».",
                key=written,
            )
        if key is None:
            self.unknown(written, index)
            return None
        lower = key.lower()
        if lower in self.fields:
            self.report(
                index,
                "la clé « {key} » figure déjà à la ligne {first} : gardez une seule ligne "
                "« {key}: … ».",
                key=key,
                first=self.fields[lower].line,
            )
            return None
        self.fields[lower] = Field(key, match["value"].strip(), index + 1)
        return lower

    def unknown(self, written: str, index: int) -> None:
        kind = KIND_NAMES[self.kind]
        guess = closest(written, self.known.values(), FRENCH_KEYS)
        if guess in self.known.values():
            self.misspelled.add(guess.lower())
            self.report(
                index,
                "la clé « {key} » n’est pas reconnue dans l’en-tête {kind} : vouliez-vous "
                "dire « {guess} » ?",
                key=written,
                kind=kind,
                guess=guess,
            )
        else:
            self.report(
                index,
                "la clé « {key} » n’est pas reconnue dans l’en-tête {kind} (clés possibles : "
                "{keys}) : corrigez-la ou supprimez la ligne.",
                key=written,
                kind=kind,
                keys=", ".join(self.known.values()),
            )

    def continuation(self, key: str, line: str, index: int) -> None:
        field = self.fields[key]
        if key in MULTILINE_KEYS:
            self.fields[key] = Field(field.key, f"{field.value} {line.strip()}", field.line)
        else:
            self.report(
                index,
                "cette ligne en retrait prolonge « {key} » : écrivez toute la valeur sur "
                "une seule ligne (seul Summary peut s’étendre sur plusieurs lignes).",
                key=field.key,
            )

    def report(self, index: int, template: str, **values: object) -> None:
        self.problems.append(Problem(self.shown, index + 1, say(template, **values)))
