"""Shared fixtures: the demo site is built once per test session, with the
production settings and `--fatal warnings` (as CI and `invoke publish` do),
into a temporary folder served on a free local port.

The server starts before the build so that SITEURL can be its real address:
absolute URLs, feeds and canonical links then resolve against the local copy.
"""

from pathlib import Path

import pytest

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
