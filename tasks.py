"""Every command of the project, as invoke tasks.

The names follow what Pelican users know from `pelican-quickstart` (build,
rebuild, regenerate, serve, reserve, preview, livereload, publish); ours stand
beside them (new-post, check, test). The Makefile only bootstraps the virtual
environment and hands over to these tasks.
"""

import os
import shlex
import shutil
import sys
from datetime import datetime
from pathlib import Path

from invoke import Exit, task

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT / "plugins"))

OUTPUT = Path(os.environ.get("OUTPUT_PATH", ROOT / "output"))
CONTENT = ROOT / "content"
DEV_SETTINGS = ROOT / "pelicanconf.py"
PUBLISH_SETTINGS = ROOT / "publishconf.py"
HOST, PORT = "127.0.0.1", 8000
PYTHON = sys.executable  # the virtual environment's interpreter, whatever PATH says


def _pelican(c, settings: Path, *extra: str) -> None:
    args = [
        PYTHON,
        str(ROOT / "sitebuild.py"),
        str(CONTENT),
        "-s",
        str(settings),
        "-o",
        str(OUTPUT),
        *extra,
    ]
    c.run(shlex.join(args), pty=False)


@task
def clean(c):
    """Remove the generated site."""
    shutil.rmtree(OUTPUT, ignore_errors=True)


@task(help={"fatal": "Turn warnings into errors, as CI does."})
def build(c, fatal=False):
    """Build the site with the development settings."""
    _pelican(c, DEV_SETTINGS, *(["--fatal", "warnings"] if fatal else []))


@task(pre=[clean], post=[build])
def rebuild(c):
    """Build from scratch."""


@task
def regenerate(c):
    """Rebuild whenever content, theme or settings change."""
    _pelican(c, DEV_SETTINGS, "--autoreload")


@task(help={"port": f"Port to listen on (default {PORT})."})
def serve(c, port=PORT):
    """Serve output/ and the lead service together at http://127.0.0.1:8000 (one process)."""
    _leads(c, "serve-site", "--site", str(OUTPUT), "--port", str(port))


@task(help={"port": "Port to listen on (default 8001)."})
def leads(c, port=8001):
    """Run the lead service alone; settings from the LEADS_* environment variables."""
    _leads(c, "serve", "--port", str(port))


@task(
    help={
        "count": "Number of leads to send (default 6000).",
        "connections": "Concurrent keep-alive connections (default 32).",
    }
)
def leads_load(c, count=6000, connections=32):
    """Load and crash test of the lead service (SIGKILL mid-run): lost must be 0."""
    script = ROOT / "benchmarks" / "leads_load.py"
    args = [PYTHON, str(script), "--leads", str(count), "--connections", str(connections)]
    c.run(shlex.join(args), pty=False)


def _leads(c, *args: str) -> None:
    """`python -m leads` from the project root, storing leads in var/ unless told otherwise."""
    database = os.environ.get("LEADS_DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'leads.sqlite3'}")
    with c.cd(str(ROOT)):
        c.run(
            shlex.join([PYTHON, "-m", "leads", *args, "--host", HOST]),
            pty=False,
            env={"LEADS_DATABASE_URL": database},
        )


@task
def reserve(c, port=PORT):
    """Build, then serve."""
    build(c)
    serve(c, port)


@task
def preview(c):
    """Build with the production settings (absolute URLs, feeds, no drafts)."""
    _pelican(c, PUBLISH_SETTINGS)


@task(help={"port": f"Port to listen on (default {PORT})."})
def livereload(c, port=PORT):
    """Serve the site and reload the browser when a source file changes."""
    from livereload import Server

    build(c)
    server = Server()
    for pattern in ("content/**/*", "theme/**/*", "plugins/**/*.py", "*.py"):
        server.watch(pattern, lambda: build(c))
    server.serve(host=HOST, port=int(port), root=str(OUTPUT))


@task(
    help={
        "target": "A directory or an rsync destination (user@host:/path/); "
        "defaults to the PUBLISH_TARGET setting."
    }
)
def publish(c, target=""):
    """Build for production, then copy output/ to the publishing target."""
    from pelican.settings import read_settings

    target = target or read_settings(str(PUBLISH_SETTINGS))["PUBLISH_TARGET"]
    if not target:
        raise Exit(
            "Aucune cible de publication : renseignez PUBLISH_TARGET "
            "(un dossier ou une destination rsync), ou passez --target.",
            code=2,
        )
    _pelican(c, PUBLISH_SETTINGS, "--fatal", "warnings")
    if ":" in target.split("/", 1)[0]:
        c.run(shlex.join(["rsync", "-rlptvz", "--delete", f"{OUTPUT}/", target]))
    else:
        mirror(OUTPUT, Path(target))
    print(f"Site publié vers {target}")


def mirror(source: Path, target: Path) -> None:
    """Make `target` an exact copy of `source`, refusing to empty a folder that is not a site."""
    if target.exists() and any(target.iterdir()) and not (target / "sitemap.xml").exists():
        raise Exit(
            f"{target} n’est pas vide et ne contient pas de site publié (pas de sitemap.xml) : "
            "publication refusée pour ne rien écraser.",
            code=2,
        )
    shutil.copytree(source, target, dirs_exist_ok=True)
    published = {p.relative_to(source) for p in source.rglob("*")}
    for stale in sorted(target.rglob("*"), reverse=True):
        if stale.relative_to(target) not in published:
            stale.rmdir() if stale.is_dir() else stale.unlink()


@task(
    help={
        "title": "Titre de l'article, entre guillemets.",
        "category": "Catégorie (par défaut : à compléter).",
        "author": "Auteur ou autrice.",
        "tags": "Étiquettes séparées par des virgules.",
    }
)
def new_post(c, title, category="", author="", tags=""):
    """Scaffold a Markdown article (a draft) from its title."""
    path = write_new_post(CONTENT / "articles", title, category, author, tags, datetime.now())
    print(f"Article créé : {path.relative_to(ROOT)} (statut : brouillon).")
    print(
        "Complétez le résumé, la catégorie et le texte, puis retirez « Status: draft » pour publier."
    )


POST_TEMPLATE = """\
Title: {title}
Date: {date:%Y-%m-%d %H:%M}
Category: {category}
Tags: {tags}
Authors: {author}
Slug: {slug}
Summary: Résumé en une ou deux phrases (120 à 220 caractères), affiché dans les listes et les moteurs de recherche.
Cover: images/articles/{slug}.svg
Cover_alt: Description de l’image de couverture pour les personnes qui ne la voient pas.
Status: draft

## Premier intertitre

Votre texte ici.
"""


def write_new_post(
    folder: Path, title: str, category: str, author: str, tags: str, now: datetime
) -> Path:
    """Write a draft article named after the slug of its title; never overwrite one."""
    from pelican.settings import DEFAULT_CONFIG
    from pelican.utils import slugify

    title = " ".join(title.split())
    if not title:
        raise Exit('Donnez un titre à l’article : invoke new-post "Mon titre"', code=2)
    slug = slugify(title, regex_subs=DEFAULT_CONFIG["SLUG_REGEX_SUBSTITUTIONS"])
    path = folder / f"{slug}.md"
    if path.exists():
        raise Exit(f"{path} existe déjà : choisissez un autre titre.", code=2)
    text = POST_TEMPLATE.format(
        title=title,
        date=now,
        category=category or "À compléter",
        author=author or "À compléter",
        tags=tags or "à compléter",
        slug=slug,
    )
    folder.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@task(help={"content": "Dossier de contenu à vérifier (par défaut : content/)."})
def check(c, content=str(CONTENT)):
    """Check every article and page; report problems in French with file and line."""
    from contentcheck.check import main

    code = main(Path(content), DEV_SETTINGS)
    if code:
        raise Exit(code=code)


@task(help={"data": "Dossier du catalogue (par défaut : $CATALOG_DATA, sinon catalog_data/)."})
def catalog_check(c, data=""):
    """Check the supplier feeds: every refused row as path:line: field: message, then a summary."""
    from catalog.check import main

    if main(data or None):
        raise Exit(code=1)


@task(
    help={
        "only": "catalog ou search (par défaut : les deux).",
        "sizes": "Tailles de catalogue séparées par des virgules (par défaut : celles de chaque banc).",
    }
)
def bench(c, only="", sizes=""):
    """Benchmarks: catalog build against a bare Jinja2 loop; search (lunr) beside Pagefind."""
    chosen = sizes.split(",") if sizes else []
    commands = {
        "catalog": [
            str(ROOT / "benchmarks" / "bench_catalog.py"),
            *(["--sizes", *chosen] if chosen else []),
        ],
        "search": [str(ROOT / "benchmarks" / "search_bench.py"), *chosen],
    }
    for name in [only] if only else commands:
        if name not in commands:
            raise Exit(f"Banc inconnu : {name} (catalog ou search).", code=2)
        c.run(shlex.join([PYTHON, *commands[name]]), pty=False)


@task(help={"k": "Only run tests matching this expression.", "x": "Stop at the first failure."})
def test(c, k="", x=False):
    """Run every test: unit, build, HTML validity, links, browser."""
    args = [PYTHON, "-m", "pytest"]
    if k:
        args += ["-k", k]
    if x:
        args.append("-x")
    c.run(shlex.join(args), pty=False, env={"PYTHONDONTWRITEBYTECODE": "1"})


@task
def lint(c):
    """Ruff, as run before every commit."""
    c.run(f"{PYTHON} -m ruff check . && {PYTHON} -m ruff format --check .")
