from .templatecache import *  # noqa: F403
