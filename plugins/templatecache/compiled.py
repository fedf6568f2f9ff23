"""Compiled templates kept between builds, in `<CACHE_PATH>/jinja/`.

Jinja compiles every template to Python on its first use in each process:
a tenth of a second per build for the theme's templates, most of what a
one-product rebuild renders. Jinja keys each file by the template's name and
checks its source; the file name here also carries everything else the
compiled code depends on (the environment's syntax options, extensions and
Jinja's version), so a changed setting never reuses stale code.
"""

import os
from hashlib import blake2b

import jinja2
from jinja2.bccache import Bucket, FileSystemBytecodeCache

# Environment options that change the generated code.
SYNTAX = (
    "block_start_string", "block_end_string", "variable_start_string", "variable_end_string",
    "comment_start_string", "comment_end_string", "line_statement_prefix",
    "line_comment_prefix", "trim_blocks", "lstrip_blocks", "newline_sequence",
    "keep_trailing_newline", "optimized", "autoescape",
)  # fmt: skip


def environment_key(environment: jinja2.Environment) -> str | None:
    """What the compiled code depends on besides the source, or None when it cannot be
    told (an autoescape function decides per template: nothing is kept then)."""
    if callable(environment.autoescape):
        return None
    options = [(name, getattr(environment, name)) for name in SYNTAX]
    described = repr((jinja2.__version__, options, sorted(environment.extensions)))
    return blake2b(described.encode(), digest_size=8).hexdigest()


class CompiledTemplates(FileSystemBytecodeCache):
    """Jinja's file cache, one file per template and environment configuration.

    The key is read when a template is loaded, not when the cache is set up,
    so extensions that plugins add later are part of it.
    """

    def __init__(self, directory: str):
        os.makedirs(directory, exist_ok=True)
        super().__init__(directory, "%s.jinja")

    def _get_cache_filename(self, bucket: Bucket) -> str:
        return os.path.join(self.directory, self.pattern % f"{bucket.key}-{self._key(bucket)}")

    def load_bytecode(self, bucket: Bucket) -> None:
        if self._key(bucket) is not None:
            super().load_bytecode(bucket)

    def dump_bytecode(self, bucket: Bucket) -> None:
        if self._key(bucket) is not None:
            super().dump_bytecode(bucket)

    @staticmethod
    def _key(bucket: Bucket) -> str | None:
        return environment_key(bucket.environment)
