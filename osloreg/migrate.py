"""Run Alembic migrations programmatically (upgrade, downgrade, current revision, drift check)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from osloreg.models import Base

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "db" / "migrations"


def alembic_config(engine: Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    # configparser treats % as interpolation: escape it (percent-encoded passwords, ?options=...).
    url = engine.url.render_as_string(hide_password=False)
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def _with_connection(engine: Engine, action) -> None:
    config = alembic_config(engine)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        action(config)


def upgrade(engine: Engine, revision: str = "head") -> None:
    _with_connection(engine, lambda config: command.upgrade(config, revision))


def downgrade(engine: Engine, revision: str) -> None:
    _with_connection(engine, lambda config: command.downgrade(config, revision))


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head_revision() -> str | None:
    return ScriptDirectory(str(MIGRATIONS_DIR)).get_current_head()


# What migration 0019 adds beside the model of search_documents: SQLite's FTS5 tables (and their
# shadow tables), PostgreSQL's generated tsvector and the indexes no model can spell.
_SEARCH_ONLY = ("search_fts", "search_names", "ix_search_documents_tsv", "ix_search_documents_names")


def _modelled(obj, name: str | None, type_: str, reflected: bool, compare_to) -> bool:
    if name is None:
        return True
    if type_ == "column" and name == "tsv" and obj.table.name == "search_documents":
        return False
    return not name.startswith(_SEARCH_ONLY)


def schema_drift(engine: Engine) -> list:
    """Differences between the models and the migrated database (empty when they agree)."""
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "include_object": _modelled}
        )
        return compare_metadata(context, Base.metadata)
