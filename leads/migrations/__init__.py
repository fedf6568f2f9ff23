"""Alembic migrations of the lead database, applied at start-up (`migrate()`)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine

HERE = Path(__file__).resolve().parent


def migrate(engine: Engine) -> None:
    """Bring the schema to the latest revision (a no-op when it is already there).

    Run by every start of the service; on PostgreSQL `env.py` takes an advisory
    lock so workers starting together migrate one after the other.
    """
    config = Config()
    config.set_main_option("script_location", str(HERE))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
