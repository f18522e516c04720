"""Results published by someone else (an Ergast race, an Al Kamel results file), row by row.

Saving one publishes the session's next result version (official, or revised after an official
one) by its source, and keeps the rows as published against that version: a later import of the
same session is a newer version, and every earlier one can still be read.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from pitboard.model.decision import ResultState, ResultVersion
from pitboard.store import decisions
from pitboard.store import schema as t
from pitboard.store.records import PublishedRows, StoreError
from pitboard.store.sessions import session_id_of


def save_result(
    connection: sa.Connection,
    session: str,
    source: str,
    rows: Sequence[Mapping[str, Any]],
    *,
    reason: str = "",
    at: datetime | None = None,
) -> ResultVersion:
    """Publish the rows as the session's next result version; returns that version."""
    if not source:
        raise StoreError(f"session {session!r}: a published result needs its source")
    session_id = session_id_of(connection, session)
    history = decisions.load_result_history(connection, session)
    official = any(v.state is not ResultState.PROVISIONAL for v in history)
    state = ResultState.REVISED if official else ResultState.OFFICIAL
    reason = reason or f"imported from {source}"
    version = decisions.publish_result(connection, session, state, reason=reason, by=source, at=at)
    values = [
        _row(session_id, version.number, ordinal, source, row)
        for ordinal, row in enumerate(rows, start=1)
    ]
    if values:
        connection.execute(sa.insert(t.published_rows), values)
    return version


def load_result(
    connection: sa.Connection, session: str, version: int | None = None, *, until: bool = False
) -> PublishedRows | None:
    """The rows published as `version` (else the newest version that has rows; with `until`,
    the newest published as `version` or before it), or None when there are none."""
    session_id = session_id_of(connection, session)
    rows = t.published_rows
    number = sa.select(sa.func.max(rows.c.version)).where(rows.c.session_id == session_id)
    if version is not None:
        number = number.where(rows.c.version <= version if until else rows.c.version == version)
    found = connection.execute(number).scalar()
    if found is None:
        return None
    query = (
        sa.select(rows.c.source, rows.c.row)
        .where(rows.c.session_id == session_id, rows.c.version == found)
        .order_by(rows.c.ordinal)
    )
    stored = connection.execute(query).all()
    published = decisions.load_result_version(connection, session, int(found))
    return PublishedRows(published, stored[0].source, tuple(dict(r.row) for r in stored))


def _row(
    session_id: int, version: int, ordinal: int, source: str, row: Mapping[str, Any]
) -> dict[str, Any]:
    car = row.get("number")
    position = row.get("position")
    return {
        "session_id": session_id,
        "version": version,
        "ordinal": ordinal,
        "source": source,
        "car": None if car is None else str(car),
        "position": None if position is None else int(position),
        "status": str(row.get("status") or ""),
        "row": dict(row),
    }
