"""The `{% cache %}` tag renders a fragment once per key and reuses it."""

from jinja2 import DictLoader, Environment
from templatecache import FragmentCache


def environment(templates: dict) -> tuple[Environment, list]:
    env = Environment(loader=DictLoader(templates), autoescape=True)
    env.add_extension(FragmentCache)
    calls = []
    env.globals["count"] = lambda name: calls.append(name) or ""
    return env, calls


def test_a_fragment_is_rendered_once_per_key():
    env, calls = environment(
        {
            "page": "{{ title }}|{% cache 'pied', prefix %}{{ count(prefix) }}<b>{{ prefix }}</b>{% endcache %}"
        }
    )
    page = env.get_template("page")
    assert page.render(title="A", prefix="lettre") == "A|<b>lettre</b>"
    assert page.render(title="B", prefix="lettre") == "B|<b>lettre</b>"
    assert page.render(title="C", prefix="devis") == "C|<b>devis</b>"
    assert calls == ["lettre", "devis"]


def test_what_is_outside_the_key_is_frozen_at_its_first_rendering():
    """Why every variable a block reads must be in its key."""
    env, _ = environment({"page": "{% cache 'k' %}{{ title }}{% endcache %}"})
    page = env.get_template("page")
    assert [page.render(title=t) for t in ("un", "deux")] == ["un", "un"]


def test_cached_html_is_not_escaped_twice_and_values_still_are():
    env, _ = environment({"page": "{% cache 'k', x %}<i>{{ x }}</i>{% endcache %}"})
    assert env.get_template("page").render(x="<script>") == "<i>&lt;script&gt;</i>"
    assert env.get_template("page").render(x="<script>") == "<i>&lt;script&gt;</i>"


def test_each_environment_has_its_own_fragments():
    templates = {"page": "{% cache 'k' %}{{ n }}{% endcache %}"}
    first, _ = environment(templates)
    second, _ = environment(templates)
    assert first.get_template("page").render(n=1) == "1"
    assert second.get_template("page").render(n=2) == "2"
