"""The plugin in a real Pelican build (a subprocess, so no signal stays connected)."""

import json
import os
import subprocess
import sys
import textwrap

import pytest

pytestmark = pytest.mark.slow

ARTICLE = """\
Title: Le crédit-bail expliqué
Date: 2026-03-02 10:00
Category: Financement
Tags: crédit-bail, trésorerie
Summary: Acheter sans avancer la trésorerie.

Le crédit-bail finance un échographe sur cinq ans.
"""


def build(root, tmp_path, **settings):
    content = tmp_path / "content"
    (content / "articles").mkdir(parents=True)
    (content / "articles" / "credit-bail.md").write_text(ARTICLE, encoding="utf-8")
    extra = "\n".join(f"{name} = {value!r}" for name, value in settings.items())
    conf = tmp_path / "conf.py"
    conf.write_text(
        textwrap.dedent(f"""\
            import sys
            sys.path.insert(0, {str(root)!r})
            from pelicanconf import *
            PATH = {str(content)!r}
            THEME = {str(root / "theme")!r}
            PLUGIN_PATHS = [{str(root / "plugins")!r}]
            PLUGINS = [p for p in PLUGINS if p not in ("catalog", "search")] + ["search"]
            SEARCH_NODE_MODULES = {str(root / "node_modules")!r}
            {extra}
            """),
        encoding="utf-8",
    )
    output = tmp_path / "output"
    command = [sys.executable, "-m", "pelican", str(content), "-s", str(conf), "-o", str(output)]
    env = {**os.environ, "COLUMNS": "400"}  # Pelican's log lines unwrapped
    result = subprocess.run(command, cwd=root, env=env, capture_output=True, text=True, check=False)
    return result, output / "search"


def test_without_catalog_the_articles_are_indexed(root, tmp_path):
    result, search = build(root, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    manifest = json.loads((search / "manifest.json").read_text())
    assert (manifest["count"], manifest["products"], manifest["facets"]) == (1, 0, None)
    for name in manifest["vendor"]:
        assert (search / name).stat().st_size > 1000
    rows = json.loads((search / manifest["chunks"][0]).read_text())
    assert rows == [
        [1, "Le crédit-bail expliqué", "blog/le-credit-bail-explique/", 0, "2 mars 2026"]
    ]


def test_a_missing_lunr_stops_the_build_with_a_french_message(root, tmp_path):
    result, search = build(root, tmp_path, SEARCH_NODE_MODULES=str(tmp_path / "nulle-part"))
    assert result.returncode != 0
    assert "installez les paquets npm du projet" in result.stdout + result.stderr
    assert not search.exists()
