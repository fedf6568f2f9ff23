"""Pelican plugin `templatecache`: a `{% cache %}` tag for fragments many pages repeat.

    {% cache "devis-fin", prefix, SITEURL %} … {% endcache %}

The block is rendered the first time its key (the tag's arguments) comes up
and reused for the rest of the build. The lead forms under every product
page are the same but for the product's own fields, and rendering their
field macros took a third of a product page's time; the page head's links
and the footer are the same on every page. Every variable the block reads
must be part of its key, as the tag cannot see what the block uses; settings
need not be, since fragments live for one build (one Jinja environment) and
settings do not change during it.

The plugin also keeps Jinja's compiled templates between builds (`compiled`).
"""

import os
from collections.abc import Callable

from jinja2 import nodes
from jinja2.ext import Extension
from pelican import signals

from .compiled import CompiledTemplates

__all__ = ["FragmentCache", "register"]


class FragmentCache(Extension):
    """`{% cache key, … %}…{% endcache %}`: one rendering per key and environment."""

    tags = frozenset({"cache"})

    def __init__(self, environment):
        super().__init__(environment)
        environment.extend(fragment_cache={})

    def parse(self, parser):
        lineno = next(parser.stream).lineno
        key = [parser.parse_expression()]
        while parser.stream.skip_if("comma"):
            key.append(parser.parse_expression())
        body = parser.parse_statements(("name:endcache",), drop_needle=True)
        call = self.call_method("_fragment", [nodes.Tuple(key, "load")])
        return nodes.CallBlock(call, [], [], body).set_lineno(lineno)

    def _fragment(self, key: tuple, caller: Callable[[], str]) -> str:
        cache = self.environment.fragment_cache
        if key not in cache:
            cache[key] = caller()
        return cache[key]


def add_extension(generator) -> None:
    generator.env.add_extension(FragmentCache)


def keep_compiled(generator) -> None:
    generator.env.bytecode_cache = CompiledTemplates(
        os.path.join(generator.settings["CACHE_PATH"], "jinja")
    )


def register() -> None:
    signals.generator_init.connect(add_extension)
    signals.generator_init.connect(keep_compiled)
