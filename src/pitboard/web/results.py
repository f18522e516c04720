"""A session's result as the site shows it: the classification of one published version (the
latest by default), its badge and history, and the same as JSON rows and CSV.

Nothing derived is stored: the classification is recomputed from the laps and the decisions the
version includes; a small cache keyed on what changed in the store keeps repeated reads cheap.
"""

from __future__ import annotations

import csv
import io
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar, cast

from pitboard.model import (
    Classification,
    ClassificationStatus,
    ClassifiedCar,
    PitboardError,
    Session,
    format_duration,
    format_lap_time,
)
from pitboard.rules.classify import classify
from pitboard.store import Decision, NotFound, ResultVersion, SessionInfo, Store
from pitboard.store.results import session_rules

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class SessionResult:
    info: SessionInfo
    session: Session
    classification: Classification
    version: ResultVersion | None  # None: never published (an unofficial result)
    history: list[ResultVersion]
    decisions: list[Decision]  # those this version includes
    pending: list[Decision]  # taken, not yet in a published version
    stamp: tuple[Any, ...] = ()  # the store's state it was built from (for caching)

    @property
    def badge(self) -> str:
        return self.version.state.value if self.version else "unofficial"


class ResultCache:
    """Derived values (sessions, classifications, charts) by key, all dropped together when the
    store's inputs change (see `store_stamp`)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._stamp: tuple[Any, ...] | None = None
        self._found: dict[tuple[Any, ...], Any] = {}

    def get(self, stamp: tuple[Any, ...], key: tuple[Any, ...]) -> Any:
        with self._lock:
            if stamp != self._stamp:
                self._stamp, self._found = stamp, {}
            return self._found.get(key)

    def put(self, stamp: tuple[Any, ...], key: tuple[Any, ...], value: Any) -> None:
        with self._lock:
            if stamp == self._stamp:
                self._found[key] = value

    def through(self, stamp: tuple[Any, ...], key: tuple[Any, ...], make: Callable[[], T]) -> T:
        """The cached value, else `make()` (cached for this stamp)."""
        found = self.get(stamp, key)
        if found is None:
            found = make()
            self.put(stamp, key, found)
        return cast(T, found)


def store_stamp(store: Store) -> tuple[Any, ...]:
    """Changes with every write transaction on the store (its revision)."""
    return (store.revision(),)


def load_result(
    store: Store, key: str, version: int | None = None, cache: ResultCache | None = None
) -> SessionResult:
    info = store.load_session_info(key)
    history = store.load_result_history(key)
    chosen = _chosen_version(history, key, version)
    every = store.load_penalties(key)
    number = chosen.number if chosen else None
    included = [d for d in every if number and d.result_version and d.result_version <= number]
    pending = [d for d in every if d.result_version is None]
    cache = cache or ResultCache()
    stamp = store_stamp(store)
    session = cache.through(stamp, ("session", key), lambda: store.load_session(key))
    found = cache.through(
        stamp, ("classification", key, number), lambda: _classify(store, key, session, number)
    )
    return SessionResult(info, session, found, chosen, history, included, pending, stamp)


def _classify(store: Store, key: str, session: Session, number: int | None) -> Classification:
    """A published version as the store rebuilds it; unpublished: the timing alone."""
    if number is not None:
        return store.load_classification(key, number).classification
    with store.engine.connect() as connection:
        rules = session_rules(connection, key)
    return classify(session, rules)


def _chosen_version(
    history: list[ResultVersion], key: str, version: int | None
) -> ResultVersion | None:
    if version is None:
        return history[-1] if history else None
    for published in history:
        if published.number == version:
            return published
    raise NotFound(f"session {key!r} has no result version {version}")


def time_text(row: ClassifiedCar) -> str:
    """What the time column shows: the winner's total, the others' gap, or the status."""
    if row.status is not ClassificationStatus.CLASSIFIED:
        return row.status.mark
    if row.gap_first is not None and row.gap_first.is_reference and row.total_time is not None:
        return format_duration(row.total_time)
    return str(row.gap_first) if row.gap_first is not None else ""


def lap_text(millis: int | None) -> str:
    return format_lap_time(millis) if millis is not None else ""


def row_json(row: ClassifiedCar) -> dict[str, Any]:
    entry = row.entry
    return {
        "position": row.position,
        "class_position": row.class_position,
        "number": entry.number,
        "class": entry.car_class,
        "team": entry.team,
        "vehicle": entry.vehicle,
        "drivers": entry.driver_names,
        "status": row.status.value,
        "laps": row.laps,
        "total_time_ms": row.total_time,
        "gap_first": str(row.gap_first) if row.gap_first is not None else None,
        "gap_previous": str(row.gap_previous) if row.gap_previous is not None else None,
        "best_lap_ms": row.best_lap,
        "best_lap": lap_text(row.best_lap) or None,
        "best_lap_number": row.best_lap_number,
        "penalty_time_ms": row.penalty_time,
        "pit_stops": [{"lap": s.lap, "time_ms": s.time} for s in row.pit_stops],
        "stints": [
            {
                "driver": s.driver,
                "first_lap": s.first_lap,
                "last_lap": s.last_lap,
                "time_ms": s.time,
            }
            for s in row.stints
        ],
    }


def decision_json(decision: Decision) -> dict[str, Any]:
    penalty = decision.penalty
    return {
        "id": decision.id,
        "car": penalty.car,
        "kind": penalty.kind.value,
        "time_ms": penalty.millis,
        "laps": penalty.laps,
        "positions": penalty.positions,
        "lap": penalty.lap,
        "reason": penalty.reason,
        "decided_by": decision.decided_by,
        "decided_at": decision.decided_at.isoformat(),
        "result_version": decision.result_version,
    }


def version_json(version: ResultVersion) -> dict[str, Any]:
    return {
        "number": version.number,
        "state": version.state.value,
        "published_at": version.published_at.isoformat(),
        "published_by": version.published_by,
        "reason": version.reason,
    }


def result_json(result: SessionResult) -> dict[str, Any]:
    info = result.info
    return {
        "session": info.key,
        "name": info.name,
        "kind": info.kind.value,
        "event": info.event,
        "state": result.badge,
        "version": result.version.number if result.version else None,
        "classes": result.classification.classes,
        "results": [row_json(row) for row in result.classification.rows],
        "decisions": [decision_json(d) for d in result.decisions],
        "history": [version_json(v) for v in result.history],
    }


CSV_COLUMNS = (
    "position",
    "class",
    "class_position",
    "number",
    "drivers",
    "team",
    "vehicle",
    "status",
    "laps",
    "time",
    "gap_first",
    "best_lap",
    "best_lap_number",
    "pit_stops",
)


def write_csv(result: SessionResult) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for row in result.classification.rows:
        writer.writerow(
            [
                row.position,
                row.entry.car_class,
                row.class_position,
                row.entry.number,
                " / ".join(row.entry.driver_names),
                row.entry.team,
                row.entry.vehicle,
                row.status.mark or "Classified",
                row.laps,
                format_duration(row.total_time) if row.total_time is not None else "",
                str(row.gap_first) if row.gap_first is not None else "",
                lap_text(row.best_lap),
                row.best_lap_number or "",
                len(row.pit_stops),
            ]
        )
    return out.getvalue()


__all__ = ["PitboardError", "ResultCache", "SessionResult", "load_result"]
