"""Render pages on every core while Pelican's writer stays in this process.

Rendering templates is most of a catalog build and Python runs it on one
core. Helper processes, forked once the catalog is loaded (so they share it
without copying or pickling it), render part of the pages and send back
their HTML; this process renders the rest and writes every page itself
through Pelican's writer, in order, so that signals (the sitemap) and the
output are exactly those of a single-process build.

`HeadStart` goes further for the product pages, most of the work: a
process forked as soon as the catalog is loaded renders and writes them
while this one carries on with what Pelican runs before the catalog's turn
to write (the search index is built on one core meanwhile).

Where `fork` is unavailable (Windows, macOS defaults), or for small builds,
everything runs here.
"""

import gc
import multiprocessing
import os
import traceback
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from typing import TypeVar

Job = TypeVar("Job")

CHUNK = 64  # pages per round trip: large enough to amortise the pipe, small enough to balance
WINDOW = 4  # chunks in flight per helper

_render: Callable | None = None
_jobs: Sequence | None = None
_task: Callable | None = None
_freezes = 0  # how many callers need the collector frozen (see freeze_shared)


def freeze_shared() -> None:
    """Keep the collector off the objects that forked helpers share with this process.

    A collection walks every object, writing to each, so the kernel would copy
    every shared memory page into this process (or the helper): as slow as it
    is wasteful. Objects made later are still collected. Calls nest with
    `thaw_shared`.
    """
    global _freezes
    if _freezes == 0:
        gc.freeze()
    _freezes += 1


def thaw_shared() -> None:
    global _freezes
    _freezes -= 1
    if _freezes == 0:
        gc.unfreeze()


def collect_less() -> None:
    """Run the cyclic garbage collector far less often for the rest of the build.

    A build makes millions of objects that live until it ends (rows, offers,
    products, search terms), and with Python's default thresholds the
    collector walks the older ones again every few thousand allocations: a
    third of the time of loading and indexing 50,000 products. Few of these
    objects form cycles, so collecting seventy times less often costs little
    memory.
    """
    gc.set_threshold(50_000, 20, 100)


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
    if not can_fork(jobs, processes):
        for job in jobs:
            yield job, render(job)
        return
    global _render, _jobs
    _render, _jobs = render, jobs
    chunks = [(start, min(start + CHUNK, len(jobs))) for start in range(0, len(jobs), CHUNK)]
    # This process also writes every page: it renders a smaller share than each helper.
    mine = {index for index in range(len(chunks)) if index % (processes + 1) == 0}
    theirs = deque(index for index in range(len(chunks)) if index not in mine)
    freeze_shared()
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
        thaw_shared()
        _render, _jobs = None, None


def map_forked(function: Callable[[Job], object], jobs: Sequence[Job]) -> list:
    """`function(job)` for every job, in order, each job in a forked process of its own
    when there are several jobs and cores. Results come back pickled."""
    global _task
    processes = min(available_processes(), len(jobs))
    if processes < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return [function(job) for job in jobs]
    _task = lambda number: function(jobs[number])  # noqa: E731 (inherited by the fork)
    freeze_shared()
    try:
        with multiprocessing.get_context("fork").Pool(processes) as pool:
            return pool.map(_run_task, range(len(jobs)), chunksize=1)
    finally:
        thaw_shared()
        _task = None


def _run_task(number: int):
    return _task(number)


def _render_chunk(bounds: tuple[int, int]) -> list[str]:
    """In a helper process: render jobs[start:stop] with the forked renderer."""
    start, stop = bounds
    return [_render(_jobs[i]) for i in range(start, stop)]


def can_fork(jobs: Sequence, processes: int) -> bool:
    """Whether helpers are worth it: several cores, enough pages, and `fork`."""
    return (
        processes > 1
        and len(jobs) >= 4 * CHUNK
        and "fork" in multiprocessing.get_all_start_methods()
    )


class HeadStart:
    """Jobs done by a forked process from now on, and by this one too once it calls `finish`.

    Both take chunks of jobs from a shared counter, so neither waits for the
    other: the helper does all it can while this process is busy elsewhere,
    and `finish()` shares what is left. `do(job)` must leave its result on
    disk (the helper's memory is lost with it).
    """

    def __init__(self, jobs: Sequence[Job], do: Callable[[Job], None]):
        self.jobs, self.do = jobs, do
        context = multiprocessing.get_context("fork")
        self._next = context.Value("q", 0)
        self._reader, self._writer = context.Pipe(duplex=False)
        self._process = context.Process(target=self._help, daemon=True)

    def start(self) -> None:
        freeze_shared()  # until `finish`: in both processes, see freeze_shared
        try:
            self._process.start()
        except BaseException:
            thaw_shared()
            raise
        self._writer.close()

    def finish(self) -> None:
        """Do the remaining jobs with the helper, wait for it, raise what it raised."""
        try:
            self._drain()
            self._process.join()
        finally:
            thaw_shared()
        try:
            failure = self._reader.recv()  # the helper's traceback
        except EOFError:  # it closed its end without sending: no failure
            failure = None
        self._reader.close()
        if failure or self._process.exitcode:
            raise RuntimeError(
                f"catalog: un processus de rendu a échoué (code {self._process.exitcode}) :\n"
                f"{failure or ''}"
            )

    def _help(self) -> None:
        """In the helper: every chunk it can take, then its failure, if any, to the parent."""
        self._reader.close()
        try:
            self._drain()
        except BaseException:
            self._writer.send(traceback.format_exc())
            raise
        finally:
            self._writer.close()

    def _drain(self) -> None:
        while True:
            with self._next.get_lock():
                start = self._next.value
                self._next.value = start + CHUNK
            if start >= len(self.jobs):
                return
            for job in self.jobs[start : start + CHUNK]:
                self.do(job)
