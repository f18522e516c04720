"""Rows are found by their key (a short text id such as "f1-1950"), stored under an integer id."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa

from pitboard.store.records import NotFound, StoreError

_WORDS = {"series": "series", "seasons": "season", "circuits": "circuit", "events": "event"}
MAX_KEY = 100
_NOT_IN_KEYS = set("\"'<>\\/`")  # keys go into addresses, file names and HTML attributes


def check_key(key: str, word: str = "key") -> None:
    """A key is 1 to 100 printable characters, no white space, quotes, slashes or <>."""
    bad = next((c for c in key if not c.isprintable() or c.isspace() or c in _NOT_IN_KEYS), None)
    if not key or len(key) > MAX_KEY or bad is not None:
        why = f"character {bad!r}" if bad is not None else f"1 to {MAX_KEY} characters"
        raise StoreError(f"bad {word} {key[:MAX_KEY]!r}: {why} (letters, digits, - . _ :)")


def id_of(connection: sa.Connection, table: sa.Table, key: str) -> int:
    """The id of the row with `key`; NotFound names what was asked for."""
    found = connection.execute(sa.select(table.c.id).where(table.c.key == key)).scalar()
    if found is None:
        word = _WORDS.get(table.name, table.name.rstrip("s"))
        raise NotFound(f"no {word} {key!r} in the store")
    return int(found)


def optional_id_of(connection: sa.Connection, table: sa.Table, key: str | None) -> int | None:
    return None if key is None else id_of(connection, table, key)


def key_of(connection: sa.Connection, table: sa.Table, row_id: int | None) -> str | None:
    if row_id is None:
        return None
    return str(connection.execute(sa.select(table.c.key).where(table.c.id == row_id)).scalar_one())


def save_keyed(
    connection: sa.Connection, table: sa.Table, key: str, values: Mapping[str, Any]
) -> int:
    """Insert the row with `key`, or update it in place; return its id."""
    found = connection.execute(sa.select(table.c.id).where(table.c.key == key)).scalar()
    if found is None:
        check_key(key, _WORDS.get(table.name, table.name.rstrip("s")) + " key")
        return inserted_id(connection.execute(sa.insert(table).values(key=key, **values)))
    connection.execute(sa.update(table).where(table.c.id == found).values(**values))
    return int(found)


def inserted_id(result: sa.CursorResult[Any]) -> int:
    """The id the database gave the row just inserted."""
    key = result.inserted_primary_key
    if key is None:
        raise StoreError("the database gave no id for the new row")
    return int(key[0])
