"""Production settings: absolute URLs, feeds, no drafts written at all."""

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: E402,F403

SITEURL = os.environ.get("SITEURL", "https://www.medimarche.example")
RELATIVE_URLS = False
DELETE_OUTPUT_DIRECTORY = True

FEED_DOMAIN = SITEURL

# Drafts and future-dated articles are held back: nothing is written for them.
DRAFT_SAVE_AS = ""
DRAFT_PAGE_SAVE_AS = ""
