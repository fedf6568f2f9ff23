"""Every setting of ours is documented in the README (a test, so docs cannot lag)."""

import re

from pelican.settings import DEFAULT_CONFIG, read_settings

from tests.support import ROOT

PREFIXED = re.compile(r"\b((?:CATALOG|SEARCH|LEADS|SITEMAP|FINANCING)_[A-Z0-9_]+)\b")
# Pelican documents these although its DEFAULT_CONFIG leaves them out, as it
# does every `<TEMPLATE>_URL` / `<TEMPLATE>_SAVE_AS` pair.
PELICAN_DOCUMENTED = {"AUTHOR", "TIMEZONE", "FEED_DOMAIN"}


def our_settings() -> set[str]:
    """Settings our files define or read that Pelican itself does not know."""
    names = set()
    for path in [*ROOT.glob("*conf.py"), *(ROOT / "plugins").rglob("*.py")]:
        if "tests" not in path.parts:
            names |= set(PREFIXED.findall(path.read_text(encoding="utf-8")))
    for settings_file in ("pelicanconf.py", "publishconf.py"):
        settings = read_settings(str(ROOT / settings_file))
        names |= {
            name
            for name in settings
            if name.isupper()
            and name not in DEFAULT_CONFIG
            and name not in PELICAN_DOCUMENTED
            and (PREFIXED.match(name) or not name.endswith(("_URL", "_SAVE_AS")))
        }
    return names


def test_every_setting_is_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = sorted(name for name in our_settings() if f"`{name}`" not in readme)
    assert not missing, f"document these settings in README.md: {missing}"


def test_the_check_sees_settings_of_every_kind():
    names = our_settings()
    assert {"SITE_TAGLINE", "PUBLISH_TARGET", "SITEMAP_EXCLUDE"} <= names
