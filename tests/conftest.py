"""Shared fixtures: the demo site is built once per test session, with the
production settings and `--fatal warnings` (as CI and `invoke publish` do),
into a temporary folder served on a free local port.

The server starts before the build so that SITEURL can be its real address:
absolute URLs, feeds and canonical links then resolve against the local copy.
"""

import os
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from tests.support import ROOT, BuiltSite, build_site, serve_in_background


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> BuiltSite:
    output = tmp_path_factory.mktemp("site")
    server = serve_in_background(output)
    url = f"http://127.0.0.1:{server.server_address[1]}"
    result = build_site(ROOT / "content", output, url)
    assert result.returncode == 0, f"build failed:\n{result.stdout}\n{result.stderr}"
    yield BuiltSite(output, url)
    server.shutdown()


@pytest.fixture(scope="session")
def published_articles() -> list[Path]:
    """Source files of the demo articles that should be on the site (not drafts)."""
    articles = []
    for path in sorted((ROOT / "content" / "articles").glob("*.md")):
        header = path.read_text(encoding="utf-8").split("\n\n", 1)[0].lower()
        if "status: draft" not in header:
            articles.append(path)
    return articles


CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    """One Debian Chromium for the session (no download), for every test that drives one.

    Playwright's sync API keeps an event loop open in the main thread: a second
    `sync_playwright()` in the same session would fail, so there is only this one.
    """
    assert Path(CHROMIUM).exists(), f"Chromium not found at {CHROMIUM} (set CHROMIUM_PATH)"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
