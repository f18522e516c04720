"""Classifications published by someone else (Ergast, an Al Kamel results file), kept as inputs.

Each import of a session's published classification is a result version of that session
(`Store.save_result`: official, then revised on a later import) with the rows as published;
the newest one is the one read back.
"""

from __future__ import annotations

from typing import Any

from pitboard.model import SessionKind
from pitboard.store import Store

Row = dict[str, Any]


def load_season_published(store: Store, season: str) -> list[tuple[int, list[Row]]]:
    """(round, rows) for every race of the season that has a published classification."""
    found: list[tuple[int, list[Row]]] = []
    for event in store.load_events(season):
        for info in store.load_sessions(event.key):
            if info.kind is not SessionKind.RACE:
                continue
            result = store.load_result(info.key)
            if result is not None:
                found.append((event.round, [dict(row) for row in result.rows]))
    return found
