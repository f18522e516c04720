"""Migrations take an empty database to head and back; the schema module agrees with them."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from pitboard.store import (
    create_engine,
    database_revision,
    database_url,
    downgrade_database,
    head_revision,
    open_store,
    upgrade_database,
)
from pitboard.store.database import MIGRATIONS
from pitboard.store.schema import metadata

TABLES = {
    "series",
    "seasons",
    "car_classes",
    "circuits",
    "events",
    "sessions",
    "entries",
    "drivers",
    "entry_drivers",
    "laps",
    "passings",
    "result_versions",
    "decisions",
    "journal",
    "published_rows",
    "grid_penalties",
    "web_users",
    "web_audit",
    "web_sessions",
    "store_revision",
}


def _tables(engine: sa.Engine) -> set[str]:
    return set(sa.inspect(engine).get_table_names()) - {"alembic_version"}


def test_migrations_take_an_empty_database_to_head(database: str) -> None:
    engine = create_engine(database)
    assert database_revision(engine) is None
    assert _tables(engine) == set()
    upgrade_database(engine)
    assert database_revision(engine) == head_revision()
    assert _tables(engine) == TABLES
    engine.dispose()


def test_the_schema_module_matches_the_migrations(database: str) -> None:
    engine = create_engine(database)
    upgrade_database(engine)
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, metadata) == []
    engine.dispose()


def test_downgrade_to_base_empties_the_database_and_upgrade_rebuilds_it(database: str) -> None:
    engine = create_engine(database)
    upgrade_database(engine)
    downgrade_database(engine, "base")
    assert database_revision(engine) is None
    assert _tables(engine) == set()
    upgrade_database(engine)
    assert _tables(engine) == TABLES
    engine.dispose()


def test_opening_a_migrated_store_again_keeps_its_data(database: str) -> None:
    with open_store(database) as store:
        store.append_journal("flag", {"flag": "green"})
    with open_store(database) as store:
        assert [record.kind for record in store.read_journal()] == ["flag"]


def test_sqlite_runs_with_wal_and_foreign_keys(tmp_path: Path) -> None:
    engine = create_engine(str(tmp_path / "wal.db"))
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    engine.dispose()


def test_the_migrations_ship_inside_the_package() -> None:
    assert (MIGRATIONS / "env.py").is_file()
    assert (MIGRATIONS / "script.py.mako").is_file()
    assert any((MIGRATIONS / "versions").glob("0001_*.py"))


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("results.db", "sqlite:///results.db"),
        ("/srv/pitboard/season.db", "sqlite:////srv/pitboard/season.db"),
        ("sqlite:///other.db", "sqlite:///other.db"),
        (
            "postgresql+psycopg://timing@db:5432/pitboard",
            "postgresql+psycopg://timing@db:5432/pitboard",
        ),
        (":memory:", "sqlite://"),
    ],
)
def test_database_url_takes_a_path_or_a_url(given: str, expected: str) -> None:
    assert database_url(given) == expected


def test_database_url_reads_pitboard_db_and_defaults_to_a_local_file(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("PITBOARD_DB", raising=False)
    assert database_url() == "sqlite:///pitboard.db"
    monkeypatch.setenv("PITBOARD_DB", "postgresql+psycopg://root@127.0.0.1/test")
    assert database_url() == "postgresql+psycopg://root@127.0.0.1/test"
    assert database_url("given.db") == "sqlite:///given.db"


def test_an_in_memory_store_keeps_its_data_between_calls() -> None:
    with open_store(":memory:") as store:
        store.append_journal("flag", {"flag": "red"})
        assert [record.payload for record in store.read_journal()] == [{"flag": "red"}]


def test_the_alembic_command_finds_the_migrations_by_package_name(tmp_path: Path) -> None:
    config = Config()
    config.set_main_option("script_location", "pitboard.store:migrations")
    assert ScriptDirectory.from_config(config).get_current_head() == head_revision()
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    config.set_main_option("sqlalchemy.url", url)  # no connection handed over: env.py connects
    command.upgrade(config, "head")
    engine = create_engine(url)
    assert database_revision(engine) == head_revision()
    engine.dispose()


def test_web_tables_an_earlier_version_made_at_start_up_are_kept(tmp_path: Path) -> None:
    """Before 0005 the web app made `web_users`/`web_audit` itself: the migration adopts them."""
    engine = create_engine(f"sqlite:///{tmp_path}/old.db")
    upgrade_database(engine, "0004")
    with engine.begin() as connection:
        connection.execute(
            sa.text(
                "CREATE TABLE web_users (id INTEGER NOT NULL PRIMARY KEY, name TEXT NOT NULL "
                "UNIQUE, password_hash TEXT NOT NULL, role TEXT NOT NULL, team TEXT DEFAULT '' "
                "NOT NULL, token_sha256 TEXT UNIQUE)"
            )
        )
        connection.execute(
            sa.text("INSERT INTO web_users (name, password_hash, role) VALUES ('a', 'h', 'admin')")
        )
    upgrade_database(engine)
    with engine.connect() as connection:
        assert connection.execute(sa.text("SELECT name FROM web_users")).scalars().all() == ["a"]
    assert database_revision(engine) == head_revision()
    assert {"web_users", "web_audit"} <= _tables(engine)
    engine.dispose()
