"""Supplier cell values to typed values, the way French spreadsheets write them.

Each parser takes the raw cell (a string from CSV, or a JSON scalar) and
returns a clean Python value, or raises `InvalidValue` whose message is the
French sentence the supplier-data person reads: what was found and what was
expected. Blank cells are the caller's business (`is_blank`), so every parser
can assume there is something to read.
"""

import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache

from stdnum import ean

from .problems import quote

CENT = Decimal("0.01")
VAT_RATES = (Decimal("0"), Decimal("2.1"), Decimal("5.5"), Decimal("10"), Decimal("20"))
GTIN_LENGTHS = (8, 12, 13, 14)

# Spaces a spreadsheet may put inside a number: space, no-break, narrow no-break, thin,
# figure space, and the Swiss apostrophe.
_NO_SPACES = str.maketrans("", "", " \u00a0\u202f\u2009\u2007'")
_CURRENCY = re.compile(r"(€|\beur(os?)?\b)", re.IGNORECASE)
_HT = re.compile(r"\bHT\b", re.IGNORECASE)
_FOREIGN_CURRENCY = re.compile(r"[$£¥]|\b(usd|gbp|chf|cad)\b", re.IGNORECASE)
_QUOTE_WORDS = re.compile(r"^(sur devis|devis|nous consulter|nc|n\.?c\.?|prix sur demande|-+)$")
_NUMBER = re.compile(r"^[+-]?\d[\d.,]*$")
_COUNT = re.compile(r"(\d+)(\s*(?:-|à|a)\s*(\d+))?\s*([a-z. ]*)")
_WEB_URL = re.compile(r"^https?://[^\s/]+\.\S*$", re.IGNORECASE)
_HTTPS_URL = re.compile(r"^https://[^\s/]+\.\S*$", re.IGNORECASE)
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
_MPN_NOISE = re.compile(r"[\s\-./_]")
_GTIN_NOISE = re.compile(r"[\s\u00a0\u202f-]")
_SCIENTIFIC = re.compile(r"^\d+([.,]\d+)?e\+?\d+$", re.IGNORECASE)


class InvalidValue(ValueError):
    """A cell that cannot be read; `str()` is the French explanation."""


def is_blank(value: object) -> bool:
    """True for a missing value: None, an empty or whitespace-only string."""
    return value is None or (isinstance(value, str) and not value.strip())


def text(value: object) -> str:
    """A cell as one clean line of text: trimmed, inner whitespace collapsed, NFC."""
    if isinstance(value, bool | dict | list):
        raise InvalidValue(f"{quote(value)} : un texte simple était attendu.")
    line = " ".join(str(value).split())
    if line.isascii() or unicodedata.is_normalized("NFC", line):
        return line
    return unicodedata.normalize("NFC", line)


@lru_cache(maxsize=65536)
def fold(value: str) -> str:
    """Lower-case, accent-free, single-spaced: for comparing labels people type.

    Cached: the same brands, labels and words come back on every row.
    """
    folded = value.casefold()
    if not folded.isascii():
        folded = folded.replace("œ", "oe").replace("æ", "ae").replace("’", "'")
        decomposed = unicodedata.normalize("NFKD", folded)
        folded = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(folded.split())


def parse_decimal(value: object, decimal_mark: str | None = None) -> Decimal:
    """A number as written in a French or English spreadsheet.

    Accepts decimal commas, thousands separators (spaces, no-break spaces,
    dots or commas in groups of three), a leading sign. With both `.` and `,`
    the last one is the decimal mark. A lone comma is a decimal comma (French
    default) and a lone dot a decimal point, unless `decimal_mark` says which
    mark this feed uses; then the other one can only group thousands.
    """
    if isinstance(value, bool):
        raise InvalidValue(f"{quote(value)} : un nombre était attendu.")
    if isinstance(value, int | float | Decimal):
        return Decimal(str(value))
    raw = str(value)
    cleaned = raw.strip().translate(_NO_SPACES)
    if _SCIENTIFIC.match(cleaned):
        raise InvalidValue(
            f"{quote(raw)} : nombre en notation scientifique ; "
            "formatez la colonne en nombre ou en texte dans le tableur."
        )
    if not _NUMBER.match(cleaned):
        raise InvalidValue(f"{quote(raw)} n’est pas un nombre.")
    mark = _decimal_mark_of(cleaned, decimal_mark)
    grouping = "," if mark == "." else "."
    integer, _, fraction = cleaned.rpartition(mark) if mark in cleaned else (cleaned, "", "")
    if grouping in fraction or mark in integer:
        raise InvalidValue(f"{quote(raw)} n’est pas un nombre.")
    groups = integer.lstrip("+-").split(grouping)
    if len(groups) > 1 and (not 1 <= len(groups[0]) <= 3 or any(len(g) != 3 for g in groups[1:])):
        raise InvalidValue(f"{quote(raw)} : séparateur de milliers mal placé.")
    try:
        return Decimal(integer.replace(grouping, "") + ("." + fraction if fraction else ""))
    except InvalidOperation as err:
        raise InvalidValue(f"{quote(raw)} n’est pas un nombre.") from err


def _decimal_mark_of(cleaned: str, decimal_mark: str | None) -> str:
    if "," in cleaned and "." in cleaned:
        return "," if cleaned.rfind(",") > cleaned.rfind(".") else "."
    if decimal_mark:
        return decimal_mark
    if cleaned.count(",") > 1:
        return "."
    if cleaned.count(".") > 1:
        return ","
    return "." if "." in cleaned else ","


def guess_decimal_mark(values: list[object]) -> str | None:
    """The decimal mark a feed uses, judged on its unambiguous numbers.

    `1 234,50` or `12,5` vote for the comma, `1,234.50` or `12.5` for the
    dot; `1.234` or `1,234` are ambiguous and do not vote. None when nothing
    decides (then each value is read on its own). The first few hundred
    decisive values are enough: a feed does not change its mind halfway.
    """
    votes = {",": 0, ".": 0}
    for value in values:
        if votes[","] + votes["."] >= 500:
            break
        if not isinstance(value, str):
            continue
        cleaned = _HT.sub("", _CURRENCY.sub("", value)).translate(_NO_SPACES).rstrip("%")
        if not _NUMBER.match(cleaned) or ("," not in cleaned and "." not in cleaned):
            continue
        last = max(cleaned.rfind(","), cleaned.rfind("."))
        if ("," in cleaned and "." in cleaned) or len(cleaned) - last - 1 != 3:
            votes[cleaned[last]] += 1
    if votes[","] == votes["."]:
        return None
    return "," if votes[","] > votes["."] else "."


def parse_price(value: object, decimal_mark: str | None = None) -> Decimal | None:
    """A price excluding VAT, in euros, rounded to the cent; None means « Prix sur devis ».

    Currency signs (`€`, `EUR`) and a trailing « HT » are ignored; other
    currencies, negative and zero prices are refused (leave the cell empty,
    or write « sur devis », for a price on request).
    """
    if isinstance(value, str):
        raw = value
        cleaned = value.strip()
        if not cleaned[:1].isdigit() and _QUOTE_WORDS.match(fold(cleaned)):
            return None
        if _FOREIGN_CURRENCY.search(cleaned):
            raise InvalidValue(f"{quote(raw)} : seuls les prix en euros sont acceptés.")
        cleaned = _HT.sub("", _CURRENCY.sub("", cleaned)).strip()
        try:
            amount = parse_decimal(cleaned, decimal_mark)
        except InvalidValue as err:
            raise InvalidValue(
                f"{quote(raw)} n’est pas un prix lisible (exemple attendu : 1 234,50)."
            ) from err
    else:
        raw = value
        amount = parse_decimal(value, decimal_mark)
    if amount < 0:
        raise InvalidValue(f"{quote(raw)} : un prix ne peut pas être négatif.")
    if amount == 0:
        raise InvalidValue(
            f"{quote(raw)} : un prix nul n’est pas accepté ; "
            "laissez la case vide pour « Prix sur devis »."
        )
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def parse_vat_rate(value: object, decimal_mark: str | None = None) -> Decimal:
    """A French VAT rate in percent: `20`, `20,0 %`, `5,5`, or a fraction such as `0,2`."""
    raw = value
    cleaned = value.strip().rstrip("%").strip() if isinstance(value, str) else value
    try:
        rate = parse_decimal(cleaned, decimal_mark)
    except InvalidValue as err:
        raise InvalidValue(
            f"{quote(raw)} n’est pas un taux de TVA (exemple : 20 ou 5,5 %)."
        ) from err
    if 0 < rate < 1:
        rate *= 100
    for known in VAT_RATES:
        if rate == known:
            return known
    raise InvalidValue(
        f"{quote(raw)} n’est pas un taux de TVA français (attendu : 0, 2,1, 5,5, 10 ou 20 %)."
    )


def parse_count(value: object, unit: str, minimum: int = 0) -> int:
    """A whole number, possibly with its unit or as a range (`5 à 7 jours` gives 7).

    Units convert to the field's own: `2 semaines` is 14 days, `48 h` is 2
    days (rounded up), `2 ans` is 24 months. A range keeps its upper bound:
    the honest promise to a buyer.
    """
    raw = value
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, str) and value.isascii() and value.isdigit():
        number = int(value)
    else:
        cleaned = fold(str(value))
        match = _COUNT.fullmatch(cleaned)
        factor = _UNITS[unit].get(match.group(4).strip(" .")) if match else None
        if factor is None:
            raise InvalidValue(f"{quote(raw)} : un nombre entier de {unit} était attendu.")
        number = -(-int(match.group(3) or match.group(1)) * factor[0] // factor[1])
    if number < minimum:
        raise InvalidValue(f"{quote(raw)} : au moins {minimum} attendu.")
    return number


_DAY, _WEEK, _HOUR = (1, 1), (7, 1), (1, 24)
_UNITS = {
    "jours": {
        "": _DAY, "j": _DAY, "jour": _DAY, "jours": _DAY, "jrs": _DAY, "jo": _DAY,
        "jours ouvres": _DAY, "j ouvres": _DAY,
        "sem": _WEEK, "semaine": _WEEK, "semaines": _WEEK,
        "h": _HOUR, "heure": _HOUR, "heures": _HOUR,
    },
    "mois": {"": (1, 1), "m": (1, 1), "mois": (1, 1), "an": (12, 1), "ans": (12, 1)},
    "unités": {
        "": (1, 1), "u": (1, 1), "unite": (1, 1), "unites": (1, 1),
        "pce": (1, 1), "pces": (1, 1), "piece": (1, 1), "pieces": (1, 1),
    },
}  # fmt: skip


def parse_gtin(value: object) -> str:
    """A GTIN (EAN-8, UPC-A, EAN-13 or GTIN-14), digits only, check digit verified.

    The check digit comes from python-stdnum; the rest is done here so that
    each refusal can say what was expected.
    """
    raw = value
    if isinstance(value, int) and not isinstance(value, bool):
        digits = str(value)
    else:
        digits = _GTIN_NOISE.sub("", str(value))
    if _SCIENTIFIC.match(digits):
        raise InvalidValue(
            f"{quote(raw)} : le tableur a converti le GTIN en nombre scientifique ; "
            "formatez la colonne en texte."
        )
    if not (digits.isascii() and digits.isdigit()):
        raise InvalidValue(f"{quote(raw)} : un GTIN ne contient que des chiffres.")
    if len(digits) not in GTIN_LENGTHS:
        raise InvalidValue(
            f"{quote(raw)} n’est pas un GTIN valide ({len(digits)} chiffres ; "
            "attendu : 8, 12, 13 ou 14)."
        )
    expected = ean.calc_check_digit(digits[:-1])
    if digits[-1] != expected:
        raise InvalidValue(
            f"{quote(raw)} n’est pas un GTIN valide (chiffre de contrôle attendu : {expected})."
        )
    return digits


def gtin13(gtin: str) -> str | None:
    """The 13-digit form of a GTIN-12/13/14 when one exists; None for GTIN-8."""
    if len(gtin) == 12:
        return "0" + gtin
    if len(gtin) == 13:
        return gtin
    if len(gtin) == 14 and gtin.startswith("0"):
        return gtin[1:]
    return None


def gtin_key(gtin: str) -> str:
    """The GTIN-14 form, so that the same code written in any length compares equal."""
    return gtin.zfill(14)


def parse_bool(value: object) -> bool:
    """oui / non (also yes / no, true / false, 1 / 0, x)."""
    if isinstance(value, bool):
        return value
    word = fold(str(value))
    if word in {"oui", "o", "yes", "y", "true", "vrai", "1", "x"}:
        return True
    if word in {"non", "n", "no", "false", "faux", "0"}:
        return False
    raise InvalidValue(f"{quote(value)} : « oui » ou « non » était attendu.")


def parse_choice(value: object, choices: dict[str, object], unknown: str, expected: str) -> object:
    """A value from a closed list, compared without case, accents or extra spaces."""
    found = choices.get(" ".join(fold(str(value)).replace("-", " ").split()))
    if found is None:
        raise InvalidValue(f"{quote(value)} : {unknown} (attendu : {expected}).")
    return found


def parse_url(value: object, schemes: tuple[str, ...] = ("https", "http")) -> str:
    """An absolute web address; `schemes=("https",)` for images, fetched by browsers."""
    url = str(value).strip()
    pattern = _HTTPS_URL if schemes == ("https",) else _WEB_URL
    if not pattern.match(url):
        raise InvalidValue(f"{quote(value)} : une adresse web complète (https://…) était attendue.")
    return url


def slugify(value: str, max_length: int = 80) -> str:
    """ascii-lower-hyphenated, cut at a word boundary: stable, readable URLs."""
    slug = _NOT_SLUG.sub("-", fold(value).replace("'", " ")).strip("-")
    if len(slug) > max_length:
        slug = slug[:max_length].rsplit("-", 1)[0]
    return slug


def normalise_mpn(value: str) -> str:
    """A manufacturer part number for comparison: no case, accents, spaces, hyphens, dots."""
    return _MPN_NOISE.sub("", fold(value))
