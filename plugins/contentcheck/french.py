"""French typography for the messages marketing staff read.

Message templates are written with ordinary spaces so they stay readable in
the code; `say()` turns them into French typography (no-break space inside
« guillemets » and before a colon, narrow no-break space before ; ? !) and
only then inserts the values, which are shown exactly as the writer typed them.
"""

import re

NBSP = "\u00a0"
NNBSP = "\u202f"

_SPACING = (
    (re.compile(r"« "), f"«{NBSP}"),
    (re.compile(r" »"), f"{NBSP}»"),
    (re.compile(r" :"), f"{NBSP}:"),
    (re.compile(r" ([;?!])"), rf"{NNBSP}\1"),
)


def say(template: str, **values: object) -> str:
    """Typeset a message template, then fill in the values untouched."""
    for pattern, replacement in _SPACING:
        template = pattern.sub(replacement, template)
    return template.format(**values)


def count(number: int, singular: str, plural: str) -> str:
    """« 1 article », « 0 page », « 12 articles »: French takes the singular below 2."""
    return f"{number} {singular if number < 2 else plural}"


def shorten(text: str, width: int = 50) -> str:
    """Keep a quoted line short enough to read in a terminal."""
    text = text.strip()
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"
