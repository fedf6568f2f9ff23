"""Every generated page is valid HTML5 (Nu HTML Checker) and every internal link resolves."""

import json
import os
import shutil
import subprocess
from urllib.parse import urljoin

import pytest

from tests.support import ROOT

VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
LINK_ATTRIBUTES = {
    "a": "href",
    "link": "href",
    "img": "src",
    "script": "src",
    "form": "action",
    "source": "srcset",
}


def internal_targets(site, page):
    """(tag, url) of every link on a page that points inside the site."""
    base = f"{site.url}/{page.relative_to(site.root).as_posix()}"
    soup = site.soup(str(page.relative_to(site.root)))
    for tag, attribute in LINK_ATTRIBUTES.items():
        for element in soup.find_all(tag):
            if tag == "form" and element.get("method", "get").lower() == "post":
                continue  # lead forms post to the lead service (LEADS_ENDPOINT), not to a file
            values = [element.get(attribute)]
            if element.get("srcset"):
                values += [part.split()[0] for part in element["srcset"].split(",")]
            for value in filter(None, values):
                url = urljoin(base, value).split("#", 1)[0]
                if url.startswith(site.url + "/"):
                    yield tag, url


def test_every_internal_link_resolves(site):
    broken = []
    for page in site.html_files():
        for tag, url in internal_targets(site, page):
            if site.path_for(url) is None:
                broken.append(f"{page.relative_to(site.root)}: <{tag}> {url}")
    assert not broken, "\n".join(broken)


def test_fragment_links_point_to_existing_ids(site):
    broken = []
    for page in site.html_files():
        soup = site.soup(str(page.relative_to(site.root)))
        ids = {element["id"] for element in soup.select("[id]")}
        for link in soup.select('a[href^="#"]'):
            if link["href"][1:] and link["href"][1:] not in ids:
                broken.append(f"{page.relative_to(site.root)}: {link['href']}")
    assert not broken, "\n".join(broken)


@pytest.mark.slow
def test_every_page_passes_the_nu_html_checker(site):
    java = os.environ.get("JAVA", shutil.which("java"))
    assert java, "Java is needed for the Nu HTML Checker (.ci/run installs it)"
    assert VNU_JAR.exists(), "run `make setup` (npm ci) to get vnu-jar"
    pages = [str(p) for p in site.html_files()]
    assets = [str(p) for p in (*site.root.rglob("*.css"), *site.root.rglob("*.svg"))]
    result = subprocess.run(
        [
            java,
            "-jar",
            str(VNU_JAR),
            "--format",
            "json",
            "--also-check-css",
            "--also-check-svg",
            *pages,
            *assets,
        ],
        capture_output=True,
        text=True,
    )
    messages = json.loads(result.stderr)["messages"]  # vnu reports in JSON on stderr
    problems = [
        f"{m.get('url', '').rsplit(str(site.root), 1)[-1]}:{m.get('lastLine')}: {m['type']}: {m['message']}"
        for m in messages
        if m["type"] == "error" or m.get("subType") == "warning"
    ]
    assert not problems, "\n".join(problems)
    assert result.returncode == 0, result.stderr  # a checker that failed to run is no pass
    assert len(pages) >= 30
