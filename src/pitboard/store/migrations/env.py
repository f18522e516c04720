"""Alembic environment: runs on the connection `pitboard.store.database` hands over.

Without one (the `alembic` command line with `-x url=...`), it connects to that URL.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, create_engine

from pitboard.store.schema import metadata


def _migrate(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def _run() -> None:
    connection = context.config.attributes.get("connection")
    if connection is not None:
        _migrate(connection)
        return
    url = context.get_x_argument(as_dictionary=True).get("url")
    url = url or context.config.get_main_option("sqlalchemy.url")
    if not url:
        raise RuntimeError("no database: pass -x url=... or use pitboard.store.open_store")
    engine = create_engine(url)
    with engine.begin() as own:
        _migrate(own)
    engine.dispose()


_run()
