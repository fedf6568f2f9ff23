from xml.etree import ElementTree

from sitemap import Entry, page_url, render_robots, render_sitemap

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def test_index_files_are_listed_by_their_directory_url():
    site = "https://www.medimarche.example"
    assert page_url("index.html", site) == f"{site}/"
    assert page_url("blog/credit-bail/index.html", site) == f"{site}/blog/credit-bail/"
    assert page_url("blog/page/2/index.html", site) == f"{site}/blog/page/2/"
    assert page_url("plan.html", site) == f"{site}/plan.html"


def test_sitemap_is_sorted_escaped_and_parses():
    xml = render_sitemap(
        [Entry("https://x.example/b/?a=1&b=2", "2026-11-02"), Entry("https://x.example/")]
    )
    root = ElementTree.fromstring(xml)
    locs = [loc.text for loc in root.findall("s:url/s:loc", NS)]
    assert locs == ["https://x.example/", "https://x.example/b/?a=1&b=2"]
    assert root.find("s:url[2]/s:lastmod", NS).text == "2026-11-02"


def test_robots_points_to_the_sitemap_and_keeps_crawlers_off_the_api():
    robots = render_robots("https://x.example")
    assert "Sitemap: https://x.example/sitemap.xml" in robots
    assert "Disallow: /api/" in robots
