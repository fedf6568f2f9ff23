"""The Pelican side: the source rules (1 to 6) run on every build, as warnings.

CI builds with `pelican --fatal warnings`, so a bad article fails the build as
well as `invoke check`. The link rule (7) is left to `invoke check`: it needs a
complete build of its own, too costly to repeat inside every build.
"""

import logging
from pathlib import Path

from pelican import signals

from .problem import Problem
from .rules import read_all, source_problems
from .sources import find_files

__all__ = ["log_content_problems", "register"]

logger = logging.getLogger(__name__)


def log_content_problems(generators) -> None:
    """Check the articles and pages of this build and log each problem found."""
    settings = generators[0].settings
    content_dir = Path(settings["PATH"]).resolve()
    documents, problems = read_all(find_files(content_dir, settings), content_dir)
    problems.extend(source_problems(documents, content_dir, settings))
    for problem in sorted(problems, key=Problem.sort_key):
        logger.warning("contentcheck: %s:%s: %s", problem.path, problem.line, problem.message)


def register() -> None:
    signals.all_generators_finalized.connect(log_content_problems)
