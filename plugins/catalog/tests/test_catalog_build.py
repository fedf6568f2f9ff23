"""The demo catalog built into a site: pages, JSON-LD, French prices, merged offers, safety."""

import json
import logging
import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup
from catalog.generator import CatalogError
from pelican import Pelican
from pelican.settings import read_settings

ROOT = Path(__file__).resolve().parents[3]
SITEURL = "https://medimarche.test"
NNBSP, NBSP = "\u202f", "\u00a0"
FRENCH_PRICE = re.compile(rf"^\d{{1,3}}({NNBSP}\d{{3}})*,\d{{2}}{NBSP}€{NBSP}(HT|TTC)$")

pytestmark = pytest.mark.slow


def build(output: Path, content: Path | None = None, **override) -> None:
    """Build with the development settings plus the catalog plugin."""
    settings = read_settings(str(ROOT / "pelicanconf.py"))
    plugins = [p for p in settings["PLUGINS"] if p != "contentcheck"]
    settings = read_settings(
        str(ROOT / "pelicanconf.py"),
        override={
            "PATH": str(content or ROOT / "content"),
            "OUTPUT_PATH": str(output),
            "THEME": str(ROOT / "theme"),
            "PLUGIN_PATHS": [str(ROOT / "plugins")],
            "PLUGINS": [*plugins, *(["catalog"] if "catalog" not in plugins else [])],
            "SITEURL": SITEURL,
            "CATALOG_DATA": str(ROOT / "catalog_data"),
            "CACHE_PATH": str(output.parent / f"{output.name}-cache"),
            **override,
        },
    )
    Pelican(settings).run()


class Site:
    def __init__(self, root: Path):
        self.root = root
        self._soups = {}

    def soup(self, relative: str) -> BeautifulSoup:
        path = self.root / relative
        if path.is_dir() or relative.endswith("/"):
            path = path / "index.html"
        if path not in self._soups:
            self._soups[path] = BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")
        return self._soups[path]

    def catalog_pages(self) -> list[Path]:
        return sorted((self.root / "catalogue").rglob("*.html"))


@pytest.fixture(scope="module")
def site(tmp_path_factory, monkeypatch_module):
    monkeypatch_module.delenv("CATALOG_DATA", raising=False)
    output = tmp_path_factory.mktemp("catalog-site")
    build(output)
    return Site(output)


@pytest.fixture(scope="module")
def monkeypatch_module():
    with pytest.MonkeyPatch.context() as patch:
        yield patch


def product_links(soup) -> list[str]:
    return [a["href"] for a in soup.select(".product-card__title a")]


def jsonld(soup) -> dict:
    (script,) = soup.select('script[type="application/ld+json"]')
    return json.loads(script.string)


def test_product_page_with_merged_offers(site):
    soup = site.soup("catalogue/produits/tensalys-tensiometre-electronique-de-bras-tb-500/")
    assert (
        soup.select_one("h1").get_text(strip=True)
        == "Tensiomètre électronique de bras Tensalys TB-500"
    )
    crumbs = [li.get_text(strip=True) for li in soup.select("nav.breadcrumb li")]
    assert crumbs == [
        "Accueil",
        "Catalogue",
        "Diagnostic",
        "Tensiomètres",
        "Tensiomètre électronique de bras Tensalys TB-500",
    ]
    facts = dict(zip(
        [dt.get_text(strip=True) for dt in soup.select(".product__facts dt")],
        [dd.get_text(strip=True) for dd in soup.select(".product__facts dd")],
        strict=True,
    ))  # fmt: skip
    assert facts["GTIN"] == "2991000010077"
    assert facts["Référence fabricant"] == "TB-500"
    assert facts["Classe du dispositif (MDR)"] == "Classe IIa"
    table = soup.select_one("table.offers")
    assert "4 offres" in table.caption.get_text()
    assert [th.get_text(strip=True) for th in table.select("thead th[scope=col]")][:8] == [
        "Fournisseur", "État", "Prix HT", "Prix TTC", "TVA", "Délai", "Disponibilité", "Garantie",
    ]  # fmt: skip
    rows = table.select("tbody tr")
    suppliers = [row.select_one("th[scope=row] a").get_text(strip=True) for row in rows]
    assert sorted(suppliers) == [
        "Alpha Médical",
        "Cardio Direct",
        "Kiné Expert",
        "MédiStock Distribution",
    ]
    prices = [row.select_one(".offers__price").get_text(strip=True) for row in rows]
    assert all(FRENCH_PRICE.match(p) for p in prices), prices
    values = [float(p.split(NBSP)[0].replace(NNBSP, "").replace(",", ".")) for p in prices]
    assert values == sorted(values)
    ttc = rows[0].select("td")[2].get_text(strip=True)
    assert FRENCH_PRICE.match(ttc) and ttc.endswith("TTC")
    quote = rows[0].select_one("a.button")
    assert quote.get_text(" ", strip=True).startswith("Demander un devis")
    supplier_slug = rows[0].select_one("th[scope=row] a")["href"].rstrip("/").rsplit("/", 1)[-1]
    assert quote["href"] == f"?offre={supplier_slug}#devis", "the quote form of this page"
    form = soup.select_one("section#devis form")
    assert form["method"] == "post"
    assert (
        "tensalys-tensiometre-electronique-de-bras-tb-500"
        in form.select_one('input[name="product"]')["value"]
    )
    offers = [
        option["value"] for option in form.select('select[name="offer"] option') if option["value"]
    ]
    assert len(offers) == len(rows)


def test_prices_on_request_come_last(site):
    found = False
    for path in (site.root / "catalogue" / "produits").glob("*/index.html"):
        soup = site.soup(str(path.relative_to(site.root)))
        cells = [
            row.select("td")[1].get_text(strip=True) for row in soup.select("table.offers tbody tr")
        ]
        if "Prix sur devis" in cells and len(cells) > 1:
            found = True
            first_quote = cells.index("Prix sur devis")
            assert all(c == "Prix sur devis" for c in cells[first_quote:]), path
    assert found


def test_big_prices_use_french_grouping(site):
    soup = site.soup("catalogue/echographes/")
    text = soup.select_one(".product-grid").get_text(" ")
    assert re.search(rf"\d{{1,3}}{NNBSP}\d{{3}},\d{{2}}{NBSP}€", text)


def test_product_jsonld(site):
    data = jsonld(site.soup("catalogue/produits/tensalys-tensiometre-electronique-de-bras-tb-500/"))
    assert data["@context"] == "https://schema.org" and data["@type"] == "Product"
    assert data["sku"] and data["gtin13"] == "2991000010077"
    assert data["brand"] == {"@type": "Brand", "name": "Tensalys"}
    assert data["category"] == "Diagnostic > Tensiomètres"
    assert (
        data["url"]
        == f"{SITEURL}/catalogue/produits/tensalys-tensiometre-electronique-de-bras-tb-500/"
    )
    assert all(image.startswith(SITEURL) for image in data["image"])
    offers = data["offers"]
    assert offers["@type"] == "AggregateOffer" and offers["offerCount"] == 4
    assert float(offers["lowPrice"]) <= float(offers["highPrice"])
    for offer in offers["offers"]:
        assert offer["@type"] == "Offer"
        assert offer["seller"]["@type"] == "Organization" and offer["seller"]["name"]
        assert offer["priceSpecification"]["valueAddedTaxIncluded"] is False
        assert offer["priceCurrency"] == "EUR"


def test_single_supplier_products_have_a_plain_offer(site):
    singles = 0
    for path in (site.root / "catalogue" / "produits").glob("*/index.html"):
        soup = site.soup(str(path.relative_to(site.root)))
        data = jsonld(soup)
        rows = soup.select("table.offers tbody tr")
        assert data["offers"]["@type"] == ("Offer" if len(rows) == 1 else "AggregateOffer"), path
        if len(rows) == 1:
            singles += 1
            assert data["offers"]["seller"]["name"]
    assert singles > 50


def test_product_images_have_thumbnails_srcset_lazy_loading_and_alt(site):
    soup = site.soup("catalogue/produits/steriva-autoclave-classe-b-18-litres-sv-b18/")
    images = soup.select("img.product__image")
    assert len(images) == 2
    for image in images:
        assert image["loading"] == "lazy"
        assert image["alt"].startswith("Autoclave classe B 18 litres")
        sources = [part.split() for part in image["srcset"].split(", ")]
        assert [w for _, w in sources] == ["160w", "320w", "640w"]
        for url, _ in sources:
            assert (site.root / urlsplit(url).path.lstrip("/")).is_file()


def test_no_script_from_supplier_text_survives(site):
    for path in site.catalog_pages():
        soup = site.soup(str(path.relative_to(site.root)))
        for script in soup.select("script"):
            theirs = script.get("type") == "application/ld+json"  # ours: the product's JSON-LD
            theme = script.get("src", "").startswith(f"{SITEURL}/theme/")  # the theme's modules
            assert theirs or theme, (path, script)
        html = path.read_text(encoding="utf-8")
        for banned in ("tracker.example", "onerror", "javascript:", "alert(", "display:none"):
            assert banned not in html, (path, banned)


def test_category_page_with_subcategories_filters_and_pagination(site):
    soup = site.soup("catalogue/diagnostic/")
    assert soup.select_one("h1").get_text(strip=True) == "Diagnostic"
    children = [a.get_text(strip=True) for a in soup.select("nav.subcategories a")]
    assert children == [
        "Tensiomètres",
        "Stéthoscopes",
        "Otoscopes et ophtalmoscopes",
        "Thermomètres",
        "Oxymètres de pouls",
    ]
    groups = [h.get_text(strip=True) for h in soup.select("nav.filters h3")]
    assert groups == ["Marque", "Fournisseur", "Prix HT"]  # only new devices: no « État » filter
    imaging = site.soup("catalogue/imagerie/")
    assert [h.get_text(strip=True) for h in imaging.select("nav.filters h3")] == [
        "Marque", "Fournisseur", "État", "Prix HT",
    ]  # fmt: skip
    for link in soup.select("nav.filters a"):
        target = site.root / urlsplit(link["href"]).path.lstrip("/") / "index.html"
        assert target.is_file(), link["href"]
    assert len(product_links(soup)) == 24
    next_page = soup.select_one('nav.pagination a[rel="next"]')
    assert urlsplit(next_page["href"]).path == "/catalogue/diagnostic/page/2/"
    page_two = site.soup("catalogue/diagnostic/page/2/")
    assert "page 2" in page_two.title.get_text()


def test_filtered_page_keeps_only_matching_products(site):
    soup = site.soup("catalogue/diagnostic/marque/tensalys/")
    assert "Marque : Tensalys" in soup.select_one("h1").get_text()
    assert soup.select_one('nav.filters a[aria-current="page"]').get_text(strip=True) == "Tensalys"
    brands = {p.get_text(strip=True) for p in soup.select(".product-card__brand")}
    assert brands == {"Tensalys"}
    refurbished = site.soup("catalogue/echographes/etat/reconditionne/")
    for href in product_links(refurbished):
        product = site.soup(urlsplit(href).path.lstrip("/"))
        conditions = [
            row.select("td")[0].get_text(strip=True)
            for row in product.select("table.offers tbody tr")
        ]
        assert "Reconditionné" in conditions


def test_catalog_home_lists_the_category_tree_with_counts(site):
    soup = site.soup("catalogue/")
    roots = [a.get_text(strip=True) for a in soup.select(".category-tree__root")]
    assert roots[:3] == ["Diagnostic", "Cardiologie", "Mobilier médical"]
    counts = [
        int(s.get_text(strip=True).strip("()"))
        for s in soup.select(".category-tree__roots > li > .count")
    ]
    assert all(c > 0 for c in counts) and sum(counts) >= 150
    assert soup.select_one(".catalog-intro")  # the marketing page's text, below the tree


def test_brand_and_supplier_pages(site):
    brands = site.soup("catalogue/marques/")
    assert "Tensalys" in [a.get_text(strip=True) for a in brands.select(".term-list a")]
    brand = site.soup("catalogue/marques/tensalys/")
    assert brand.select_one("h1").get_text(strip=True) == "Tensalys"
    assert {p.get_text(strip=True) for p in brand.select(".product-card__brand")} == {"Tensalys"}
    suppliers = site.soup("catalogue/fournisseurs/")
    assert len(suppliers.select(".supplier-card")) == 6
    renov = site.soup("catalogue/fournisseurs/renov-medical/")
    assert renov.select_one("h1").get_text(strip=True) == "Rénov’Médical"
    assert "reconditionné" in renov.select_one(".listing-header__intro").get_text()
    assert product_links(renov)


def test_every_internal_link_of_the_catalog_resolves(site):
    broken = []
    for path in site.catalog_pages():
        relative = path.relative_to(site.root).as_posix()
        soup = site.soup(relative)
        for element in soup.select("a[href], img[src], link[href]"):
            url = urljoin(f"{SITEURL}/{relative}", element.get("href") or element["src"])
            if not url.startswith(SITEURL + "/"):
                continue
            target = site.root / urlsplit(url).path.lstrip("/")
            if target.is_dir():
                target = target / "index.html"
            if not target.exists() and urlsplit(url).path not in {"/contact/", "/recherche/"}:
                broken.append(f"{relative}: {url}")
    assert not broken, "\n".join(broken[:20])


def test_every_catalog_page_is_in_the_sitemap(site):
    sitemap = (site.root / "sitemap.xml").read_text(encoding="utf-8")
    listed = set(re.findall(r"<loc>([^<]+)</loc>", sitemap))
    for path in site.catalog_pages():
        url = f"{SITEURL}/{path.relative_to(site.root).as_posix().removesuffix('index.html')}"
        assert url in listed, url


ARTICLE = """\
Title: Bien choisir son tensiomètre
Date: 2026-03-02 09:00
Category: Équipement
Summary: Un essai de cartes produit.

Un paragraphe.

[[produit:tensalys-tensiometre-electronique-de-bras-tb-500]]

Le modèle de poignet [[produit:2991000010213]] convient aux visites.

[[produit:inconnu-au-bataillon]]
"""


def test_product_markers_in_articles_become_cards(tmp_path, caplog, monkeypatch):
    monkeypatch.delenv("CATALOG_DATA", raising=False)
    content = tmp_path / "content"
    (content / "articles").mkdir(parents=True)
    (content / "articles" / "essai.md").write_text(ARTICLE, encoding="utf-8")
    with caplog.at_level(logging.WARNING):
        build(tmp_path / "out", content, ARTICLE_PATHS=["articles"], PAGE_PATHS=[])
    soup = BeautifulSoup(
        (tmp_path / "out/blog/bien-choisir-son-tensiometre/index.html").read_text(), "lxml"
    )
    card = soup.select_one("aside.product-card")
    assert card.select_one(".card__title a")["href"].endswith(
        "/catalogue/produits/tensalys-tensiometre-electronique-de-bras-tb-500/"
    )
    assert "€" in card.select_one(".card__meta").get_text()
    sentence = soup.find(string=re.compile("Le modèle de poignet")).parent
    assert (
        sentence.select_one('a[href*="/catalogue/produits/"]')
        .get_text(strip=True)
        .startswith("Tensiomètre de poignet")
    )
    assert "[[produit:" not in soup.get_text()
    warnings = [r.getMessage() for r in caplog.records if "introuvable" in r.getMessage()]
    assert warnings == [
        f"catalog: {content / 'articles' / 'essai.md'}:12: produit « inconnu-au-bataillon » introuvable "
        "dans le catalogue (indiquez son GTIN ou la fin de son adresse catalogue/produits/…/)."
    ]


def test_development_build_warns_and_skips_rejected_rows(tmp_path, caplog, monkeypatch):
    monkeypatch.setenv("CATALOG_DATA", str(ROOT / "tests" / "data" / "broken_catalog"))
    content = tmp_path / "content"
    content.mkdir()
    with caplog.at_level(logging.WARNING):
        build(tmp_path / "out", content)
    messages = [r.getMessage() for r in caplog.records if r.getMessage().startswith("catalog: ")]
    assert any(
        m.endswith(
            "broken_catalog/suppliers/alpha/catalogue.csv:6: gtin: « 2991000010078 » n’est pas "
            "un GTIN valide (chiffre de contrôle attendu : 7)."
        )
        for m in messages
    ), messages
    assert len(messages) == 24
    assert len(list((tmp_path / "out" / "catalogue" / "produits").iterdir())) == 2


def test_strict_build_fails_on_any_rejected_row(tmp_path, caplog, monkeypatch):
    monkeypatch.setenv("CATALOG_DATA", str(ROOT / "tests" / "data" / "broken_catalog"))
    content = tmp_path / "content"
    content.mkdir()
    with caplog.at_level(logging.ERROR), pytest.raises(CatalogError, match="20 ligne"):
        build(tmp_path / "out", content, CATALOG_STRICT=True)
    assert sum(1 for r in caplog.records if r.levelno == logging.ERROR) == 24
