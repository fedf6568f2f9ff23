"""Compiled templates are reused between builds, never when their code would differ."""

from jinja2 import Environment, FileSystemLoader, select_autoescape
from templatecache import FragmentCache
from templatecache.compiled import CompiledTemplates


def environment(templates, cache, **options) -> tuple[Environment, list]:
    """A fresh environment, as each build makes, counting the templates it compiles."""
    env = Environment(loader=FileSystemLoader(str(templates)), **options)
    env.add_extension(FragmentCache)
    env.bytecode_cache = CompiledTemplates(str(cache))
    compiled = []
    compile_source = env.compile

    def counting(source, name=None, filename=None, raw=False, defer_init=False):
        compiled.append(name)
        return compile_source(source, name, filename, raw, defer_init)

    env.compile = counting
    return env, compiled


def test_a_later_build_reuses_the_compiled_template(tmp_path):
    (tmp_path / "page.html").write_text("{% if x %}\n  <b>{{ x }}</b>\n{% endif %}\n")
    first, compiled_first = environment(tmp_path, tmp_path / "cache", trim_blocks=True)
    second, compiled_second = environment(tmp_path, tmp_path / "cache", trim_blocks=True)
    assert first.get_template("page.html").render(x="<i>") == "  <b><i></b>\n"
    assert second.get_template("page.html").render(x="<i>") == "  <b><i></b>\n"
    assert (compiled_first, compiled_second) == (["page.html"], [])


def test_an_edited_template_is_compiled_again(tmp_path):
    page = tmp_path / "page.html"
    page.write_text("avant {{ x }}")
    environment(tmp_path, tmp_path / "cache")[0].get_template("page.html")
    page.write_text("après {{ x }}")
    env, compiled = environment(tmp_path, tmp_path / "cache")
    assert env.get_template("page.html").render(x=1) == "après 1"
    assert compiled == ["page.html"]


def test_other_options_never_reuse_code_compiled_under_different_ones(tmp_path):
    (tmp_path / "page.html").write_text("{% if x %}\n  <b>{{ x }}</b>\n{% endif %}\n")
    cache = tmp_path / "cache"
    plain, _ = environment(tmp_path, cache)
    assert plain.get_template("page.html").render(x="<i>") == "\n  <b><i></b>\n"
    trimmed, _ = environment(tmp_path, cache, trim_blocks=True)
    assert trimmed.get_template("page.html").render(x="a") == "  <b>a</b>\n"
    escaped, compiled = environment(tmp_path, cache, autoescape=True)
    assert escaped.get_template("page.html").render(x="<i>") == "\n  <b>&lt;i&gt;</b>\n"
    assert compiled == ["page.html"]


def test_nothing_is_kept_when_escaping_is_decided_per_template(tmp_path):
    (tmp_path / "page.html").write_text("{{ x }}")
    env, _ = environment(tmp_path, tmp_path / "cache", autoescape=select_autoescape())
    assert env.get_template("page.html").render(x="<i>") == "&lt;i&gt;"
    assert list((tmp_path / "cache").iterdir()) == []
