"""French typography for the messages staff read in the inbox and the terminal.

Templates are written with ordinary spaces so they stay readable in the code;
`say()` puts a no-break space inside « guillemets » and before a colon, a
narrow one before ; ? !, and only then inserts the values, untouched (the
same rule as `plugins/contentcheck/french.py`, which `leads` cannot import).
"""

from __future__ import annotations

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
    """Typeset a message template, then fill in the values as they are."""
    for pattern, replacement in _SPACING:
        template = pattern.sub(replacement, template)
    return template.format(**values)
