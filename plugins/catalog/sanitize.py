"""Supplier descriptions to HTML that is safe to put on our pages.

Descriptions are untrusted: some suppliers paste HTML from their own site,
others plain text from a spreadsheet cell. HTML keeps its harmless formatting
(paragraphs, lists, emphasis, links to web or mail addresses, simple tables)
and loses everything that runs or restyles: scripts, styles, event handlers,
`javascript:` and relative links, images. Plain text is escaped and turned
into paragraphs, a blank line separating them and a line break kept as such.
"""

import html
import re

import nh3

ALLOWED_TAGS = {
    "p", "br", "ul", "ol", "li", "strong", "em", "b", "i", "u", "sub", "sup",
    "a", "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
}

_CLEANER = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    clean_content_tags={"script", "style", "template", "iframe", "object", "noscript"},
    attributes=ALLOWED_ATTRIBUTES,
    url_schemes={"http", "https", "mailto"},
    url_relative="deny",
    link_rel="noopener noreferrer nofollow",
    strip_comments=True,
)
# Real HTML element names only, so that « <pliante> » or « < 5 kg » stay plain text.
_TAG = re.compile(
    r"<!--|</?(a|abbr|b|blockquote|body|br|button|caption|center|code|dd|div|dl|dt|em|embed|"
    r"font|form|h[1-6]|head|hr|html|i|iframe|img|input|li|link|math|meta|object|ol|p|pre|s|"
    r"script|section|small|span|strike|strong|style|sub|sup|svg|table|tbody|td|template|tfoot|"
    r"th|thead|title|tr|u|ul|video)\b[^>]*>",
    re.IGNORECASE,
)
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
# A link whose address was refused (javascript:, relative) keeps its words, not its tag.
_LINK_WITHOUT_HREF = re.compile(r"<a\b(?![^>]*\shref=)[^>]*>(.*?)</a>", re.DOTALL)
_BULLET = re.compile(r"^[-•*–]\s+")


def looks_like_html(text: str) -> bool:
    """True when the text holds at least one HTML tag or comment."""
    return _TAG.search(text) is not None


def sanitize_description(text: str) -> str:
    """Safe HTML for a supplier's description, HTML or plain text alike."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    if looks_like_html(text):
        return _LINK_WITHOUT_HREF.sub(r"\1", _CLEANER.clean(text)).strip()
    return paragraphs(text)


def paragraphs(text: str) -> str:
    """Plain text to escaped HTML: blank lines separate paragraphs, lines starting
    with « - », « • » or « * » make a list, other line breaks are kept as `<br>`."""
    parts = []
    for block in _PARAGRAPH_BREAK.split(text):
        lines = [line.strip() for line in block.split("\n") if line.strip()]
        while lines:
            bullets = _leading(lines, lambda line: _BULLET.match(line) is not None)
            if bullets:
                items = "".join(
                    f"<li>{html.escape(_BULLET.sub('', line))}</li>" for line in bullets
                )
                parts.append(f"<ul>{items}</ul>")
            else:
                prose = _leading(lines, lambda line: _BULLET.match(line) is None)
                parts.append("<p>" + "<br>\n".join(map(html.escape, prose)) + "</p>")
            lines = lines[len(bullets or prose) :]
    return "".join(parts)


def _leading(lines: list[str], keep) -> list[str]:
    """The first lines for which `keep` holds."""
    count = 0
    while count < len(lines) and keep(lines[count]):
        count += 1
    return lines[:count]


def plain_text(fragment: str) -> str:
    """The words of an HTML fragment on one line, for summaries and meta descriptions."""
    bare = nh3.clean(re.sub(r"<(br|/p|/li|/tr)\b", r" \g<0>", fragment), tags=set())
    return " ".join(html.unescape(bare).split())


def summary(fragment: str, length: int = 160) -> str:
    """At most `length` characters of plain text, cut on a word, with an ellipsis."""
    words = plain_text(fragment)
    if len(words) <= length:
        return words
    return words[: length - 1].rsplit(" ", 1)[0].rstrip(",;:.") + "…"
