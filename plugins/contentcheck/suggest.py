"""« vouliez-vous dire … ? »: the closest known value to a likely typo."""

import difflib
from collections.abc import Iterable, Mapping


def closest(
    word: str,
    choices: Iterable[str],
    aliases: Mapping[str, str] | None = None,
    cutoff: float = 0.6,
) -> str | None:
    """The choice the writer most likely meant, compared without case, or None.

    `aliases` maps words a French writer would naturally type (« titre »,
    « brouillon ») to the expected choice, which no spelling distance finds.
    Long paths share long prefixes, so callers comparing them raise `cutoff`.
    """
    lowered = {choice.lower(): choice for choice in choices}
    key = word.strip().lower()
    if aliases and key in aliases:
        return aliases[key]
    if key in lowered:
        return lowered[key]
    matches = difflib.get_close_matches(key, lowered, n=1, cutoff=cutoff)
    return lowered[matches[0]] if matches else None
