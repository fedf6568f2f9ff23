from .readingtime import *  # noqa: F403
