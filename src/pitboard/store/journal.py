"""The journal: every raw live input, appended (and committed) before anything of it is shown or
stored (`JournalTransaction`: the laps a batch completes go in the batch's transaction).

Records come back in the order they were appended (their id), so replaying them through the
same code path rebuilds the live state after a restart.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa

from pitboard.model import Lap
from pitboard.store import schema as t
from pitboard.store.keys import inserted_id, key_of
from pitboard.store.records import JournalRecord, StoreError
from pitboard.store.revision import insert_rows
from pitboard.store.schema import utc_micros
from pitboard.store.sessions import append_laps, insert_laps, session_id_of


def append_journal(
    connection: sa.Connection,
    kind: str,
    payload: Mapping[str, Any],
    *,
    session: str | None = None,
    received_at: datetime | None = None,
) -> int:
    """Append one raw input; returns its id (the replay order)."""
    if not kind:
        raise StoreError("a journal record needs a kind")
    row = {
        "session_id": session_id_of(connection, session) if session is not None else None,
        "kind": kind,
        "payload": dict(payload),
        "received_at": received_at or datetime.now(UTC),
    }
    inserted = connection.execute(sa.insert(t.journal).values(row))
    return inserted_id(inserted)


# a `JournalInput`, or the plain tuple of its fields (made faster: live timing makes one an input);
# the payload as a mapping, or as its JSON text (`json.dumps` of it) when the caller made it
JournalRow = tuple[str, Mapping[str, Any] | str, str | None, datetime | None]


def _payload_encoder() -> Callable[[Any], str]:
    """`json.dumps` (its defaults) with its C encoder made once: `json.dumps` makes it again for
    every call, about half the cost of a small payload, and the journal encodes one an input.
    Where the interpreter has no C encoder, `json.dumps` itself."""
    make = getattr(json.encoder, "c_make_encoder", None)
    if make is None:
        return json.dumps
    default, escape = json.JSONEncoder().default, json.encoder.encode_basestring_ascii
    encode = make(None, default, escape, None, ": ", ", ", False, False, True)
    return lambda payload: "".join(encode(payload, 0))


encode_payload = _payload_encoder()


def append_journal_many(
    connection: sa.Connection,
    records: Iterable[JournalRow],
    ids: dict[str | None, int | None] | None = None,
) -> int:
    """Append the records with one executemany; returns the last id (0: nothing appended).
    `ids`: filled with the id of each session the records name (by its key).

    The rows go to the driver as they are stored (the payload's JSON text, the time in µs:
    what the column types would make of them), so a batch costs the database, not a Python
    conversion per column and row (bench/ingest.py: the journal is on every input's path)."""
    ids = {} if ids is None else ids
    ids[None] = None
    rows: list[tuple[int | None, str, str, int]] = []
    now: int | None = None
    at: tuple[datetime | None, int] = (None, 0)  # the last `received_at` and its µs (a batch's)
    encode = encode_payload
    for kind, payload, session, received_at in records:
        if not kind:
            raise StoreError("a journal record needs a kind")
        if session not in ids:
            ids[session] = session_id_of(connection, session or "")
        if received_at is None:
            received = now = now if now is not None else utc_micros(datetime.now(UTC))
        elif received_at is at[0]:
            received = at[1]
        else:
            received = utc_micros(received_at)
            at = received_at, received
        text = payload if type(payload) is str else encode(payload)
        rows.append((ids[session], kind, text, received))
    if not rows:
        return 0
    return int(insert_rows(connection, _insert_sql(connection.dialect), rows, _LAST_ID))


_LAST_ID = "SELECT max(id) FROM journal"


class JournalTransaction:
    """Journal records appended in a transaction left open: the laps they complete may go in it
    too (`append_laps`) before `commit` makes them durable together, or `rollback` drops them.
    The commit may run in another thread than the appends: the disk's sync, most of a small
    commit, lets go of the interpreter lock, so the appending thread goes on meanwhile."""

    def __init__(
        self,
        engine: sa.Engine,
        records: Iterable[JournalRow],
        ids: dict[str | None, int | None] | None = None,
    ) -> None:
        """`ids`: the sessions' ids by key, as `append_journal_many` fills them: a caller that
        keeps them for its next transactions looks each session up once, not once a batch."""
        self._connection = engine.connect()
        self._ids = {} if ids is None else ids
        try:
            self._transaction = self._connection.begin()
            self.last_id = append_journal_many(self._connection, records, self._ids)
        except BaseException:
            self._connection.close()  # rolls back
            raise

    def append_laps(self, session: str, laps: Sequence[Lap]) -> None:
        """Add the session's laps (its id looked up once in the transaction)."""
        session_id = self._ids.get(session)
        if session_id is None:
            append_laps(self._connection, session, laps)
        else:
            insert_laps(self._connection, session_id, laps)

    def commit(self) -> int:
        """Commit (synced to disk); the last id appended (0: none)."""
        try:
            self._transaction.commit()
        finally:
            self._connection.close()
        return self.last_id

    def rollback(self) -> None:
        try:
            self._transaction.rollback()
        finally:
            self._connection.close()


def _insert_sql(dialect: sa.Dialect) -> str:
    """The journal's INSERT in the driver's own parameter style (SQLite `?`, psycopg `%s`)."""
    postgres = dialect.name == "postgresql"
    values = "%s, %s, CAST(%s AS JSON), %s" if postgres else "?, ?, ?, ?"
    return f"INSERT INTO journal (session_id, kind, payload, received_at) VALUES ({values})"


def read_journal(
    connection: sa.Connection,
    *,
    session: str | None = None,
    after: int = 0,
    kinds: set[str] | None = None,
    limit: int | None = None,
) -> list[JournalRecord]:
    """The records after id `after`, oldest first (at most `limit`); only the session's when
    `session` is given. Read a long journal in pages: `after` = the last id of the page before."""
    query = sa.select(t.journal).where(t.journal.c.id > after).order_by(t.journal.c.id)
    if session is not None:
        query = query.where(t.journal.c.session_id == session_id_of(connection, session))
    if kinds is not None:
        query = query.where(t.journal.c.kind.in_(sorted(kinds)))
    if limit is not None:
        query = query.limit(limit)
    rows = connection.execute(query).all()
    keys = {sid: key_of(connection, t.sessions, sid) for sid in {row.session_id for row in rows}}
    return [
        JournalRecord(
            id=row.id,
            kind=row.kind,
            payload=row.payload,
            received_at=row.received_at,
            session=keys[row.session_id],
        )
        for row in rows
    ]
