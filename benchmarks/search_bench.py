"""`invoke bench`: our lunr search beside Pagefind, on synthetic catalogs of N products.

For each size: generate the catalog (`generate_catalog.py`, the catalog
benchmark's generator), build the site with the production settings, time
the search index alone (our plugin's stage: documents, lunr.py, shards,
files) and Pagefind's indexing of the same built site, then measure both
in headless Chromium (`search_browser.py`) behind a server that compresses
as production does (`search_server.py`). Prints a Markdown table and the
goals of issue 4 with their status.

    python benchmarks/search_bench.py 10000 50000 [--work var/bench]
"""

import argparse
import importlib.util
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "plugins"), str(ROOT), str(ROOT / "benchmarks")]

from catalog.catalog import load_catalog  # noqa: E402
from catalog.index import CatalogIndex, price_bands  # noqa: E402
from frenchformat.frenchformat import french_number  # noqa: E402
from generate_catalog import generate  # noqa: E402
from search.documents import product_documents  # noqa: E402
from search.indexer import score  # noqa: E402
from search.search import DEFAULTS  # noqa: E402
from search.wire import bundle, term_files  # noqa: E402
from search_browser import measure_both  # noqa: E402
from search_server import serve  # noqa: E402

SETTINGS = """\
import sys
sys.path.insert(0, {root!r})
from publishconf import *
PATH = {content!r}
THEME = {theme!r}
PLUGIN_PATHS = [{plugins!r}]
PLUGINS = list(dict.fromkeys([*PLUGINS, "catalog", "search"]))
SEARCH_NODE_MODULES = {modules!r}
"""

# (size, goal on bytes, on cold ms, on heap bytes), from issue 4.
GOALS = {10_000: (300_000, 300, None), 50_000: (1_000_000, 800, 100_000_000)}
WARM_GOAL_MS, BUILD_GOAL_S = 20, 20


def build_site(catalog: Path, output: Path, siteurl: str, settings: Path) -> float:
    """Build the whole site on `catalog`; returns the seconds it took."""
    settings.write_text(
        SETTINGS.format(
            root=str(ROOT),
            content=str(ROOT / "content"),
            theme=str(ROOT / "theme"),
            plugins=str(ROOT / "plugins"),
            modules=str(ROOT / "node_modules"),
        ),
        encoding="utf-8",
    )
    env = {**os.environ, "CATALOG_DATA": str(catalog), "SITEURL": siteurl}
    command = [sys.executable, str(ROOT / "sitebuild.py"), "-s", str(settings), "-o", str(output)]
    started = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode:
        tail = "\n".join((done.stdout + done.stderr).splitlines()[-40:])
        sys.exit(f"La construction du site sur {catalog} a échoué :\n{tail}")
    return time.perf_counter() - started


def time_search_index(catalog: Path, target: Path) -> tuple[float, int]:
    """Seconds our plugin's stage takes on a loaded catalog, and the compressed bytes written."""
    result = load_catalog(catalog)
    index = CatalogIndex(result, price_bands([100, 500, 1000, 5000, 20000], french_number))
    started = time.perf_counter()
    documents = product_documents(index.result, index, lambda image: "", 25)
    terms = term_files(score(documents), DEFAULTS["SEARCH_SHARD_BYTES"])
    files = bundle(documents, terms, DEFAULTS["SEARCH_CHUNK_SIZE"], [])
    packed = files.write(target)
    return time.perf_counter() - started, packed


def time_pagefind(site: Path) -> float:
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "pagefind", "--site", str(site)], check=True, capture_output=True
    )
    return time.perf_counter() - started


def number(value: float, decimals: int = 0) -> str:
    """French writing: « 12 345,6 »."""
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\u202f").replace(".", ",")


def run(size: int, work: Path) -> list[str]:
    catalog = generate(size, work / f"catalog-{size}")
    output = work / f"site-{size}"
    shutil.rmtree(output, ignore_errors=True)
    server = serve(output)
    url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        site_s = build_site(catalog, output, url, work / "benchconf.py")
        index_s, index_bytes = time_search_index(catalog, work / f"index-{size}")
        pagefind_s = time_pagefind(output)
        measures = measure_both(url)
    finally:
        server.shutdown()
    rows = [
        f"| {number(size)} | {m.engine} | {number(m.bytes_first / 1000)} Ko "
        f"| {number(m.cold_ms)} ms | {number(m.warm_p95_ms, 1)} ms "
        f"| {number(m.burst_p95_ms, 1)} ms "
        f"| {number(m.heap_bytes / 1_000_000, 1)} Mo | {number(build, 1)} s |"
        for m, build in zip(measures, (index_s, pagefind_s), strict=True)
    ]
    lunr = measures[0]
    goal_bytes, goal_cold, goal_heap = GOALS.get(size, (None, None, None))
    checks = [
        ("octets avant le premier résultat", goal_bytes, lunr.bytes_first),
        ("première requête à froid (ms)", goal_cold, lunr.cold_ms),
        ("frappes suivantes p95 (ms)", WARM_GOAL_MS, lunr.warm_p95_ms),
        ("tas JS (octets)", goal_heap, lunr.heap_bytes),
        ("construction de l’index (s)", BUILD_GOAL_S if size <= 10_000 else None, index_s),
    ]
    notes = [
        f"- {number(size)} produits : site entier construit en {number(site_s)} s ; "
        f"index de recherche : {number(index_bytes / 1000)} Ko compressés en tout."
    ]
    for label, goal, value in checks:
        if goal is not None:
            verdict = "atteint" if value <= goal else "manqué"
            notes.append(f"- objectif {label} ≤ {number(goal)} : {number(value, 1)}, {verdict}")
    return rows, notes


def main() -> None:
    if importlib.util.find_spec("pagefind") is None:
        sys.exit(
            "Pagefind manque : installez l’extra du banc d’essai "
            "(.venv/bin/pip install -e '.[bench]')."
        )
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sizes", type=int, nargs="*", default=[10_000, 50_000])
    parser.add_argument("--work", type=Path, help="keep the catalogs and sites in this folder")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="search-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    table = [
        "| produits | moteur | téléchargé avant le 1er résultat (gzip) | 1re requête à froid "
        "| frappes suivantes p95 | sans pause entre les frappes | tas JS "
        "| construction de l’index |",
        "|---:|---|---:|---:|---:|---:|---:|---:|",
    ]
    notes = []
    for size in args.sizes:
        print(f"Catalogue de {number(size)} produits…", file=sys.stderr, flush=True)
        rows, checks = run(size, work)
        table += rows
        notes += checks
    print("\n".join([*table, "", *notes]))
    if not args.work:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
