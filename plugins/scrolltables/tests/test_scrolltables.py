from bs4 import BeautifulSoup
from scrolltables import wrap_tables

TABLE = (
    "<p>Avant</p><table><thead><tr><th>Critère</th><th>Crédit-bail</th></tr></thead>"
    "<tbody><tr><td>Propriété</td><td>Au terme</td></tr></tbody></table><p>Après</p>"
)


def test_each_table_gets_a_named_focusable_scroll_region():
    soup = BeautifulSoup(wrap_tables(TABLE + TABLE), "html.parser")
    regions = soup.select("div.table-scroll")
    assert len(regions) == 2
    region = regions[0]
    assert region["role"] == "region" and region["tabindex"] == "0"
    assert region["aria-label"] == "Tableau\u00a0: Critère, Crédit-bail"
    assert region.select_one("table td").get_text() == "Propriété"
    assert [p.get_text() for p in soup.select("p")] == ["Avant", "Après", "Avant", "Après"]


def test_a_caption_names_the_region_and_is_escaped():
    html = '<table><caption>Coûts "HT" &amp; TTC</caption><tr><td>1</td></tr></table>'
    region = BeautifulSoup(wrap_tables(html), "html.parser").select_one("div")
    assert region["aria-label"] == 'Coûts "HT" & TTC'


def test_text_without_tables_is_untouched():
    assert wrap_tables("<p>Rien</p>") == "<p>Rien</p>"
