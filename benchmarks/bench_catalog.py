"""How the site build scales with the catalog: `invoke bench` runs this.

For each size (products), a catalog is generated in the demo suppliers'
formats (`generate_catalog.py`), then the real site is built with
`pelicanconf.py` and `CATALOG_DATA` pointing at it, in a fresh process, as
`invoke build` does. Printed per size: wall time of the full build, CPU time
(user + system, every process), peak memory (sum of the proportional set
size of the build's processes, sampled), the time of a second build after
changing one product's price, and the floor: a bare loop, in this process,
that renders the same product template with Jinja2 (financing simulator
included) and writes the files, with the ratio of the full build to it.

Writing 2.5 GB of pages (50,000 products) cost this machine's virtual disk
from under 10 s to 75 s of kernel time, depending on what it had done just
before (a bare loop writing the same bytes: 55 s, then 74 s, minutes apart;
5 s into tmpfs). So each full build is also run with its output in memory
(tmpfs, `/dev/shm`): that figure measures the build, the other one what a
user of this machine gets at that moment. Both builds also show the share of
the search plugin (its own timing, logged by `plugins/search`): it indexes
every product on every build, so it weighs on the catalog's goals too.

    python benchmarks/bench_catalog.py [--sizes 1000 10000 50000] [--keep DIR]
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate_catalog import generate  # noqa: E402

# Memory-backed file system for the builds whose output must not touch the disk.
RAM = "/dev/shm" if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK) else None


class MemorySampler(threading.Thread):
    """Samples the summed PSS of a process and its children until stopped."""

    def __init__(self, pid: int, every: float = 0.05):
        super().__init__(daemon=True)
        self.pid, self.every, self.peak, self._done = pid, every, 0, threading.Event()

    def run(self) -> None:
        while not self._done.is_set():
            self.peak = max(self.peak, sum(map(_pss_kb, _tree(self.pid))))
            self._done.wait(self.every)

    def stop(self) -> int:
        self._done.set()
        self.join()
        return self.peak


def _tree(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        try:
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
        except OSError:
            continue
        todo.extend(map(int, children))
    return found


def _pss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def plugins() -> list[str]:
    from pelican.settings import read_settings

    names = list(read_settings(str(ROOT / "pelicanconf.py"))["PLUGINS"])
    return names if "catalog" in names else [*names, "catalog"]


# The stage timings the plugins log at INFO level, read back from the build's log.
STAGES = {"search": re.compile(r"^search: .* en ([\d.]+) s$", re.MULTILINE)}


def run_pelican(log: str, argv: list[str]) -> None:
    """In the build process: `pelican` as `invoke build` runs it (`sitebuild.py`), with
    our plugins' INFO lines sent to `log`.

    Only the plugins' loggers are raised to INFO: Pelican's own would log every
    file written, which costs time at 50,000 pages.
    """
    import logging

    sys.path.insert(0, str(ROOT))
    from sitebuild import exit_now, run

    handler = logging.FileHandler(log, mode="w", encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(message)s"))
    for name in ("search", "catalog"):
        logger = logging.getLogger(name)
        logger.setLevel(logging.INFO)
        logger.addHandler(handler)
    exit_now(run(argv))


def build(catalog: Path, content: Path, output: Path) -> dict:
    """One `pelican` run in a fresh process: wall, CPU, peak memory and stage timings."""
    cache = output.parent / f"{output.name}-cache"
    log = output.parent / f"{output.name}.log"
    command = [
        sys.executable, str(Path(__file__).resolve()), "--run-pelican", str(log),
        str(content), "-s", str(ROOT / "pelicanconf.py"),
        "-o", str(output), "-e", f"PLUGINS={plugins()!r}".replace("'", '"'),
        f'CACHE_PATH="{cache}"',
    ]  # fmt: skip
    env = {**os.environ, "CATALOG_DATA": str(catalog)}
    start = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    sampler = MemorySampler(process.pid)
    sampler.start()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    peak = sampler.stop()
    errors = process.stderr.read().decode()
    if status:
        raise SystemExit(f"la construction a échoué :\n{errors}")
    # wait4 counts the helper processes too: the kernel adds reaped children to their parent.
    logged = log.read_text(encoding="utf-8") if log.exists() else ""
    stages = {}
    for name, pattern in STAGES.items():
        found = pattern.findall(logged)
        stages[name] = float(found[-1]) if found else None
    return {
        "wall": wall,
        "cpu": usage.ru_utime + usage.ru_stime,
        "peak_mb": peak / 1024,
        **stages,
    }


def clean(*folders: Path) -> None:
    """Delete what an earlier run left, and wait until the disk has really done it.

    Deleting 100,000 files returns at once, but the file system finishes the
    job (journal, discards) during whatever runs next: measured here, a build
    started right after it took up to twice as long, most of it system time.
    """
    for folder in folders:
        shutil.rmtree(folder, ignore_errors=True)
    os.sync()


def seconds(value: float | None) -> str:
    return "?" if value is None else f"{value:.1f} s"


def change_one_price(catalog: Path) -> None:
    """Edit the price of the first product of the Windows-1252 Excel export."""
    feed = catalog / "suppliers" / "alpha-medical" / "export_catalogue_alpha.csv"
    lines = feed.read_bytes().decode("cp1252").split("\r\n")
    cells = lines[1].split(";")
    price = next(i for i, cell in enumerate(cells) if cell.endswith(" €"))
    cells[price] = "1\u00a0111,11 €"
    lines[1] = ";".join(cells)
    feed.write_bytes("\r\n".join(lines).encode("cp1252"))


def floor(catalog: Path, output: Path) -> tuple[float, int]:
    """A bare loop: the product template rendered with Jinja2 for every product, written.

    Returns its duration and the number of offers (the catalog is loaded untimed)."""
    from functools import lru_cache

    from catalog.catalog import load_catalog
    from catalog.images import Thumbnailer
    from catalog.index import CatalogIndex, price_bands
    from catalog.pages import Fragments, product_url
    from financing.financing import add_to_templates as add_financing
    from frenchformat import french_date, french_number, french_price, plain_text
    from jinja2 import Environment, FileSystemLoader
    from pelican.settings import read_settings
    from templatecache import FragmentCache

    settings = read_settings(str(ROOT / "pelicanconf.py"))
    env = Environment(
        loader=FileSystemLoader(str(ROOT / "theme" / "templates")), **settings["JINJA_ENVIRONMENT"]
    )
    env.add_extension(FragmentCache)
    env.filters.update(
        french_price=lru_cache(maxsize=None)(french_price),
        french_number=lru_cache(maxsize=None)(french_number),
        french_date=french_date,
        plain_text=plain_text,
    )
    result = load_catalog(catalog)
    index = CatalogIndex(result, price_bands([100, 500, 1000, 5000, 20000], french_number))
    thumbnails = Thumbnailer(catalog, output, (160, 320, 640))
    shim = SimpleNamespace(
        env=env, catalog=result, thumbnails=thumbnails, settings=settings,
        get_template=lambda name: env.get_template(f"{name}.html"),
    )  # fmt: skip
    env.globals.update(Fragments(shim).globals())
    add_financing(shim)  # the simulator under the offers, as in the real build
    template = env.get_template("catalog/product.html")
    context = {
        **settings,
        "THEME_STATIC_DIR": "theme",
        "catalog": result,
        "categories": result.categories,
    }
    context["suppliers"] = result.suppliers
    start = time.perf_counter()
    for product in index.products:
        url = product_url(product)
        html = template.render(
            context,
            product=product,
            product_path=url,
            ancestors=[result.categories[s] for s in result.categories[product.category].path],
            brand=index.brand_of(product),
            pictures=[p for p in map(thumbnails.picture, product.images) if p],
            related=index.related(product, 4),
            quote_url="contact/",
        )
        target = output / url / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(html, encoding="utf-8")
    return time.perf_counter() - start, sum(len(p.offers) for p in result.products)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 50000])
    parser.add_argument("--keep", type=Path, help="garder catalogues et sorties dans ce dossier")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="bench-catalog-"))
    work.mkdir(parents=True, exist_ok=True)
    content = work / "content"
    content.mkdir(exist_ok=True)
    print(f"{os.cpu_count()} cœurs, {len(os.sched_getaffinity(0))} disponibles ; dossier : {work}")
    memory = Path(tempfile.mkdtemp(prefix="bench-catalog-", dir=RAM)) if RAM else None
    header = (
        "| produits | offres | pages | construction | dont recherche | CPU | mémoire max "
        "| en mémoire (tmpfs) | CPU | après 1 produit modifié | dont recherche "
        "| plancher Jinja2 | ratio |"
    )
    print(header)
    print("|" + "---|" * 13)
    try:
        for size in args.sizes:
            catalog = generate(size, work / f"catalog-{size}")
            output, floor_output = work / f"output-{size}", work / f"floor-{size}"
            clean(output, work / f"output-{size}-cache", floor_output)
            in_memory = {"wall": None, "cpu": None}
            if memory:
                (memory / f"{size}").mkdir()
                in_memory = build(catalog, content, memory / f"{size}" / "output")
                clean(memory / f"{size}")
            full = build(catalog, content, output)
            pages = sum(1 for _ in output.rglob("index.html"))
            change_one_price(catalog)
            again = build(catalog, content, output)
            bare, offers = floor(catalog, floor_output)
            print(
                f"| {size:,} | {offers:,} | {pages:,} | {full['wall']:.1f} s "
                f"| {seconds(full['search'])} | {full['cpu']:.1f} s | {full['peak_mb']:.0f} Mo "
                f"| {seconds(in_memory['wall'])} | {seconds(in_memory['cpu'])} "
                f"| {again['wall']:.1f} s | {seconds(again['search'])} | {bare:.1f} s "
                f"| {full['wall'] / bare:.2f} |".replace(",", "\u202f"),
                flush=True,
            )
    finally:
        if memory:
            shutil.rmtree(memory, ignore_errors=True)
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--run-pelican"]:
        run_pelican(sys.argv[2], sys.argv[3:])
    else:
        main()
