"""Keep what did not change between two builds: validated feeds and written pages.

Two caches, both in `<CACHE_PATH>/catalog/`, both safe to delete:

- `FeedCache`: a supplier's validated rows, reused while its supplier.yml,
  its feed file, the files of its folder, categories.yml and this plugin's
  code are unchanged. Parsing and validating is most of loading a catalog.
- `PageCache`: the fingerprint of every page written into an output folder.
  A page whose inputs have the same fingerprint and whose file is still
  there is not rendered again. A fresh output folder (the production build
  deletes it) has nothing to reuse.
"""

import logging
import os
import pickle
from hashlib import blake2b
from pathlib import Path

logger = logging.getLogger(__name__)

PLUGIN_DIR = Path(__file__).resolve().parent


def digest(*parts: object) -> str:
    """A short stable fingerprint of `repr` of the parts."""
    return blake2b(repr(parts).encode(), digest_size=16).hexdigest()


def file_digest(path: Path) -> str:
    """The fingerprint of a file's bytes ("" when it does not exist)."""
    try:
        return blake2b(Path(path).read_bytes(), digest_size=16).hexdigest()
    except OSError:
        return ""


def stamp(path: Path) -> tuple:
    """Size and modification time: enough to notice an edited file without reading it."""
    try:
        info = os.stat(path)
    except OSError:
        return ()
    return (info.st_size, info.st_mtime_ns)


def tree_stamp(directory: Path, suffixes: tuple[str, ...] | None = None) -> str:
    """The fingerprint of every file's name, size and time under `directory`."""
    entries = []
    for root, dirs, files in os.walk(directory):
        dirs.sort()
        for name in sorted(files):
            if suffixes is None or name.endswith(suffixes):
                path = Path(root, name)
                entries.append((path.relative_to(directory).as_posix(), stamp(path)))
    return digest(entries)


CODE_VERSION = tree_stamp(PLUGIN_DIR, (".py",))


def _load(path: Path):
    try:
        with open(path, "rb") as file:
            return pickle.load(file)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError) as err:
        if not isinstance(err, FileNotFoundError):
            logger.debug("catalog: cache %s ignored (%s)", path, err)
        return None


def _save(path: Path, value) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    with open(temporary, "wb") as file:
        pickle.dump(value, file, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(temporary, path)


class FeedCache:
    """Validated rows of each supplier, keyed by everything they were made from."""

    def __init__(self, directory: Path):
        self.directory = Path(directory) / "feeds"

    def key(self, config, taxonomy_digest: str) -> str:
        return digest(
            CODE_VERSION,
            taxonomy_digest,
            config.digest,
            str(config.feed_file),
            stamp(config.feed_file),
            tree_stamp(config.directory),
        )

    def get(self, slug: str, key: str):
        cached = _load(self.directory / f"{slug}.pickle")
        if cached and cached[0] == key:
            return cached[1]
        return None

    def put(self, slug: str, key: str, value) -> None:
        _save(self.directory / f"{slug}.pickle", (key, value))


class PageCache:
    """Fingerprints of the pages written into one output folder."""

    def __init__(self, directory: Path, output: Path):
        self.output = os.path.abspath(output)
        self.path = Path(directory) / "pages" / f"{digest(self.output)}.pickle"
        self.previous: dict[str, str] = _load(self.path) or {}
        self.current: dict[str, str] = {}

    def fresh(self, save_as: str, fingerprint: str) -> bool:
        """Record the page's fingerprint; True if its file already holds that content."""
        self.current[save_as] = fingerprint
        return self.previous.get(save_as) == fingerprint and os.path.exists(
            os.path.join(self.output, save_as)
        )

    def save(self) -> None:
        _save(self.path, self.current)
