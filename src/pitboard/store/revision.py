"""The store's revision: one number that every write transaction raises on commit.

Readers that keep derived pages (the site's page cache) compare it instead of guessing which
tables changed: an in-place update (a renamed session, a corrected entry) counts like a new row,
and a write by another process (the live ingest) counts too, because the number lives in the
database (`store_revision`, migration 0007).

`watch_writes(engine)` marks a connection when it runs an INSERT, UPDATE or DELETE and raises the
number in the same transaction, just before it commits; a rolled-back transaction raises nothing.
`insert_rows` writes on the driver's cursor, past SQLAlchemy, and marks the connection itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa

from pitboard.store.schema import store_revision

WRITES = frozenset({"INSERT", "UPDATE", "DELETE", "REPLACE"})
_DIRTY = "pitboard_wrote"
_BUMP = "UPDATE store_revision SET revision = revision + 1 WHERE id = 1"
_FIRST = "INSERT INTO store_revision (id, revision) VALUES (1, 1)"


def watch_writes(engine: sa.Engine) -> None:
    """Raise the revision in every transaction on `engine` that writes (once per engine)."""
    if sa.event.contains(engine, "commit", _bump):
        return
    sa.event.listen(engine, "before_cursor_execute", _mark)
    sa.event.listen(engine, "commit", _bump)
    sa.event.listen(engine, "rollback", _forget)


def insert_rows(
    connection: sa.Connection, insert: str, rows: Sequence[Sequence[Any]], query: str = ""
) -> Any:
    """`connection.exec_driver_sql(insert, rows)` (an executemany), then `query`'s first value
    (None without one), on one cursor of the driver: SQLAlchemy costs ~15 µs a statement, more
    than a live batch's INSERT (bench/ingest.py). As SQLAlchemy would, it begins the connection's
    transaction if none is under way, marks the write for the revision (`watch_writes`), and
    raises a driver's error as `sa.exc.DBAPIError`."""
    if not connection.in_transaction():
        connection.begin()  # SQLAlchemy's autobegin: committed by `connection.commit()`
    cursor = connection.connection.cursor()
    statement: str = insert
    try:
        cursor.executemany(insert, rows)
        connection.info[_DIRTY] = True
        if not query:
            return None
        statement = query
        cursor.execute(query)
        found = cursor.fetchone()
        return None if found is None else found[0]
    except connection.dialect.loaded_dbapi.Error as error:
        params = rows if statement is insert else ()
        raise sa.exc.DBAPIError.instance(
            statement, params, error, connection.dialect.loaded_dbapi.Error
        ) from error
    finally:
        cursor.close()


def has_revision(engine: sa.Engine) -> bool:
    """Whether the database has the revision table (it is migrated to 0007 or later)."""
    return sa.inspect(engine).has_table(store_revision.name)


def load_revision(connection: sa.Connection) -> int:
    """The store's revision now (0 when the row is missing)."""
    found = connection.execute(sa.select(sa.func.max(store_revision.c.revision))).scalar()
    return int(found or 0)


def _mark(conn: sa.Connection, _cursor: Any, statement: str, *_args: Any, **_kwargs: Any) -> None:
    words = statement.lstrip().split(None, 1)
    if words and words[0].upper() in WRITES:
        conn.info[_DIRTY] = True


def _bump(conn: sa.Connection) -> None:
    if not conn.info.pop(_DIRTY, False):
        return
    cursor = conn.connection.cursor()
    try:
        cursor.execute(_BUMP)
        if cursor.rowcount == 0:
            cursor.execute(_FIRST)
    finally:
        cursor.close()


def _forget(conn: sa.Connection) -> None:
    conn.info.pop(_DIRTY, None)
