"""Every store test runs twice: on a SQLite file and on the PostgreSQL server of the machine.

PostgreSQL: `PITBOARD_TEST_POSTGRES` (a SQLAlchemy URL), else 127.0.0.1:5432, database `test`,
user root or postgres (trust auth). Each test gets a fresh schema of its own (a random name on
the search path), dropped afterwards, so runs and parallel sessions never see each other's rows.
Tests of the migrations get an empty database each; the others share one database per run,
migrated once and emptied before every test.
Unreachable: the PostgreSQL half skips, except under CI=true where it fails.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
import sqlalchemy as sa

from conftest import unavailable
from pitboard.store import Store, open_store
from pitboard.store.schema import metadata

_CANDIDATES = (
    "postgresql+psycopg://root@127.0.0.1:5432/test",
    "postgresql+psycopg://postgres@127.0.0.1:5432/test",
)


def _reachable_postgres() -> tuple[str | None, str]:
    configured = os.environ.get("PITBOARD_TEST_POSTGRES")
    problems: list[str] = []
    for url in (configured,) if configured else _CANDIDATES:
        engine = sa.create_engine(url, connect_args={"connect_timeout": 3})
        try:
            with engine.connect() as connection:
                connection.execute(sa.text("select 1"))
            return url, ""
        except sa.exc.OperationalError as error:
            problems.append(f"{url}: {str(error.orig).strip().splitlines()[0]}")
        finally:
            engine.dispose()
    return None, "; ".join(problems)


@pytest.fixture(scope="session")
def postgres_server() -> str:
    url, problem = _reachable_postgres()
    if url is None:
        message = f"PostgreSQL not reachable ({problem}); set PITBOARD_TEST_POSTGRES"
        unavailable(message)
    return url


def _fresh_schema(postgres_server: str) -> Iterator[str]:
    schema = f"pitboard_test_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(postgres_server)
    with admin.begin() as connection:
        connection.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    options = quote(f"-csearch_path={schema}", safe="")
    try:
        yield f"{postgres_server}?options={options}"
    finally:
        with admin.begin() as connection:
            connection.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def postgres_url(postgres_server: str) -> Iterator[str]:
    """A URL whose connections work in a fresh, empty schema of their own."""
    yield from _fresh_schema(postgres_server)


@pytest.fixture(scope="session")
def migrated_postgresql(postgres_server: str) -> Iterator[str]:
    for url in _fresh_schema(postgres_server):
        open_store(url).close()
        yield url


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('store') / 'pitboard.db'}"
    open_store(url).close()
    return url


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The URL of an empty database: a SQLite file, or a PostgreSQL schema of its own."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'pitboard.db'}"
    return str(request.getfixturevalue("postgres_url"))


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest) -> Iterator[Store]:
    """A migrated store with no rows in it."""
    url = str(request.getfixturevalue(f"migrated_{request.param}"))
    with open_store(url, migrate=False) as opened:
        with opened.engine.begin() as connection:
            for table in reversed(metadata.sorted_tables):
                connection.execute(table.delete())
        yield opened
