"""The plugin: the source rules run inside every Pelican build, as warnings."""

import logging
from pathlib import Path

from pelican import Pelican
from pelican.settings import read_settings

PLUGINS = Path(__file__).resolve().parents[2]


def test_a_bad_article_is_logged_during_the_build(site, caplog, tmp_path, plain):
    site.article("Date: 2025-09-14 09:00", "Date: 14/09/2025")
    site.article("![Vitrine partagée par trois fournisseurs]", "![]")
    settings = read_settings(
        str(site.settings),
        override={
            "PLUGIN_PATHS": [str(PLUGINS)],
            "PLUGINS": ["contentcheck"],
            "OUTPUT_PATH": str(tmp_path / "output"),
        },
    )
    with caplog.at_level(logging.WARNING, logger="contentcheck"):
        Pelican(settings).run()
    logged = [
        plain(record.getMessage())
        for record in caplog.records
        if record.name.startswith("contentcheck")
    ]
    assert logged == [
        "contentcheck: content/articles/coopetition.md:2: la date « 14/09/2025 » serait lue "
        "par Pelican comme le 14 septembre 2025 : écrivez-la au format AAAA-MM-JJ ou "
        "AAAA-MM-JJ HH:MM (par exemple 2026-09-14 09:00).",
        "contentcheck: content/articles/coopetition.md:11: l’image "
        "« ![]({static}/images/articles/coopetition.svg) » n’a pas de texte alternatif : "
        "décrivez-la entre les crochets, par exemple « ![Échographe portable sur son chariot]"
        "({static}/images/articles/coopetition.svg) ».",
    ]
