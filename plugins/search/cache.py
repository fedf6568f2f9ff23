"""Keep the term shards between builds while the indexed words stay the same.

Scoring and sharding the terms is most of the search plugin's work. It
depends only on the words each document indexes (and on this plugin's code
and shard size), not on prices, URLs or thumbnails: a build after a price
change, or after an edit to an article's layout, finds the same words and
takes the shards from `<CACHE_PATH>/search/terms.pickle`. Any change of an
indexed word rescores everything, since BM25 weights depend on the whole
collection. The file is safe to delete.
"""

import logging
import os
import pickle
from hashlib import blake2b
from pathlib import Path

from .documents import Document
from .wire import TermFiles

logger = logging.getLogger(__name__)

# What the shards are made with: a change to any of these files rescores.
CODE = sorted(
    path for path in Path(__file__).resolve().parent.iterdir() if path.suffix in (".py", ".txt")
)


def fingerprint(documents: list[Document], shard_bytes: int) -> str:
    """The digest of everything the term shards are made from."""
    digest = blake2b(repr(shard_bytes).encode(), digest_size=16)
    for path in CODE:
        digest.update(path.read_bytes())
    for document in documents:
        digest.update(repr(document.fields).encode())
    return digest.hexdigest()


class TermCache:
    """One entry: the term shards of the last build and their fingerprint."""

    def __init__(self, directory: Path):
        self.path = Path(directory) / "search" / "terms.pickle"

    def get(self, key: str) -> TermFiles | None:
        try:
            with open(self.path, "rb") as file:
                cached_key, terms = pickle.load(file)
        except FileNotFoundError:
            return None
        except (OSError, ValueError, pickle.UnpicklingError, EOFError, AttributeError) as err:
            logger.debug("search: cache %s ignoré (%s)", self.path, err)
            return None
        return terms if cached_key == key else None

    def put(self, key: str, terms: TermFiles) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_suffix(".tmp")
        with open(temporary, "wb") as file:
            pickle.dump((key, terms), file, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, self.path)
