"""`invoke check` as the writer sees it: one line per problem, a summary, an exit status."""

import os
import subprocess
import sys
from pathlib import Path

from contentcheck.check import main

PLUGINS = Path(__file__).resolve().parents[2]


def test_clean_content_prints_the_summary_and_returns_0(site, plain, capsys):
    assert main(site.content, site.settings) == 0
    assert plain(capsys.readouterr().out) == "1 article et 1 page vérifiés : aucun problème.\n"


def test_each_problem_then_the_count_and_returns_1(site, plain, capsys):
    site.article("Date: 2025-09-14 09:00", "Date: 2025-09-31")
    site.write("pages/a-propos.md", "Title: À propos\nStatus: public\n\nVoir [ici](/ailleurs/).\n")
    assert main(site.content, site.settings) == 1
    assert plain(capsys.readouterr().out).splitlines() == [
        "content/articles/coopetition.md:2: la date « 2025-09-31 » n’est pas une date valide "
        "(attendu : AAAA-MM-JJ ou AAAA-MM-JJ HH:MM).",
        "content/articles/coopetition.md:13: la catégorie « Coopétition » n’a pas de page sur le "
        "site : aucun article publié n’y est rattaché.",
        "content/articles/coopetition.md:13: l’étiquette « marketplace » n’a pas de page sur le "
        "site : aucun article publié n’y est rattaché.",
        "content/articles/coopetition.md:14: l’auteur « Claire Dumas » n’a pas de page sur le "
        "site : aucun article publié n’y est rattaché.",
        "content/pages/a-propos.md:2: le statut « public » n’est pas reconnu (attendu : draft, "
        "published ou hidden) : vouliez-vous dire « published » ?",
        "content/pages/a-propos.md:4: le lien « /ailleurs/ » ne mène à aucune page du site : "
        "vérifiez l’adresse (un brouillon ou un article daté dans le futur n’est pas encore "
        "publié).",
        "1 article et 2 pages vérifiés : 6 problèmes.",
    ]


def test_a_failed_build_is_a_sentence_not_a_traceback(site, plain, capsys):
    theme = site.root / "theme" / "templates"
    theme.mkdir(parents=True)
    (theme / "article.html").write_text("{{ article.title | filtre_inconnu }}", encoding="utf-8")
    with site.settings.open("a", encoding="utf-8") as settings:
        settings.write('THEME = "theme"\n')
    assert main(site.content, site.settings) == 1
    out = plain(capsys.readouterr().out)
    assert f"{site.settings.as_posix()}: la construction du site a échoué (" in out
    assert "filtre_inconnu" in out
    assert "n’ont pas été vérifiés : signalez-le à l’équipe technique." in out
    assert "Traceback" not in out


def test_unreadable_settings_are_reported_too(site, plain, capsys):
    site.settings.write_text("PATH = \n", encoding="utf-8")
    assert main(site.content, site.settings) == 1
    assert "les réglages du site n’ont pas pu être lus (SyntaxError" in plain(
        capsys.readouterr().out
    )


def test_python_m_contentcheck_from_the_project_root(site, plain):
    site.settings.rename(site.root / "pelicanconf.py")
    site.article("(/contact/)", "(/contcat/)")
    result = subprocess.run(
        [sys.executable, "-m", "contentcheck"],
        cwd=site.root,
        env={**os.environ, "PYTHONPATH": str(PLUGINS)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1, result.stderr
    assert plain(result.stdout).splitlines() == [
        "content/articles/coopetition.md:12: le lien « /contcat/ » ne mène à aucune page du "
        "site : vouliez-vous dire « /contact/ » ?",
        "1 article et 1 page vérifiés : 1 problème.",
    ]
    assert result.stderr == ""
