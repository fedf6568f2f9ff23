"""Development settings: what `invoke build` and `make serve` use.

Production overrides live in `publishconf.py`. Every setting our own plugins
read is documented in the README (a test keeps the two in step).
"""

import os

AUTHOR = "Rédaction MédiMarché"
SITENAME = "MédiMarché"
SITE_TAGLINE = "La place de marché des équipements médicaux pour les professionnels de santé"
SITEURL = os.environ.get("SITEURL", "")
TIMEZONE = "Europe/Paris"
DEFAULT_LANG = "fr"
LOCALE = ("C.UTF-8", "C")  # French formatting comes from Babel, not the system locale

PATH = "content"
ARTICLE_PATHS = ["articles"]
PAGE_PATHS = ["pages"]
STATIC_PATHS = ["images", "extra"]
EXTRA_PATH_METADATA = {"extra/favicon.svg": {"path": "favicon.svg"}}
THEME = "theme"
PLUGIN_PATHS = ["plugins"]
PLUGINS = [
    "frenchformat",
    "templatecache",
    "readingtime",
    "scrolltables",
    "sitemap",
    "contentcheck",
    "catalog",
    "search",
    "financing",
]

# Supplier catalog (plugins/catalog). The CATALOG_DATA environment variable wins over this.
CATALOG_DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "catalog_data")

# Financing simulator (plugins/financing): rates are yearly, in %, from each
# listed duration (months) up to the next one. See the README's marketing guide.
FINANCING = {
    "threshold": 1500,  # € HT: offers from this price show the simulator and « à partir de »
    "durations": [24, 36, 48, 60, 72, 84],
    "default_duration": 60,
    "timing": "a-echoir",
    "residual_percent": 1,
    "rates": {
        "credit-bail": {24: 4.5, 36: 4.3, 48: 4.1, 60: 4.0, 72: 4.2, 84: 4.4},
        "location-financiere": {24: 5.2, 36: 5.0, 48: 4.8, 60: 4.7, 72: 4.9, 84: 5.1},
    },
}

# Templates escape everything unless marked safe (article bodies are).
JINJA_ENVIRONMENT = {"trim_blocks": True, "lstrip_blocks": True, "autoescape": True}

# Markdown: tables, footnotes, attribute lists and a table of contents.
MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.extra": {},
        "markdown.extensions.meta": {},
        "markdown.extensions.smarty": {
            "substitutions": {
                "left-double-quote": "«&nbsp;",
                "right-double-quote": "&nbsp;»",
            }
        },
        "markdown.extensions.toc": {"permalink": False},
    },
    "output_format": "html5",
}

# French URLs: the blog lives under /blog/, pages at the root.
ARTICLE_URL = "blog/{slug}/"
ARTICLE_SAVE_AS = "blog/{slug}/index.html"
DRAFT_URL = "brouillons/{slug}/"
DRAFT_SAVE_AS = "brouillons/{slug}/index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
DRAFT_PAGE_URL = "brouillons/pages/{slug}/"
DRAFT_PAGE_SAVE_AS = "brouillons/pages/{slug}/index.html"
CATEGORY_URL = "blog/categorie/{slug}/"
CATEGORY_SAVE_AS = "blog/categorie/{slug}/index.html"
TAG_URL = "blog/etiquette/{slug}/"
TAG_SAVE_AS = "blog/etiquette/{slug}/index.html"
AUTHOR_URL = "blog/auteur/{slug}/"
AUTHOR_SAVE_AS = "blog/auteur/{slug}/index.html"
CATEGORIES_URL = "blog/categories/"
CATEGORIES_SAVE_AS = "blog/categories/index.html"
TAGS_URL = "blog/etiquettes/"
TAGS_SAVE_AS = "blog/etiquettes/index.html"
AUTHORS_URL = "blog/auteurs/"
AUTHORS_SAVE_AS = "blog/auteurs/index.html"
ARCHIVES_URL = "blog/archives/"
ARCHIVES_SAVE_AS = "blog/archives/index.html"
YEAR_ARCHIVE_URL = "blog/archives/{date:%Y}/"
YEAR_ARCHIVE_SAVE_AS = "blog/archives/{date:%Y}/index.html"

# Direct templates: the home page, the paginated blog, listings and search.
# The 404 page is content/pages/404.md (hidden, saved as 404.html).
DIRECT_TEMPLATES = ["home", "index", "categories", "tags", "authors", "archives", "search"]
HOME_URL = ""
HOME_SAVE_AS = "index.html"
INDEX_URL = "blog/"
INDEX_SAVE_AS = "blog/index.html"
SEARCH_URL = "recherche/"
SEARCH_SAVE_AS = "recherche/index.html"

PAGINATED_TEMPLATES = {"index": 8, "category": 8, "tag": 8, "author": 8}
DEFAULT_PAGINATION = 8
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
)
SUMMARY_MAX_LENGTH = 60
DEFAULT_DATE_FORMAT = "%Y-%m-%d"  # templates print dates through the french_date filter

# Scheduled publishing: an article dated in the future stays a draft until a
# build runs on or after its date.
WITH_FUTURE_DATES = False

# Feeds need absolute URLs, so only publishconf.py writes them.
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None

# Navigation, in the header of every page.
MENU = [
    ("Blog", "blog/"),
    ("Catalogue", "catalogue/"),
    ("Financement", "financement/"),
    ("Contact", "contact/"),
]
FOOTER_LINKS = [
    ("Mentions légales", "mentions-legales/"),
    ("Confidentialité", "confidentialite/"),
    ("Contact", "contact/"),
    ("À propos", "a-propos/"),
]
DEFAULT_OG_IMAGE = "theme/img/og-default.png"
RECENT_ARTICLES_COUNT = 3
HOME_ARTICLES_COUNT = 6

# Lead forms post here (theme/templates/partials/forms/); same origin by default.
LEADS_ENDPOINT = os.environ.get("LEADS_ENDPOINT", "/api/leads")

# Publishing target for `invoke publish`: a local directory or an rsync
# destination ("user@host:/srv/www/"). Empty means "say so and stop".
PUBLISH_TARGET = os.environ.get("PUBLISH_TARGET", "")

RELATIVE_URLS = False
CACHE_CONTENT = False
