"""`invoke check`: every rule on the content, one line per problem, a French summary.

The report says where (file:line) and what to do, in words a writer who never
opens the code understands; the exit status (1 when anything is wrong) is what
CI looks at.
"""

from dataclasses import dataclass
from pathlib import Path

from pelican.settings import read_settings

from .build import BuildFailed, build_site, quietly
from .french import count, say
from .links import link_problems
from .problem import Problem
from .products import product_problems
from .rules import read_all, source_problems
from .sources import find_files


@dataclass(frozen=True)
class Report:
    """What was checked and what is wrong, sorted by file and line."""

    articles: int
    pages: int
    problems: list[Problem]

    def summary(self) -> str:
        checked = say(
            "{articles} et {pages} vérifiés : ",
            articles=count(self.articles, "article", "articles"),
            pages=count(self.pages, "page", "pages"),
        )
        if not self.problems:
            return checked + "aucun problème."
        return checked + count(len(self.problems), "problème", "problèmes") + "."


def check_content(content_dir: Path, settings_file: Path) -> Report:
    """Run rules 1 to 6 and 8 on the sources, then build the site once for the links (rule 7)."""
    content_dir = content_dir.resolve()
    try:
        with quietly():
            settings = read_settings(str(settings_file), override={"PATH": str(content_dir)})
    except Exception as err:  # a broken settings file must not end in a traceback
        message = say(
            "les réglages du site n’ont pas pu être lus ({error}), rien n’a été vérifié : "
            "signalez-le à l’équipe technique.",
            error=f"{type(err).__name__}: {err}",
        )
        return Report(0, 0, [Problem(settings_file.as_posix(), None, message)])
    files = find_files(content_dir, settings)
    documents, problems = read_all(files, content_dir)
    problems.extend(source_problems(documents, content_dir, settings))
    problems.extend(product_problems(documents, settings))
    try:
        site = build_site(settings_file, content_dir, settings["PLUGINS"])
    except BuildFailed as err:
        # Last, after the problems that most likely caused it.
        failed = [Problem(settings_file.as_posix(), None, _build_failed(err, problems))]
    else:
        problems.extend(link_problems(documents, content_dir, settings, site))
        failed = []
    kinds = [kind for kind, _ in files]
    return Report(
        kinds.count("article"),
        kinds.count("page"),
        sorted(problems, key=Problem.sort_key) + failed,
    )


def run(
    content_dir: Path = Path("content"), settings_file: Path = Path("pelicanconf.py")
) -> list[Problem]:
    """The problems found in the content, for callers that want data rather than text."""
    return check_content(content_dir, settings_file).problems


def main(content_dir: Path | None = None, settings_file: Path | None = None) -> int:
    """Print each problem as `path:line: message`, then the summary; 1 if anything is wrong."""
    report = check_content(content_dir or Path("content"), settings_file or Path("pelicanconf.py"))
    for problem in report.problems:
        print(problem)
    print(report.summary())
    return 1 if report.problems else 0


def _build_failed(err: BuildFailed, problems: list[Problem]) -> str:
    """Point the writer to the likely cause: the problems already listed, else the tech team."""
    todo = (
        "corrigez d’abord les problèmes ci-dessus, puis relancez la vérification"
        if problems
        else "signalez-le à l’équipe technique"
    )
    return say(
        "la construction du site a échoué ({error}), les liens internes n’ont pas été "
        "vérifiés : {todo}.",
        error=err,
        todo=todo,
    )
