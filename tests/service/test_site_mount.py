"""`python -m leads serve-site` serves the built site and the API from one process."""

from __future__ import annotations

import subprocess
import sys

import httpx
import pytest

from tests.service.support import Service
from tests.support import ROOT


@pytest.fixture
def site_service(tmp_path, database_url):
    site = tmp_path / "output"
    (site / "blog" / "premier").mkdir(parents=True)
    (site / "index.html").write_text("<h1>Accueil</h1>", encoding="utf-8")
    (site / "404.html").write_text("<h1>Page introuvable</h1>", encoding="utf-8")
    (site / "blog" / "premier" / "index.html").write_text("<h1>Premier</h1>", encoding="utf-8")
    service = Service(database_url, site=site).start()
    yield service
    service.stop()


def test_pages_404_and_api_side_by_side(site_service):
    url = site_service.url
    assert "Premier" in httpx.get(f"{url}/blog/premier/").text
    assert httpx.get(f"{url}/").status_code == 200
    missing = httpx.get(f"{url}/nulle-part/")
    assert missing.status_code == 404 and "introuvable" in missing.text
    moved = httpx.get(f"{url}/blog/premier")
    assert moved.status_code in (301, 307) and moved.headers["location"].endswith("/blog/premier/")
    lead = {"kind": "newsletter", "email": "a@ex.fr", "consent": "oui"}
    assert httpx.post(f"{url}/api/leads", data=lead).status_code == 303
    assert len(site_service.rows()) == 1


def test_serve_site_refuses_a_folder_without_a_built_site(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "leads", "serve-site", "--site", str(tmp_path)],
        cwd=ROOT, capture_output=True, text=True, timeout=30,
    )  # fmt: skip
    assert result.returncode == 2
    assert "invoke build" in result.stdout
