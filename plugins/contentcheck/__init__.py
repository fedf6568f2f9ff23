from .contentcheck import *  # noqa: F403
