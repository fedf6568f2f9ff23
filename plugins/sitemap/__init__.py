from .sitemap import *  # noqa: F403
