"""An Al Kamel session into the store: the lap analysis (entries and laps), optionally the
official results file (kept as the session's official result version, row by row) and the
weather file (journaled readings), all in one transaction."""

from __future__ import annotations

import enum
from dataclasses import replace
from pathlib import Path
from typing import Any

from pitboard.formats.alkamel.results import read_results
from pitboard.formats.alkamel.weather import read_weather
from pitboard.formats.registry import read_session
from pitboard.importers.progress import Progress, quiet_progress
from pitboard.importers.published import Row
from pitboard.model import ClassifiedCar, Session, SessionKind, WeatherReading
from pitboard.store import SessionInfo, Store
from pitboard.store import journal as store_journal
from pitboard.store import published as store_published
from pitboard.store import sessions as store_sessions

SOURCE = "alkamel"
WEATHER = "weather"


def import_alkamel(
    store: Store,
    key: str,
    laps: str | Path,
    *,
    event: str | None = None,
    kind: SessionKind | None = None,
    results: str | Path | None = None,
    weather: str | Path | None = None,
    progress: Progress | None = None,
) -> Session:
    """Read the files, then save session `key` whole; returns the session read."""
    progress = progress or quiet_progress()
    progress.start(f"Al Kamel {Path(laps).name}", 2)
    session = read_session(laps, kind)
    if not session.name:
        session = replace(session, name=Path(laps).stem)
    published = [_result_row(row) for row in read_results(results)] if results else None
    readings = read_weather(weather) if weather else []
    progress.advance()
    info = SessionInfo(key, session.kind, name=session.name, event=event)
    with store.engine.begin() as connection:
        store_sessions.save_session(connection, info, session)
        if published is not None:
            store_published.save_result(connection, key, SOURCE, published)
        for reading in readings:
            store_journal.append_journal(connection, WEATHER, _reading(reading), session=key)
    progress.advance()
    return session


def _result_row(row: ClassifiedCar) -> Row:
    return {
        "number": row.number,
        "position": row.position,
        "class": row.entry.car_class,
        "class_position": row.class_position,
        "status": row.status.value,
        "laps": row.laps,
        "total_time": row.total_time,
        "best_lap": row.best_lap,
        "drivers": row.entry.driver_names,
    }


def _reading(reading: WeatherReading) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name in reading.__dataclass_fields__:
        value = getattr(reading, name)
        if isinstance(value, enum.Enum):
            value = value.value
        values[name] = value if isinstance(value, int | str | bool | None) else str(value)
    return values
