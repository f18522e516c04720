"""A session's result as the site shows it: the classification of one published version (the
latest by default) as the one presentation model (`rules.results_table`), its badge and history,
and the same as JSON (`formats.results_json`) and CSV.

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

from pitboard.formats.results_json import decision_to_dict, row_to_dict
from pitboard.formats.text import spreadsheet_safe
from pitboard.model import (
    Classification,
    ClassificationRules,
    PitboardError,
    Session,
    SessionKind,
)
from pitboard.rules.classify import classify
from pitboard.rules.lifecycle import decisions_in
from pitboard.rules.results_table import (
    ResultRow,
    ResultTable,
    best_lap_number_text,
    gap_text,
    lap_time_text,
    position_text,
    results_table,
    speed_text,
    time_text,
)
from pitboard.store import Decision, NotFound, ResultVersion, SessionInfo, Store

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
    table: ResultTable  # the classification as every presentation shows it
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
    included = decisions_in(every, number) if number is not None else []
    pending = [d for d in every if d.result_version is None]
    cache = cache or ResultCache()
    stamp = store_stamp(store)
    session = cache.through(stamp, ("session", key), lambda: store.load_session(key))
    found, table = cache.through(
        stamp, ("classification", key, number), lambda: _classify(store, key, session, number)
    )
    return SessionResult(info, session, found, chosen, history, included, pending, table, stamp)


def _classify(
    store: Store, key: str, session: Session, number: int | None
) -> tuple[Classification, ResultTable]:
    """A published version as the store rebuilds it; unpublished: the timing with the decisions
    taken so far (as the live tower shows it: a penalty sent live counts at once)."""
    rules: ClassificationRules = store.load_session_rules(key)
    if number is not None:
        found = store.load_classification(key, number, rules).classification
    else:
        taken = [decision.penalty for decision in store.load_penalties(key)]
        found = classify(session, rules, taken)
    grid, length = _grid(store, key), _length(store, key)
    return found, results_table(found, rules, laps=session.laps, grid=grid, length_m=length)


def _grid(store: Store, key: str) -> dict[str, int]:
    """Car -> grid position, for a race whose grid a linked qualifying sets (else none)."""
    info = store.load_session_info(key)
    if info.grid_from is None or info.kind is not SessionKind.RACE:
        return {}
    try:
        return {slot.number: slot.position for slot in store.load_grid(key)}
    except PitboardError:
        return {}


def _length(store: Store, key: str) -> int | None:
    """The length of the session's circuit in metres, where it is known."""
    info = store.load_session_info(key)
    if info.event is None:
        return None
    event = store.load_event(info.event)
    return store.load_circuit(event.circuit).length_m if event.circuit else None


def _chosen_version(
    history: list[ResultVersion], key: str, version: int | None
) -> ResultVersion | None:
    if version is None:
        return history[-1] if history else None
    for published in history:
        if published.number == version:
            return published
    raise NotFound(f"session {key!r} has no result version {version}")


def version_json(version: ResultVersion) -> dict[str, Any]:
    return {
        "number": version.number,
        "state": version.state.value,
        "published_at": version.published_at.isoformat(),
        "published_by": version.published_by,
        "reason": version.reason,
    }


def result_json(result: SessionResult, zone: str = "UTC") -> dict[str, Any]:
    """The result as the site's JSON gives it; decision texts in the event's time `zone`."""
    info = result.info
    return {
        "session": info.key,
        "name": info.name,
        "kind": info.kind.value,
        "event": info.event,
        "state": result.badge,
        "version": result.version.number if result.version else None,
        "classes": result.table.classes,
        "results": [row_to_dict(row) for row in result.table.rows],
        "decisions": [decision_to_dict(d, zone) for d in result.decisions],
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
    "interval",
    "class_gap",
    "class_interval",
    "best_lap",
    "best_lap_number",
    "pit_stops",
)


def csv_columns(table: ResultTable) -> list[str]:
    """`CSV_COLUMNS`, then `best_s1`… `ideal_lap` where the laps have sectors and
    `top_speed_kph` where they have speed-trap readings."""
    sectors = [f"best_s{n}" for n in range(1, table.sector_count + 1)]
    ideal = ["ideal_lap"] if table.sector_count else []
    return [*CSV_COLUMNS, *sectors, *ideal, *(["top_speed_kph"] if table.top_speeds else [])]


def _timing_cells(row: ResultRow, table: ResultTable) -> list[str]:
    cells = [lap_time_text(time) for time in row.best_sectors]
    if table.sector_count:
        cells.append(lap_time_text(row.ideal_lap))
    if table.top_speeds:
        cells.append(speed_text(row.top_speed))
    return cells


def write_csv(result: SessionResult) -> str:
    """One line per car; `time` is a race's total time, a timed session's best lap."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(csv_columns(result.table))
    race = result.table.race
    for row in result.table.rows:
        cells = map(
            spreadsheet_safe,
            [
                position_text(row.position),
                row.car_class,
                position_text(row.class_position),
                row.number,
                " / ".join(row.entry.driver_names),
                row.entry.team,
                row.entry.vehicle,
                row.status.mark or "Classified",
                row.laps,
                time_text(row, race),
                gap_text(row.gap),
                gap_text(row.interval),
                gap_text(row.class_gap),
                gap_text(row.class_interval),
                lap_time_text(row.car.best_lap),
                best_lap_number_text(row),
                row.pit_stops,
                *_timing_cells(row, result.table),
            ],
        )
        writer.writerow(cells)
    return out.getvalue()


__all__ = ["PitboardError", "ResultCache", "SessionResult", "load_result"]
