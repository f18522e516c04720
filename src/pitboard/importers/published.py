"""Classifications published by someone else (Ergast, an Al Kamel results file), kept as inputs.

They go into the store's journal as one record of kind `published-result` per session, holding
the rows as published; a later import of the same session appends a newer record, and the
newest one is the one read back. (The store has no table for published classifications: the
store derives results from laps, and historical results have no laps.)
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa

from pitboard.model import SessionKind
from pitboard.store import Store
from pitboard.store import journal as store_journal

KIND = "published-result"
Row = dict[str, Any]


def save_published_result(
    connection: sa.Connection, session: str, source: str, rows: Sequence[Row]
) -> None:
    """Journal the published classification of `session` (inside the caller's transaction)."""
    payload = {"source": source, "rows": list(rows)}
    store_journal.append_journal(connection, KIND, payload, session=session)


def load_published_result(store: Store, session: str) -> list[Row] | None:
    """The newest published classification of `session`, or None when there is none."""
    records = store.read_journal(session=session, kinds={KIND})
    if not records:
        return None
    rows = records[-1].payload.get("rows", [])
    return [dict(row) for row in rows]


def load_season_published(store: Store, season: str) -> list[tuple[int, list[Row]]]:
    """(round, rows) for every race of the season that has a published classification."""
    found: list[tuple[int, list[Row]]] = []
    for event in store.load_events(season):
        for info in store.load_sessions(event.key):
            if info.kind is not SessionKind.RACE:
                continue
            rows = load_published_result(store, info.key)
            if rows is not None:
                found.append((event.round, rows))
    return found
