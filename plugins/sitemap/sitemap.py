"""`sitemap.xml` and `robots.txt` listing every page the build wrote.

Rather than re-deriving URLs from each generator (and forgetting the catalog
pages, paginated listings or anything a future plugin adds), the plugin
listens to `content_written`, which Pelican's writer sends for every HTML file
it writes. Hidden pages (the 404), drafts and paths in `SITEMAP_EXCLUDE` are
left out.
"""

import logging
import os
from dataclasses import dataclass
from datetime import datetime
from xml.sax.saxutils import escape

from pelican import signals

logger = logging.getLogger(__name__)

DEFAULTS = {"SITEMAP_EXCLUDE": ["404.html", "brouillons/"]}

__all__ = ["Entry", "page_url", "register", "render_robots", "render_sitemap"]


@dataclass(frozen=True, order=True)
class Entry:
    url: str
    lastmod: str | None = None


_written: dict[str, Entry] = {}


def page_url(relative_path: str, siteurl: str) -> str:
    """`blog/x/index.html` → `{SITEURL}/blog/x/`: the URL the page is served at."""
    path = relative_path.replace(os.sep, "/")
    if path == "index.html":
        path = ""
    elif path.endswith("/index.html"):
        path = path.removesuffix("index.html")
    return f"{siteurl}/{path}"


def render_sitemap(entries) -> str:
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ]
    for entry in sorted(entries):
        lastmod = f"<lastmod>{entry.lastmod}</lastmod>" if entry.lastmod else ""
        lines.append(f"  <url><loc>{escape(entry.url)}</loc>{lastmod}</url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def render_robots(siteurl: str) -> str:
    return f"User-agent: *\nAllow: /\nDisallow: /api/\n\nSitemap: {siteurl}/sitemap.xml\n"


def _last_modified(context) -> str | None:
    content = context.get("article") or context.get("page")
    stamp: datetime | None = getattr(content, "modified", None) or getattr(content, "date", None)
    return stamp.date().isoformat() if stamp else None


def _is_hidden(context) -> bool:
    content = context.get("article") or context.get("page")
    return getattr(content, "status", "published") != "published"


def forget_previous_build(pelican) -> None:
    _written.clear()


def _relative(path: str, output: str) -> str:
    """`path` inside the output folder, with `/`.

    Called once per page (80,000 on a large catalog): a plain prefix test
    first, as `os.path.relpath` resolves both paths against the disk's
    current folder every time.
    """
    prefix = output.rstrip(os.sep) + os.sep
    if path.startswith(prefix) and os.path.isabs(path):
        relative = path[len(prefix) :]
    else:
        relative = os.path.relpath(path, output)
    return relative.replace(os.sep, "/")


def remember_page(path, context) -> None:
    """Called for every file the writer produced; keeps the HTML pages."""
    if not path.endswith(".html"):
        return
    relative = _relative(path, context["OUTPUT_PATH"])
    excluded = context.get("SITEMAP_EXCLUDE", DEFAULTS["SITEMAP_EXCLUDE"])
    if _is_hidden(context) or relative.startswith(tuple(excluded)):
        return
    entry = Entry(page_url(relative, context.get("SITEURL", "")), _last_modified(context))
    _written[entry.url] = entry


def write_files(pelican) -> None:
    siteurl = pelican.settings["SITEURL"]
    with open(os.path.join(pelican.output_path, "sitemap.xml"), "w", encoding="utf-8") as out:
        out.write(render_sitemap(_written.values()))
    with open(os.path.join(pelican.output_path, "robots.txt"), "w", encoding="utf-8") as out:
        out.write(render_robots(siteurl))
    logger.info("sitemap: %d pages listed", len(_written))


def register() -> None:
    signals.initialized.connect(forget_previous_build)
    signals.content_written.connect(remember_page)
    signals.finalized.connect(write_files)
