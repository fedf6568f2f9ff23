from .frenchformat import *  # noqa: F403
