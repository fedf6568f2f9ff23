"""What went wrong in the supplier data, said once, in French, with its place.

Every stage reports through `Problem` instead of raising or logging, so the
check command, the development build and the production build can decide
for themselves what a problem costs (a warning, an exit code, a failed
build) while the wording stays the same everywhere.
"""

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Problem:
    """One precise complaint: file, line (1-based, when known), field, value, message.

    `message` is a full French sentence that already quotes the value when
    quoting helps; `value` is kept separately for tools and tests.
    """

    path: Path
    line: int | None
    field: str | None
    value: str | None
    message: str

    def location(self, relative_to: Path | None = None) -> str:
        """`path:line` with the path relative to `relative_to` when it lies inside it."""
        path = display_path(self.path, relative_to)
        return f"{path}:{self.line}" if self.line else path

    def format(self, relative_to: Path | None = None) -> str:
        """`path:line: field: message`, the shape editors and CI annotate."""
        parts = [self.location(relative_to)]
        if self.field:
            parts.append(self.field)
        parts.append(self.message)
        return ": ".join(parts)

    def __str__(self) -> str:
        return self.format()


def display_path(path: Path, relative_to: Path | None = None) -> str:
    """A path as people expect to read it: relative to the current directory if possible."""
    base = Path(relative_to) if relative_to is not None else Path.cwd()
    try:
        return Path(os.path.abspath(path)).relative_to(os.path.abspath(base)).as_posix()
    except ValueError:
        return Path(path).as_posix()


def quote(value: object) -> str:
    """« value » in French guillemets, shortened when very long.

    Plain spaces rather than no-break ones: these messages are read in a
    terminal or a CI log, where people copy and grep them.
    """
    text = " ".join(str(value).split())
    if len(text) > 60:
        text = text[:59] + "…"
    return f"« {text} »"
