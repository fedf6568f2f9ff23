"""Rules 1 to 6, the ones that need only the sources: shared by the CLI and the plugin."""

from pathlib import Path

from .images import image_problems
from .metadata import metadata_problems
from .problem import Problem
from .slugs import slug_problems
from .sources import Document, read_document


def read_all(
    files: list[tuple[str, Path]], content_dir: Path
) -> tuple[list[Document], list[Problem]]:
    """The documents of `find_files()`, and a problem for each file that cannot be read."""
    documents, problems = [], []
    for kind, path in files:
        read = read_document(kind, path, content_dir)
        (problems if isinstance(read, Problem) else documents).append(read)
    return documents, problems


def source_problems(documents: list[Document], content_dir: Path, settings: dict) -> list[Problem]:
    """Header syntax, required fields, dates, status, slugs and images."""
    problems = []
    for document in documents:
        problems.extend(document.header.problems)
        problems.extend(metadata_problems(document, settings))
        problems.extend(image_problems(document, content_dir, settings))
    problems.extend(slug_problems(documents, settings))
    return problems
