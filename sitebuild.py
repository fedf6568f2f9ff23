"""`pelican` as this project's commands run it: the same arguments, no wait at exit.

A build keeps millions of small objects (rows, offers, products, search
terms) until it ends, and a Python process frees every one of them before
it exits: 0.3 s after a 10,000-product build, seconds at 50,000, a tenth of
a one-product rebuild. Once Pelican has returned, this flushes the logs and
the output streams and ends the process at once (as mypy does); the exit
status is Pelican's. `invoke build`, the benchmarks and the build tests run
Pelican through it.

    python sitebuild.py content -s pelicanconf.py -o output
"""

import logging
import os
import sys

from pelican import main as pelican_main


def run(argv: list[str]) -> int:
    """Pelican's exit status for these arguments (its messages printed as usual)."""
    try:
        pelican_main(argv)
    except SystemExit as stop:
        if stop.code is None or isinstance(stop.code, int):
            return stop.code or 0
        print(stop.code, file=sys.stderr)
        return 1
    return 0


def exit_now(status: int) -> None:
    """End the process without freeing its objects, once everything written is flushed."""
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)


if __name__ == "__main__":
    exit_now(run(sys.argv[1:]))
