"""Reading time of articles, shown as « 5 min de lecture ».

Counted on the rendered text (tags stripped) at 230 words a minute, a usual
figure for French non-fiction read on screen; never less than one minute.
"""

import math
import re
from html import unescape

from pelican import signals
from pelican.contents import Article

WORDS_PER_MINUTE = 230
_TAG = re.compile(r"<[^>]+>")
_WORD = re.compile(r"\w+(?:[’'-]\w+)*")

__all__ = ["count_words", "minutes_to_read", "register"]


def count_words(html: str) -> int:
    """Words in an HTML fragment; « l’équipement » counts as one word."""
    return len(_WORD.findall(unescape(_TAG.sub(" ", html))))


def minutes_to_read(words: int, words_per_minute: int = WORDS_PER_MINUTE) -> int:
    return max(1, math.ceil(words / words_per_minute))


def add_reading_time(content) -> None:
    """Set `word_count` and `reading_time` (minutes) on every article."""
    if not isinstance(content, Article):
        return
    content.word_count = count_words(content._content or "")
    content.reading_time = minutes_to_read(content.word_count)


def register() -> None:
    signals.content_object_init.connect(add_reading_time)
