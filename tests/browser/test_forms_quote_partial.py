"""The quote partial as a product page includes it: product and offer pre-filled, accessible."""

from __future__ import annotations

from types import SimpleNamespace as Obj

import pytest
from bs4 import BeautifulSoup
from jinja2 import Environment, FileSystemLoader
from templatecache import FragmentCache

from tests.browser.axe import axe_violations
from tests.support import ROOT

pytestmark = pytest.mark.browser

PRODUCT = Obj(
    title="Autoclave SV-B18",
    slug="autoclave-sv-b18",
    offers=[Obj(supplier="sterimed", sku="SV-B18"), Obj(supplier="medistock", sku="MS-4410")],
)
SUPPLIERS = {"sterimed": Obj(name="Stérimed"), "medistock": Obj(name="Médistock")}
PAGE = """<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Produit</title>
<script type="module" src="/theme/js/forms.js"></script></head>
<body><main>{% with product=product, offer=product.offers[1] %}{% include "partials/forms/devis.html" %}{% endwith %}</main></body></html>"""


@pytest.fixture(scope="module")
def product_page() -> str:
    env = Environment(
        loader=FileSystemLoader(ROOT / "theme" / "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        extensions=[FragmentCache],
    )
    return env.from_string(PAGE).render(product=PRODUCT, suppliers=SUPPLIERS, SITEURL="")


def test_product_and_chosen_offer_are_prefilled(product_page):
    soup = BeautifulSoup(product_page, "lxml")
    form = soup.select_one("#devis form")
    assert form["action"] == "/api/leads" and form["method"] == "post"
    assert (
        form.select_one('input[name="product"]')["value"] == "Autoclave SV-B18 (autoclave-sv-b18)"
    )
    options = {o["value"]: o.get_text() for o in form.select("#devis-offer option")}
    assert options == {
        "": "Pas de préférence : tous les fournisseurs",
        "sterimed:SV-B18": "Stérimed — réf. SV-B18",
        "medistock:MS-4410": "Médistock — réf. MS-4410",
    }
    assert form.select_one("#devis-offer option[selected]")["value"] == "medistock:MS-4410"
    assert form.select_one('input[name="kind"]')["value"] == "devis"
    assert not form.select('input[name="product"][type="text"]')


def test_offer_row_link_selects_its_offer_and_axe_is_content(product_page, page):
    def serve(route):
        path = route.request.url.split("site.test", 1)[1]
        if path == "/theme/js/forms.js":
            route.fulfill(path=ROOT / "theme/static/js/forms.js", content_type="text/javascript")
        elif path == "/api/leads/token":
            route.fulfill(json={"token": "jeton"})
        else:
            route.fulfill(body=product_page, content_type="text/html")

    page.route("http://site.test/**", serve)
    page.goto("http://site.test/catalogue/autoclave-sv-b18/?offre=sterimed#devis")
    assert page.locator("#devis-offer").input_value() == "sterimed:SV-B18"
    assert axe_violations(page) == []
