"""Keep what the search plugin made in the last build, for a build that changes little.

Two entries in `<CACHE_PATH>/search/`, both safe to delete:

- `documents.pickle`: every product's search document, by what it is made
  from (`Document.source`), under a key covering the settings and the code
  of the plugins. A build after one product changed remakes one document.
- `terms.pickle`: the term shards, the scoring of every term in every
  document, which is most of the plugin's work. They depend only on the
  words the documents index (and on the code and the shard size), not on
  prices, URLs or thumbnails: a build after a price change, or after an
  edit to an article's layout, finds the same words and takes the shards
  as they are. Any change of an indexed word rescores everything, since
  BM25 weights depend on the whole collection.
"""

import logging
import os
import pickle
from hashlib import blake2b
from importlib import metadata
from pathlib import Path

from .documents import Document

logger = logging.getLogger(__name__)

PLUGINS_DIR = Path(__file__).resolve().parent.parent


# Libraries whose output ends up in the files: prices and dates (Babel), stems.
LIBRARIES = ("babel", "snowballstemmer", "PyStemmer")


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return ""


def _code_digest() -> bytes:
    """The source of every plugin (documents read the catalog's and financing's objects)
    and the versions of LIBRARIES: what a build process runs, read once."""
    digest = blake2b(repr([_version(name) for name in LIBRARIES]).encode(), digest_size=16)
    for path in sorted(PLUGINS_DIR.glob("*/*.py")) + sorted(PLUGINS_DIR.glob("*/*.txt")):
        digest.update(path.read_bytes())
    return digest.digest()


CODE = _code_digest()


def fingerprint(*parts: object, documents: list[Document] = ()) -> str:
    """The digest of the code, of `repr` of the parts and of the documents' indexed words."""
    digest = blake2b(CODE, digest_size=16)
    digest.update(repr(parts).encode())
    for document in documents:
        digest.update(repr(document.fields).encode())
    return digest.hexdigest()


class Stored:
    """One value kept between builds under a key: `get` gives it back for the same key only.

    (The catalog plugin's `cache.py` keeps its pickles the same way; this plugin
    cannot import it, since it must build without the catalog.)
    """

    def __init__(self, directory: Path, name: str):
        self.path = Path(directory) / "search" / f"{name}.pickle"

    def get(self, key: str):
        try:
            with open(self.path, "rb") as file:
                cached_key, value = pickle.load(file)
        except FileNotFoundError:
            return None
        except (OSError, ValueError, pickle.UnpicklingError, EOFError, AttributeError) as err:
            logger.debug("search: cache %s ignoré (%s)", self.path, err)
            return None
        return value if cached_key == key else None

    def put(self, key: str, value) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_suffix(".tmp")
        with open(temporary, "wb") as file:
            pickle.dump((key, value), file, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, self.path)
