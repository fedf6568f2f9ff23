"""Rebuilds redo only what changed; helper processes change nothing in the output."""

import filecmp
import shutil
from pathlib import Path

import pytest
from catalog import parallel
from pelican import Pelican
from pelican.settings import read_settings

ROOT = Path(__file__).resolve().parents[3]
PRODUCT = "catalogue/produits/tensalys-tensiometre-electronique-de-bras-tb-500/index.html"
OTHER = "catalogue/produits/steriva-autoclave-classe-b-18-litres-sv-b18/index.html"

pytestmark = pytest.mark.slow


def build(data: Path, output: Path, cache: Path, **override) -> None:
    settings = read_settings(
        str(ROOT / "pelicanconf.py"),
        override={
            "PATH": str(output.parent / "content"),
            "OUTPUT_PATH": str(output),
            "CACHE_PATH": str(cache),
            "THEME": str(ROOT / "theme"),
            "PLUGIN_PATHS": [str(ROOT / "plugins")],
            "PLUGINS": ["frenchformat", "templatecache", "sitemap", "catalog"],
            "CATALOG_DATA": str(data),
            **override,
        },
    )
    Pelican(settings).run()


@pytest.fixture
def workspace(tmp_path, monkeypatch):
    monkeypatch.delenv("CATALOG_DATA", raising=False)
    (tmp_path / "content").mkdir()
    shutil.copytree(ROOT / "catalog_data", tmp_path / "data")
    return tmp_path


def set_first_price(data: Path, price: str) -> None:
    """Change the Kiné Expert price of the TB-500 (the first object of their JSON feed)."""
    feed = data / "suppliers" / "kine-expert" / "produits.json"
    text = feed.read_text(encoding="utf-8")
    start = text.index('"tarif_ht": ') + len('"tarif_ht": ')
    end = text.index(",", start)
    feed.write_text(text[:start] + price + text[end:], encoding="utf-8")


def test_a_rebuild_redoes_only_the_pages_of_the_changed_product(workspace):
    data, output, cache = workspace / "data", workspace / "out", workspace / "cache"
    build(data, output, cache)
    before = {p: p.stat().st_mtime_ns for p in output.rglob("*.html")}
    set_first_price(data, "77.70")
    build(data, output, cache)
    changed = {
        p.relative_to(output).as_posix()
        for p in output.rglob("*.html")
        if p.stat().st_mtime_ns != before.get(p)
    }
    assert PRODUCT in changed
    assert "77,70" in (output / PRODUCT).read_text(encoding="utf-8")
    assert OTHER not in changed
    assert "catalogue/tensiometres/index.html" in changed  # its card shows the new price range
    assert len(changed) < len(before) / 10
    sitemap = (output / "sitemap.xml").read_text(encoding="utf-8")
    assert sitemap.count("<loc>") >= len(before)  # unchanged pages are still listed


def test_a_template_change_redoes_every_page_using_it(workspace, tmp_path):
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    data, output, cache = workspace / "data", workspace / "out", workspace / "cache"
    build(data, output, cache, THEME=str(theme))
    template = theme / "templates" / "catalog" / "product.html"
    template.write_text(
        template.read_text(encoding="utf-8").replace(
            "Les offres des fournisseurs", "Toutes les offres"
        ),
        encoding="utf-8",
    )
    build(data, output, cache, THEME=str(theme))
    assert "Toutes les offres" in (output / OTHER).read_text(encoding="utf-8")


def test_a_deleted_page_is_made_again(workspace):
    data, output, cache = workspace / "data", workspace / "out", workspace / "cache"
    build(data, output, cache)
    (output / OTHER).unlink()
    build(data, output, cache)
    assert (output / OTHER).is_file()


def test_helper_processes_write_exactly_what_one_process_writes(workspace):
    data = workspace / "data"
    build(data, workspace / "one", workspace / "c1", CATALOG_PROCESSES=1, CATALOG_INCREMENTAL=False)
    build(data, workspace / "two", workspace / "c2", CATALOG_PROCESSES=2, CATALOG_INCREMENTAL=False)
    pages = sorted(p.relative_to(workspace / "one") for p in (workspace / "one").rglob("*.html"))
    assert len(pages) > 400
    _, mismatch, errors = filecmp.cmpfiles(
        workspace / "one", workspace / "two", pages, shallow=False
    )
    assert (mismatch, errors) == ([], [])


def test_product_pages_written_ahead_are_exactly_what_one_process_writes(workspace, monkeypatch):
    """Small chunks send the demo's product pages to the process forked once the catalog
    is loaded (`HeadStart`); the pages and the sitemap are those of a one-process build."""
    started = []
    start = parallel.HeadStart.start
    monkeypatch.setattr(parallel, "CHUNK", 8)
    monkeypatch.setattr(parallel.HeadStart, "start", lambda self: started.append(start(self)))
    data = workspace / "data"
    build(data, workspace / "one", workspace / "c1", CATALOG_PROCESSES=1, CATALOG_INCREMENTAL=False)
    assert started == []
    build(data, workspace / "two", workspace / "c2", CATALOG_PROCESSES=2, CATALOG_INCREMENTAL=False)
    assert len(started) == 1
    pages = sorted(p.relative_to(workspace / "one") for p in (workspace / "one").rglob("*.html"))
    _, mismatch, errors = filecmp.cmpfiles(
        workspace / "one", workspace / "two", [*pages, "sitemap.xml"], shallow=False
    )
    assert (mismatch, errors) == ([], [])
