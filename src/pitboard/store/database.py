"""Where the store lives and how its schema gets there.

`PITBOARD_DB` (or the `url` argument) is a plain path to a SQLite file (`./pitboard.db` by default)
or a SQLAlchemy URL: `sqlite:///path.db`, `postgresql+psycopg://user@host:5432/dbname`.
SQLite runs with WAL and foreign keys on. Migrations are Alembic scripts shipped in the package.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.pool import StaticPool

DEFAULT_PATH = "pitboard.db"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def database_url(url: str | None = None) -> str:
    """The SQLAlchemy URL for `url`, else `PITBOARD_DB`, else the SQLite file `./pitboard.db`."""
    text = url or os.environ.get("PITBOARD_DB") or DEFAULT_PATH
    if "://" in text:
        return text
    if text == ":memory:":
        return "sqlite://"
    return f"sqlite:///{Path(text).expanduser()}"


def unreachable(engine: sa.Engine, error: sa.exc.DBAPIError) -> str:
    """One line on why the database at `engine` cannot be used (missing folder, not a database,
    server down), naming it without its password."""
    url = engine.url
    reason = str(error.orig).strip().splitlines()[0] if error.orig else str(error)
    if url.get_backend_name() == "sqlite" and url.database:
        where = Path(url.database)
        if not where.parent.is_dir():
            reason = f"folder {where.parent} does not exist"
        elif where.is_dir():
            reason = "it is a folder, not a database file"
        return f"cannot open the store {where}: {reason}"
    return f"cannot open the store {url.render_as_string(hide_password=True)}: {reason}"


def _sqlite_pragmas(dbapi_connection: Any, _record: object) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


@contextmanager
def unsynced(connection: sa.Connection) -> Iterator[None]:
    """SQLite: the connection's commits meanwhile do not wait for the disk (WAL, synchronous
    NORMAL: atomic and in order, made durable by the next synced commit). Other databases: as is.
    Outside a transaction only."""
    if connection.dialect.name != "sqlite":
        yield
        return
    level = connection.exec_driver_sql("PRAGMA synchronous").scalar_one()
    connection.exec_driver_sql("PRAGMA synchronous=NORMAL")
    connection.commit()  # SQLAlchemy's autobegun transaction (SQLite began none)
    try:
        yield
    finally:
        connection.exec_driver_sql(f"PRAGMA synchronous={int(level)}")
        connection.commit()


def create_engine(url: str | None = None) -> sa.Engine:
    """An engine for the store's database; SQLite gets its pragmas on every connection."""
    resolved = sa.make_url(database_url(url))
    if resolved.get_backend_name() != "sqlite":
        return sa.create_engine(resolved)
    in_memory = resolved.database in (None, "", ":memory:")
    if in_memory:
        engine = sa.create_engine(
            resolved, poolclass=StaticPool, connect_args={"check_same_thread": False}
        )
    else:
        engine = sa.create_engine(resolved)
    sa.event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def alembic_config() -> Config:
    """An Alembic configuration built in code, pointing at the migrations in the package."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def upgrade_database(engine: sa.Engine, revision: str = "head") -> None:
    """Run the migrations up to `revision` (the newest by default)."""
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def downgrade_database(engine: sa.Engine, revision: str = "base") -> None:
    """Undo migrations down to `revision` (`base`: an empty database)."""
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, revision)


def database_revision(engine: sa.Engine) -> str | None:
    """The migration the database is at (None: never migrated)."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head_revision() -> str | None:
    """The newest migration shipped with this version of pitboard."""
    return ScriptDirectory.from_config(alembic_config()).get_current_head()
