"""Render pages on every core while Pelican's writer stays in this process.

Rendering templates is most of a catalog build and Python runs it on one
core. Helper processes, forked once the catalog is loaded (so they share it
without copying or pickling it), render part of the pages and send back
their HTML; this process renders the rest and writes every page itself
through Pelican's writer, in order, so that signals (the sitemap) and the
output are exactly those of a single-process build.

Where `fork` is unavailable (Windows, macOS defaults), or for small builds,
everything runs here.
"""

import gc
import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from typing import TypeVar

Job = TypeVar("Job")

CHUNK = 64  # pages per round trip: large enough to amortise the pipe, small enough to balance
WINDOW = 4  # chunks in flight per helper

_render: Callable | None = None
_jobs: Sequence | None = None


def available_processes() -> int:
    """The cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def render_all(
    jobs: Sequence[Job], render: Callable[[Job], str], processes: int
) -> Iterator[tuple[Job, str]]:
    """(job, html) for every job, in order; `processes` counts this one."""
    helpers = processes - 1
    if (
        helpers < 1
        or len(jobs) < 4 * CHUNK
        or "fork" not in multiprocessing.get_all_start_methods()
    ):
        for job in jobs:
            yield job, render(job)
        return
    global _render, _jobs
    _render, _jobs = render, jobs
    chunks = [(start, min(start + CHUNK, len(jobs))) for start in range(0, len(jobs), CHUNK)]
    # This process also writes every page: it renders a smaller share than each helper.
    mine = {index for index in range(len(chunks)) if index % (processes + 1) == 0}
    theirs = deque(index for index in range(len(chunks)) if index not in mine)
    gc.freeze()  # the collector would otherwise touch, hence copy, every shared object
    try:
        with multiprocessing.get_context("fork").Pool(helpers) as pool:
            pending: dict[int, object] = {}

            def submit() -> None:
                # A bounded window: HTML waiting to be written must not pile up in memory.
                while theirs and len(pending) < WINDOW * helpers:
                    index = theirs.popleft()
                    pending[index] = pool.apply_async(_render_chunk, (chunks[index],))

            for index, (start, stop) in enumerate(chunks):
                submit()
                if index in mine:
                    pages = [render(jobs[i]) for i in range(start, stop)]
                else:
                    pages = pending.pop(index).get()
                for position, html in enumerate(pages, start):
                    yield jobs[position], html
    finally:
        gc.unfreeze()
        _render, _jobs = None, None


def _render_chunk(bounds: tuple[int, int]) -> list[str]:
    """In a helper process: render jobs[start:stop] with the forked renderer."""
    start, stop = bounds
    return [_render(_jobs[i]) for i in range(start, stop)]
