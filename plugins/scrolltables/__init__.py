from .scrolltables import *  # noqa: F403
