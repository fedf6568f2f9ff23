"""The committed demo catalog: clean, varied in format, and really competitive."""

from collections import Counter
from pathlib import Path

import pytest
from catalog.catalog import load_catalog
from catalog.feeds import read_feed
from catalog.model import Condition

DATA = Path(__file__).resolve().parents[3] / "catalog_data"


@pytest.fixture(scope="module")
def demo():
    return load_catalog(DATA)


def test_demo_catalog_is_clean(demo):
    assert [p.format(DATA) for p in demo.problems] == []
    assert demo.ok


def test_demo_catalog_size_and_overlap(demo):
    offers = [o for p in demo.products for o in p.offers]
    assert len(demo.suppliers) >= 5
    assert len(demo.products) >= 150
    assert len(offers) >= 250
    assert len({p.category for p in demo.products}) >= 12
    by_count = Counter(len(p.suppliers) for p in demo.products)
    assert sum(n for count, n in by_count.items() if count >= 2) >= 40
    assert max(by_count) >= 4
    assert any(p.key.startswith("mpn:") and len(p.suppliers) >= 2 for p in demo.products)
    assert sum(1 for o in offers if o.price is None) >= 3


def test_demo_feeds_come_in_the_promised_formats():
    formats = {}
    for path in sorted((DATA / "suppliers").glob("*/*")):
        if path.suffix in {".csv", ".tsv", ".json"}:
            feed = read_feed(path)
            formats[path.parent.name] = (feed.encoding, feed.delimiter)
    assert ("cp1252", ";") in formats.values()
    assert ("utf-8-sig", ",") in formats.values()
    assert ("utf-8", None) in formats.values()  # JSON
    assert ("utf-8", "\t") in formats.values()


def test_demo_has_a_refurbishment_specialist(demo):
    conditions = Counter(
        (o.supplier, o.condition)
        for p in demo.products
        for o in p.offers
        if o.condition != Condition.NEUF
    )
    assert max(conditions.values()) >= 20


def test_demo_prices_are_realistic(demo):
    def prices(word):
        return [
            o.price
            for p in demo.products
            if p.title.lower().startswith(word)
            for o in p.offers
            if o.price is not None and o.condition == Condition.NEUF
        ]

    assert all(25 <= p <= 500 for p in prices("stéthoscope"))
    assert all(1000 <= p <= 4500 for p in prices("électrocardiographe"))
    assert all(2500 <= p <= 8500 for p in prices("autoclave"))
    assert all(5000 <= p <= 45000 for p in prices("échographe"))


def test_demo_images_are_few_and_small(demo):
    images = sorted(p for p in (DATA / "suppliers").rglob("*") if p.suffix in {".jpg", ".png"})
    assert 6 <= len(images) <= 10
    assert all(image.stat().st_size < 40_000 for image in images)
    used = {image for p in demo.products for image in p.images}
    assert len(used) >= 6


def test_demo_descriptions_carry_no_active_content(demo):
    for product in demo.products:
        for offer in product.offers:
            text = offer.description.lower()
            assert "<script" not in text and "onerror" not in text and "javascript:" not in text
