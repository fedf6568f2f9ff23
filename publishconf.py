"""Production settings: absolute URLs, feeds, no drafts written at all."""

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: F403

SITEURL = os.environ.get("SITEURL", "https://www.medimarche.example")
RELATIVE_URLS = False
DELETE_OUTPUT_DIRECTORY = True

# Atom feeds: one for everything, one per category.
FEED_DOMAIN = SITEURL
FEED_ALL_ATOM = "feeds/tous.atom.xml"
CATEGORY_FEED_ATOM = "feeds/{slug}.atom.xml"
FEED_MAX_ITEMS = 20

# Drafts and future-dated articles are held back: nothing is written for them.
DRAFT_SAVE_AS = ""
DRAFT_PAGE_SAVE_AS = ""

# A refused supplier row or a broken supplier file fails the production build.
CATALOG_STRICT = True
