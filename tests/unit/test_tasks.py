"""The invoke tasks marketing staff and developers use: new-post, publish, check."""

import os
import shutil
import subprocess
import sys
from datetime import datetime

import pytest
from invoke import Exit

from tasks import mirror, write_new_post
from tests.support import ROOT


def test_new_post_writes_a_draft_named_after_its_title(tmp_path):
    path = write_new_post(
        tmp_path,
        "  Crédit-bail : l’essentiel en 5 points ! ",
        "Financement",
        "Claire Dumas",
        "crédit-bail, financement",
        datetime(2026, 11, 26, 10, 5),
    )
    assert path.name == "credit-bail-lessentiel-en-5-points.md"
    header = path.read_text(encoding="utf-8").split("\n\n", 1)[0].splitlines()
    assert header[:4] == [
        "Title: Crédit-bail : l’essentiel en 5 points !",
        "Date: 2026-11-26 10:05",
        "Category: Financement",
        "Tags: crédit-bail, financement",
    ]
    assert "Status: draft" in header
    assert "Slug: credit-bail-lessentiel-en-5-points" in header


def test_new_post_never_overwrites_an_article(tmp_path):
    args = ("Un titre", "", "", "", datetime(2026, 11, 26))
    first = write_new_post(tmp_path, *args)
    first.write_text("texte précieux", encoding="utf-8")
    with pytest.raises(Exit, match="existe déjà"):
        write_new_post(tmp_path, *args)
    assert first.read_text(encoding="utf-8") == "texte précieux"


def test_publish_mirrors_the_site_and_removes_stale_files(tmp_path):
    source, target = tmp_path / "output", tmp_path / "www"
    (source / "blog").mkdir(parents=True)
    (source / "sitemap.xml").write_text("<urlset/>")
    (source / "blog" / "index.html").write_text("nouveau")
    mirror(source, target)
    (target / "ancien.html").write_text("périmé")
    (source / "blog" / "index.html").write_text("mis à jour")
    mirror(source, target)
    assert (target / "blog" / "index.html").read_text() == "mis à jour"
    assert not (target / "ancien.html").exists()


def test_publish_refuses_to_empty_a_folder_that_is_not_a_site(tmp_path):
    source, target = tmp_path / "output", tmp_path / "documents"
    source.mkdir()
    (source / "sitemap.xml").write_text("<urlset/>")
    target.mkdir()
    (target / "rapport.docx").write_text("important")
    with pytest.raises(Exit, match="publication refusée"):
        mirror(source, target)
    assert (target / "rapport.docx").exists()


def test_invoke_check_reports_a_broken_article_with_file_and_line(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    article = sorted((content / "articles").glob("*.md"))[0]
    text = article.read_text(encoding="utf-8")
    header, body = text.split("\n\n", 1)
    lines = [line for line in header.splitlines() if not line.startswith("Summary:")]
    lines = [
        line.replace(line.split(":", 1)[1], " 2026-02-31") if line.startswith("Date:") else line
        for line in lines
    ]
    article.write_text("\n".join(lines) + "\n\n" + body, encoding="utf-8")

    result = subprocess.run(
        [sys.executable, "-m", "invoke", "check", "--content", str(content)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1, result.stdout + result.stderr
    report = result.stdout
    relative = article.name
    date_line = next(i for i, line in enumerate(lines, 1) if line.startswith("Date:"))
    assert f"{relative}:{date_line}:" in report and "2026-02-31" in report
    assert "Summary" in report or "résumé" in report.lower()


def test_invoke_check_passes_on_the_demo_content():
    result = subprocess.run(
        [sys.executable, "-m", "invoke", "check"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "aucun problème" in result.stdout


def run_invoke(*args, env=None):
    return subprocess.run(
        [sys.executable, "-m", "invoke", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
    )


def test_invoke_publish_without_a_target_says_what_to_set(monkeypatch):
    env = {k: v for k, v in os.environ.items() if k != "PUBLISH_TARGET"}
    result = run_invoke("publish", env=env)
    assert result.returncode == 2
    assert "PUBLISH_TARGET" in result.stderr


def test_invoke_publish_copies_the_production_site_to_a_folder(tmp_path):
    target = tmp_path / "www"
    env = {**os.environ, "OUTPUT_PATH": str(tmp_path / "output")}
    result = run_invoke("publish", "--target", str(target), env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (target / "sitemap.xml").exists() and (target / "feeds" / "tous.atom.xml").exists()
    home = (target / "index.html").read_text(encoding="utf-8")
    assert 'href="https://www.medimarche.example/blog/"' in home
    assert not (target / "brouillons").exists()
