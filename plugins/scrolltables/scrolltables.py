"""Wide tables in articles scroll sideways inside their own box on phones.

A table of four columns does not fit 320 px without breaking words in the
middle; letting the page scroll sideways is worse. Each `<table>` of an article
or page is wrapped in a region that scrolls, is named after the table (its
caption or first header row) and can be focused, so keyboard users can scroll it
too (WCAG 2.1.1; axe's `scrollable-region-focusable`).
"""

import re
from html import escape

from frenchformat import plain_text
from pelican import signals
from pelican.contents import Article, Page

__all__ = ["register", "wrap_tables"]

_TABLE = re.compile(r"<table\b.*?</table>", re.DOTALL | re.IGNORECASE)
_CAPTION = re.compile(r"<caption\b[^>]*>(.*?)</caption>", re.DOTALL | re.IGNORECASE)
_HEADER_ROW = re.compile(r"<tr\b[^>]*>(.*?)</tr>", re.DOTALL | re.IGNORECASE)
_CELL = re.compile(r"<t[hd]\b[^>]*>(.*?)</t[hd]>", re.DOTALL | re.IGNORECASE)


def table_name(table: str) -> str:
    """« Tableau : Critère, Achat comptant, … » from the caption or the first row."""
    caption = _CAPTION.search(table)
    if caption:
        return plain_text(caption.group(1))
    row = _HEADER_ROW.search(table)
    cells = [plain_text(cell) for cell in _CELL.findall(row.group(1))] if row else []
    return "Tableau\u00a0: " + ", ".join(filter(None, cells)) if cells else "Tableau"


def wrap_tables(html: str) -> str:
    def wrap(match: re.Match) -> str:
        label = escape(table_name(match.group(0)))
        return f'<div class="table-scroll" role="region" aria-label="{label}" tabindex="0">{match.group(0)}</div>'

    return _TABLE.sub(wrap, html)


def wrap_content_tables(content) -> None:
    if isinstance(content, Article | Page) and content._content and "<table" in content._content:
        content._content = wrap_tables(content._content)


def register() -> None:
    signals.content_object_init.connect(wrap_content_tables)
