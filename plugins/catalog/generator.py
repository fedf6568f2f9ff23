"""The Pelican side of the catalog: load it into the context, write its pages.

`generate_context()` loads the catalog once and decides what a refused row
costs: a warning in development, a failed build when `CATALOG_STRICT` is on
(production, CI). It then lists the pages (`pages.CatalogPages`) and
starts writing the product pages in a helper process, so that they are made
while Pelican runs the other plugins; `generate_output()` writes the other
pages through `writer.write_file` and waits for the product pages. Other
plugins (the sitemap) see each page. Templates live in the theme under `catalog/`.
"""

import logging
import time
from functools import lru_cache
from pathlib import Path

from pelican import signals
from pelican.generators import Generator

from .cache import PageCache
from .cards import find_product, marker_line, replace_markers
from .catalog import CatalogResult, load_catalog, resolve_data_dir
from .images import Thumbnailer
from .index import RESERVED_SLUGS, CatalogIndex, price_bands
from .pages import CatalogPages, Fragments
from .parallel import available_processes, collect_less
from .problems import display_path

logger = logging.getLogger(__name__)

DEFAULTS = {
    "CATALOG_DATA": None,
    "CATALOG_STRICT": False,
    "CATALOG_PER_PAGE": 24,
    "CATALOG_PRICE_BANDS": [100, 500, 1000, 5000, 20000],
    "CATALOG_RELATED_COUNT": 4,
    "CATALOG_IMAGE_WIDTHS": [160, 320, 640],
    "CATALOG_PROCESSES": None,
    "CATALOG_INCREMENTAL": True,
}


class CatalogError(Exception):
    """The catalog may not be published as it is (strict mode, or a wrong setting)."""


def setting(settings: dict, name: str):
    """Our setting, or its default."""
    return settings.get(name, DEFAULTS[name])


class CatalogGenerator(Generator):
    """Reads the catalog into `context["catalog"]` and writes its pages."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.catalog: CatalogResult | None = None
        self.index: CatalogIndex | None = None
        self.thumbnails: Thumbnailer | None = None
        self.fragments: Fragments | None = None
        self.pages: CatalogPages | None = None
        self.cache_dir: Path | None = None
        self._check_config()
        # Templates do not change during a build: skip Jinja's file checks.
        self.env.auto_reload = False

    def _check_config(self) -> None:
        """Refuse settings that would break the build halfway, naming them."""
        counts = {"CATALOG_PER_PAGE": 1, "CATALOG_RELATED_COUNT": 0}
        for name, minimum in counts.items():
            value = setting(self.settings, name)
            if not isinstance(value, int) or value < minimum:
                raise CatalogError(f"catalog: {name} doit être un nombre entier ≥ {minimum}.")
        for name in ("CATALOG_PRICE_BANDS", "CATALOG_IMAGE_WIDTHS"):
            value = setting(self.settings, name)
            if not value or not all(isinstance(v, int) and v > 0 for v in value):
                raise CatalogError(
                    f"catalog: {name} doit être une liste de nombres entiers positifs."
                )
        processes = setting(self.settings, "CATALOG_PROCESSES")
        if processes is not None and (not isinstance(processes, int) or processes < 1):
            raise CatalogError(
                "catalog: CATALOG_PROCESSES doit valoir None (automatique) ou un entier ≥ 1."
            )
        if "french_price" not in self.env.filters:
            raise CatalogError(
                "catalog: le plugin « frenchformat » doit figurer dans PLUGINS avant « catalog » "
                "(filtres french_price et french_number)."
            )
        # The same counts appear on many pages: format each one once (Babel is slow).
        self.env.filters["french_number"] = lru_cache(maxsize=None)(
            self.env.filters["french_number"]
        )

    def generate_context(self) -> None:
        started = time.perf_counter()
        collect_less()
        data_dir = resolve_data_dir(setting(self.settings, "CATALOG_DATA"))
        if setting(self.settings, "CATALOG_INCREMENTAL"):
            self.cache_dir = Path(self.settings["CACHE_PATH"]) / "catalog"
        self.catalog = load_catalog(data_dir, self.cache_dir)
        self._report(self.catalog)
        reserved = RESERVED_SLUGS.intersection(self.catalog.categories)
        if reserved:
            raise CatalogError(
                "catalog: categories.yml : slug réservé aux adresses du catalogue : "
                f"{', '.join(sorted(reserved))}."
            )
        number = self.env.filters["french_number"]
        bands = price_bands(setting(self.settings, "CATALOG_PRICE_BANDS"), number)
        self.index = CatalogIndex(self.catalog, bands)
        self.thumbnails = Thumbnailer(
            data_dir, Path(self.output_path), tuple(setting(self.settings, "CATALOG_IMAGE_WIDTHS"))
        )
        self.fragments = Fragments(self)
        self.env.globals.update(self.fragments.globals())
        self.context["catalog"] = self.catalog
        self.context["catalog_index"] = self.index
        processes = setting(self.settings, "CATALOG_PROCESSES") or available_processes()
        cache = PageCache(self.cache_dir, self.output_path) if self.cache_dir else None
        per_page = setting(self.settings, "CATALOG_PER_PAGE")
        self.pages = CatalogPages(self, per_page, processes, cache)
        self.pages.start(related_count=setting(self.settings, "CATALOG_RELATED_COUNT"))
        logger.info(
            "catalog: %d produits chargés et pages listées en %.1f s",
            len(self.catalog.products),
            time.perf_counter() - started,
        )

    def _report(self, catalog: CatalogResult) -> None:
        strict = setting(self.settings, "CATALOG_STRICT")
        log = logger.error if strict else logger.warning
        for problem in catalog.problems:
            log("catalog: %s", problem.format())
        if strict and not catalog.ok:
            raise CatalogError(
                f"catalog: {catalog.rejected} ligne(s) refusée(s) et {catalog.broken_files} "
                "fichier(s) en erreur ; corrigez les flux (invoke catalog-check) avant de publier."
            )

    def generate_output(self, writer) -> None:
        started = time.perf_counter()
        self.pages.write_all(writer)
        logger.info("catalog: pages écrites en %.1f s", time.perf_counter() - started)


def insert_cards(generators) -> None:
    """Turn `[[produit:…]]` markers into product cards in every article and page read."""
    generator = next((g for g in generators if isinstance(g, CatalogGenerator)), None)
    if generator is None or generator.catalog is None:
        return
    templates = {
        True: generator.get_template("catalog/card"),
        False: generator.get_template("catalog/card_link"),
    }
    for content in list(generator.context["generated_content"].values()):
        if content is None or "[[produit:" not in (content._content or ""):
            continue

        def render(reference: str, block: bool) -> str | None:
            product = find_product(generator.catalog, reference)
            if product is None:
                return None
            return templates[block].render({**generator.context, "product": product})

        def unknown(reference: str, content=content) -> str:
            line = marker_line(content.source_path, reference)
            logger.warning(
                "catalog: %s%s: produit « %s » introuvable dans le catalogue (indiquez son GTIN "
                "ou la fin de son adresse catalogue/produits/…/).",
                display_path(Path(content.source_path)),
                f":{line}" if line else "",
                reference,
            )
            return ""

        content._content = replace_markers(content._content, render, unknown)


def get_generators(pelican) -> type[CatalogGenerator] | None:
    """The catalog generator, for the builds whose settings list this plugin.

    Pelican's signals outlive a build: in one process (the tests, `invoke
    check`), a receiver connected by an earlier build would otherwise add the
    catalog to every later site. Pelican turns PLUGINS into plain names when it
    starts, so a name test is enough.
    """
    return CatalogGenerator if "catalog" in pelican.settings["PLUGINS"] else None


def register() -> None:
    signals.get_generators.connect(get_generators)
    signals.all_generators_finalized.connect(insert_cards)
