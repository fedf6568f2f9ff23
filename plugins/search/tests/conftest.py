"""Search documents from the demo catalog and three small articles, built once.

The catalog is loaded straight from `catalog_data/` with the catalog plugin's
own functions (no Pelican run, so no signal is left connected for other
tests); articles are stand-ins with the attributes Pelican's have.
"""

import json
import shutil
import subprocess
from datetime import datetime
from pathlib import Path
from types import SimpleNamespace

import pytest
from catalog.catalog import load_catalog
from catalog.index import CatalogIndex, price_bands
from frenchformat.frenchformat import french_number
from search.documents import article_documents, product_documents
from search.indexer import build_index, score
from search.wire import bundle, term_files

ROOT = Path(__file__).resolve().parents[3]
HARNESS = Path(__file__).with_name("worker_harness.js")
JS = ROOT / "theme" / "static" / "js"
VENDOR = [
    ROOT / "node_modules" / "lunr" / "lunr.min.js",
    ROOT / "node_modules" / "lunr-languages" / "min" / "lunr.stemmer.support.min.js",
    ROOT / "node_modules" / "lunr-languages" / "min" / "lunr.fr.min.js",
]


def article(title, category, tags, summary, body, slug, day):
    return SimpleNamespace(
        title=title,
        category=SimpleNamespace(name=category),
        tags=[SimpleNamespace(name=t) for t in tags],
        summary=f"<p>{summary}</p>",
        content=f"<p>{body}</p>",
        url=f"blog/{slug}/",
        date=datetime(2026, 11, day, 9, 0),
    )


ARTICLES = [
    article(
        "Crédit-bail ou location financière : que choisir ?",
        "Financement",
        ["crédit-bail", "location financière", "trésorerie"],
        "Comparer le crédit-bail et la location financière pour un échographe.",
        "Le crédit-bail permet d’acquérir l’équipement en fin de contrat ; la location "
        "financière préserve la trésorerie du cabinet.",
        "credit-bail-ou-location-financiere",
        3,
    ),
    article(
        "Coopétition : des fournisseurs concurrents sur la même vitrine",
        "Coopétition",
        ["coopétition", "marketplace"],
        "Pourquoi des fournisseurs concurrents gagnent à partager une place de marché.",
        "Les gants, les autoclaves et les tensiomètres se vendent mieux côte à côte.",
        "coopetition-fournisseurs-concurrents",
        5,
    ),
    article(
        "Stérilisation au cabinet dentaire : autoclave et traçabilité",
        "Équipement",
        ["stérilisation", "autoclave", "dentaire"],
        "Choisir un autoclave de classe B et tracer chaque cycle.",
        "Un autoclave classe B, un test de Bowie-Dick et des sachets de stérilisation.",
        "sterilisation-cabinet-dentaire",
        7,
    ),
]


@pytest.fixture(scope="session")
def demo_documents():
    catalog = load_catalog(ROOT / "catalog_data")
    index = CatalogIndex(catalog, price_bands([100, 500, 1000, 5000, 20000], french_number))
    products = product_documents(catalog, index, lambda image: "", 25)
    return products + article_documents(ARTICLES, 400)


@pytest.fixture(scope="session")
def demo_index(demo_documents):
    return build_index(demo_documents)


def write_search_dir(target: Path, documents, shard_bytes=4_000, chunk_size=16) -> Path:
    """The search folder as the build writes it, with small shards so that queries
    exercise loading several of them."""
    (target / "vendor").mkdir(parents=True)
    for path in VENDOR:
        shutil.copyfile(path, target / "vendor" / path.name)
    vendor = [f"vendor/{p.name}" for p in VENDOR]
    files = bundle(documents, term_files(score(documents), shard_bytes), chunk_size, vendor)
    files.write(target, keep=vendor)
    return target


@pytest.fixture(scope="session")
def demo_search_dir(tmp_path_factory, demo_documents) -> Path:
    return write_search_dir(tmp_path_factory.mktemp("search"), demo_documents)


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def worker():
    return run_worker


@pytest.fixture(scope="session")
def node():
    return run_node


def run_worker(search_dir: Path, requests: list[dict]) -> dict:
    """Replies of the real search worker, under Node, to `requests`."""
    result = subprocess.run(
        ["node", str(HARNESS), str(search_dir), str(JS)],
        input=json.dumps(requests),
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def run_node(script: str, payload) -> object:
    """Run `script` under Node with lunr, lunr-languages and search-french.js loaded;
    it reads `input` (the JSON payload) and calls `output(value)`."""
    prelude = f"""
    globalThis.lunr = require({json.dumps(str(ROOT / "node_modules" / "lunr"))});
    require({json.dumps(str(ROOT / "node_modules" / "lunr-languages" / "lunr.stemmer.support"))})(lunr);
    require({json.dumps(str(ROOT / "node_modules" / "lunr-languages" / "lunr.fr"))})(lunr);
    require({json.dumps(str(JS / "search-french.js"))});
    const input = JSON.parse(require("fs").readFileSync(0, "utf8"));
    const output = (value) => process.stdout.write(JSON.stringify(value));
    """
    result = subprocess.run(
        ["node", "-e", prelude + script],
        input=json.dumps(payload),
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)
