"""The one shape every finding takes, whether printed by the CLI or logged by the plugin."""

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """Something a writer must fix: which file, which line, and what to do (in French).

    `line` is None when the problem concerns no line in particular (a failed build).
    """

    path: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.message}"

    def sort_key(self) -> tuple[str, int]:
        return (self.path, self.line or 0)


def shown_path(path: Path, content_dir: Path) -> str:
    """A path as the writer finds it in the repository: « content/articles/x.md ».

    Paths are shown from the folder holding content/ (the project root), so the
    CLI and the plugin print the same thing wherever they run from.
    """
    root = content_dir.resolve().parent
    return Path(os.path.relpath(path.resolve(), root)).as_posix()
