"""The store fixtures (a SQLite file and a PostgreSQL schema of its own) for the importer tests."""

from tests.store.conftest import (  # noqa: F401
    database,
    postgres_server,
    postgres_url,
)
