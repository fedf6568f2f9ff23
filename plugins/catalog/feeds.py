"""Supplier files to raw rows: bytes, encoding, delimiter, records, line numbers.

Suppliers send what their tools export: French Excel writes Windows-1252 with
`;`, other tools UTF-8 with or without a BOM and `,`, some send tab-separated
text or JSON. This stage only turns a file into records of raw strings keyed
by the supplier's own header, each with the physical line where it starts, so
later stages can name the exact line of any problem. Nothing is interpreted
here: values stay as the supplier wrote them.
"""

import codecs
import csv
import io
import json
import logging
from dataclasses import dataclass, field
from pathlib import Path

from charset_normalizer import from_bytes

from .problems import Problem

logger = logging.getLogger(__name__)

FEED_SUFFIXES = (".csv", ".tsv", ".txt", ".json")

# Short French files fool unrestricted detection into Central European or
# UTF-16 guesses; a supplier in France exports in one of these.
WESTERN_ENCODINGS = ["cp1252", "iso8859_15", "latin_1", "mac_roman", "cp850"]
DELIMITERS = (";", ",", "\t", "|")
DELIMITER_NAMES = {";": "point-virgule", ",": "virgule", "\t": "tabulation", "|": "barre verticale"}


class FeedError(Exception):
    """The file as a whole cannot be read; carries where and why, in French."""

    def __init__(self, path: Path, message: str, line: int | None = None):
        super().__init__(message)
        self.path = path
        self.line = line
        self.message = message

    def problem(self) -> Problem:
        return Problem(self.path, self.line, None, None, self.message)


@dataclass(frozen=True, slots=True)
class Row:
    """One record: the physical line where it starts and its values by header name.

    CSV values are strings; JSON values keep their JSON type (str, int,
    float, bool or None) so that numbers written as numbers are not re-parsed.
    """

    line: int
    values: dict[str, object]


@dataclass
class Feed:
    """A decoded file: its header (column names or JSON keys), rows, and how it was read."""

    path: Path
    header: list[str]
    rows: list[Row] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    encoding: str = "utf-8"
    delimiter: str | None = None


def read_feed(path: Path, encoding: str | None = None, delimiter: str | None = None) -> Feed:
    """Read a supplier file, choosing the format by suffix.

    `encoding` and `delimiter` force what is otherwise detected. Raises
    `FeedError` when the file cannot be read at all; a malformed record
    becomes a `Problem` in `Feed.problems` and the other records are kept.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError as err:
        raise FeedError(path, "fichier introuvable.") from err
    except OSError as err:
        raise FeedError(path, f"lecture impossible ({err.strerror}).") from err
    text, used = decode(path, data, encoding)
    if path.suffix.lower() == ".json":
        feed = parse_json(path, text)
    else:
        if delimiter is None and path.suffix.lower() == ".tsv":
            delimiter = "\t"
        feed = parse_csv(path, text, delimiter)
    feed.encoding = used
    return feed


def decode(path: Path, data: bytes, encoding: str | None = None) -> tuple[str, str]:
    """Bytes to text and the encoding used: forced, BOM, strict UTF-8, then detection."""
    if encoding:
        try:
            codecs.lookup(encoding)
        except LookupError as err:
            raise FeedError(path, f"encodage « {encoding} » inconnu (feed.encoding).") from err
        return _decode_strict(path, data, encoding), encoding
    if data.startswith(codecs.BOM_UTF8):
        return _decode_strict(path, data, "utf-8-sig"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):  # Excel « Texte Unicode »
        return _decode_strict(path, data, "utf-16"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    best = from_bytes(data, cp_isolation=WESTERN_ENCODINGS).best()
    name = best.encoding if best is not None else "cp1252"
    logger.debug("catalog: %s decoded as %s", path, name)
    return _decode_strict(path, data, name), name


def _decode_strict(path: Path, data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise FeedError(
            path,
            f"octet invalide pour l’encodage {encoding} ; enregistrez le fichier en UTF-8 "
            "ou indiquez le bon encodage dans supplier.yml (feed.encoding).",
            line,
        ) from err


def sniff_delimiter(header_line: str) -> str:
    """The candidate delimiter that splits the header line into the most columns.

    The header is the one line certain to hold only column names, so counting
    there is more reliable than `csv.Sniffer` on descriptions full of commas.
    Ties go to `;`, the French Excel default.
    """
    counts = {d: _count_outside_quotes(header_line, d) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ";"


def _count_outside_quotes(line: str, char: str) -> int:
    count, quoted = 0, False
    for c in line:
        if c == '"':
            quoted = not quoted
        elif c == char and not quoted:
            count += 1
    return count


def parse_csv(path: Path, text: str, delimiter: str | None = None) -> Feed:
    """Delimited text to rows; a record's line is the physical line where it starts."""
    first_line = text.split("\n", 1)[0]
    if not first_line.strip():
        raise FeedError(path, "fichier vide ou sans ligne d’en-tête en première ligne.", 1)
    delimiter = delimiter or sniff_delimiter(first_line)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = [_clean_header(name) for name in next(reader)]
    except csv.Error as err:
        raise FeedError(path, f"en-tête illisible ({err}).", 1) from err
    feed = Feed(path, header, delimiter=delimiter)
    _check_header(feed)
    start = reader.line_num + 1
    while True:
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error as err:
            feed.problems.append(
                Problem(
                    path, start, None, None, f"ligne illisible ({err}) ; vérifiez les guillemets."
                )
            )
            break
        line, start = start, reader.line_num + 1
        if not any(cell.strip() for cell in record):
            continue
        while len(record) > len(header) and not record[-1].strip():
            record.pop()  # Excel's stray empty cells past the last column
        if len(record) != len(header):
            feed.problems.append(_width_problem(path, line, len(record), len(header), delimiter))
            continue
        feed.rows.append(Row(line, dict(zip(header, record, strict=True))))
    return feed


def _clean_header(name: str) -> str:
    return " ".join(name.replace("\ufeff", "").split())


def _check_header(feed: Feed) -> None:
    seen: set[str] = set()
    for name in feed.header:
        if name and name.casefold() in seen:
            feed.problems.append(
                Problem(
                    feed.path,
                    1,
                    None,
                    name,
                    f"colonne « {name} » présente deux fois dans l’en-tête.",
                )
            )
        seen.add(name.casefold())


def _width_problem(path: Path, line: int, got: int, expected: int, delimiter: str) -> Problem:
    name = DELIMITER_NAMES.get(delimiter, repr(delimiter))
    return Problem(
        path,
        line,
        None,
        None,
        f"la ligne compte {got} colonnes alors que l’en-tête en compte {expected} "
        f"(séparateur : {name}) ; un guillemet ou un séparateur est sans doute en trop "
        "ou manquant.",
    )


def parse_json(path: Path, text: str) -> Feed:
    """A JSON list of objects to rows; a record's line is where its `{` stands."""
    decoder = json.JSONDecoder()
    size = len(text)
    pos = _skip_space(text, 0)
    if pos >= size or text[pos] != "[":
        raise FeedError(path, "une liste d’objets JSON était attendue ([ { … }, … ]).", 1)
    feed = Feed(path, [])
    keys: dict[str, None] = {}
    line, counted = 1, 0
    pos = _skip_space(text, pos + 1)
    while pos < size and text[pos] != "]":
        line += text.count("\n", counted, pos)
        counted = pos
        try:
            item, end = decoder.raw_decode(text, pos)
        except json.JSONDecodeError as err:
            raise FeedError(path, f"JSON invalide : {_json_reason(err)}.", err.lineno) from err
        if isinstance(item, dict):
            values = {_clean_header(str(k)): v for k, v in item.items()}
            keys.update(dict.fromkeys(values))
            feed.rows.append(Row(line, values))
        else:
            feed.problems.append(
                Problem(path, line, None, None, "un objet JSON ({ … }) était attendu ici.")
            )
        pos = _skip_space(text, end)
        if pos < size and text[pos] == ",":
            pos = _skip_space(text, pos + 1)
        elif pos < size and text[pos] != "]":
            bad_line = text.count("\n", 0, pos) + 1
            raise FeedError(path, "JSON invalide : virgule ou « ] » attendu.", bad_line)
    if pos >= size:
        raise FeedError(path, "JSON invalide : la liste n’est pas fermée par « ] ».", line)
    feed.header = list(keys)
    return feed


def _skip_space(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in " \t\r\n":
        pos += 1
    return pos


_JSON_REASONS = {
    "Expecting value": "valeur attendue",
    "Expecting ',' delimiter": "virgule attendue",
    "Expecting ':' delimiter": "deux-points attendu",
    "Expecting property name enclosed in double quotes": "nom de clé entre guillemets attendu",
    "Unterminated string starting at": "chaîne non terminée",
    "Invalid control character at": "caractère de contrôle dans une chaîne",
    "Extra data": "données en trop",
}


def _json_reason(err: json.JSONDecodeError) -> str:
    return _JSON_REASONS.get(err.msg, "syntaxe incorrecte")
