"""Grid penalties of a race and its grid, built from the qualifying the weekend format links to it.

A race's grid is derived, never stored: the linked qualifying's latest published result (its
timing alone while none is published), the race's entry list, the season's class order, the
grid order and starting-driver rule of the race, and the grid penalties recorded for it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa

from pitboard.model import ClassifiedCar, Entry, SessionKind
from pitboard.model.grid import GridPenalty, GridSlot
from pitboard.model.season import GridOrder, StartingDriver
from pitboard.rules.classify import classify
from pitboard.rules.grid import build_grid
from pitboard.store import decisions, results, season, sessions
from pitboard.store import schema as t
from pitboard.store.keys import inserted_id
from pitboard.store.records import SessionInfo, StoreError


def save_grid_penalties(
    connection: sa.Connection,
    race: str,
    penalties: Iterable[GridPenalty],
    *,
    by: str,
    at: datetime | None = None,
) -> list[int]:
    """Record grid penalties for the race (all or none); every car must be entered in it."""
    info = _race(connection, race)
    penalties = list(penalties)
    cars = {entry.number for entry in race_entries(connection, info)}
    for penalty in penalties:
        if penalty.car not in cars:
            raise StoreError(f"grid penalty for car {penalty.car!r}, not entered in race {race!r}")
        if penalty.places < 0 or (not penalty.places and not penalty.pit_lane):
            raise StoreError(
                f"grid penalty for car {penalty.car!r}: give places (> 0) or a pit-lane start,"
                f" not places={penalty.places}"
            )
    if not by:
        raise StoreError(f"grid penalties for race {race!r} say nobody decided them")
    session_id = sessions.session_id_of(connection, race)
    at = at or datetime.now(UTC)
    return [
        inserted_id(
            connection.execute(
                sa.insert(t.grid_penalties).values(_row(session_id, penalty, by, at))
            )
        )
        for penalty in penalties
    ]


def load_grid_penalties(connection: sa.Connection, race: str) -> list[GridPenalty]:
    """The race's grid penalties in the order recorded (a car's last one counts)."""
    session_id = sessions.session_id_of(connection, race)
    query = (
        sa.select(t.grid_penalties)
        .where(t.grid_penalties.c.session_id == session_id)
        .order_by(t.grid_penalties.c.id)
    )
    return [
        GridPenalty(row.car, places=row.places, pit_lane=row.pit_lane, reason=row.reason)
        for row in connection.execute(query)
    ]


def load_grid(connection: sa.Connection, race: str) -> list[GridSlot]:
    """The race's starting grid from its linked qualifying (Q1 -> Race 1, Q2 -> Race 2)."""
    info = _race(connection, race)
    if info.grid_from is None:
        raise StoreError(f"race {race!r} has no qualifying that sets its grid")
    qualifying = _qualifying(connection, info.grid_from)
    penalties = {p.car: p for p in load_grid_penalties(connection, race)}  # the last one counts
    return build_grid(
        qualifying,
        race_entries(connection, info),
        order=info.grid_order or GridOrder.OVERALL,
        classes=_class_order(connection, info),
        penalties=list(penalties.values()),
        qualifier_starts=info.starting_driver is StartingDriver.QUALIFIER,
    )


def race_entries(connection: sa.Connection, info: SessionInfo) -> list[Entry]:
    """The race's own entry list, else its event's, its season's, or its qualifying's."""
    scopes = [(t.entries.c.session_id, sessions.session_id_of(connection, info.key))]
    if info.event is not None:
        owner = season.season_of_event(connection, info.event)
        scopes.append(sessions.entry_scope(connection, season=None, event=info.event))
        scopes.append(sessions.entry_scope(connection, season=owner, event=None))
    if info.grid_from is not None:
        scopes.append((t.entries.c.session_id, sessions.session_id_of(connection, info.grid_from)))
    for scope in scopes:
        found = sessions.load_entries(connection, scope)
        if found:
            return found
    return []


def _race(connection: sa.Connection, race: str) -> SessionInfo:
    info = sessions.load_session_info(connection, race)
    if info.kind is not SessionKind.RACE:
        raise StoreError(f"session {race!r} is a {info.kind.value}, not a race: it has no grid")
    return info


def _qualifying(connection: sa.Connection, key: str) -> list[ClassifiedCar]:
    """The latest published result of the qualifying; its timing alone while unpublished."""
    if decisions.load_result_history(connection, key):
        return results.load_classification(connection, key).classification.rows
    timing = sessions.load_session(connection, key)
    return classify(timing, results.session_rules(connection, key)).rows


def _class_order(connection: sa.Connection, info: SessionInfo) -> list[str]:
    if info.event is None:
        return []
    owner = season.season_of_event(connection, info.event)
    return [car_class.name for car_class in season.load_classes(connection, owner)]


def _row(session_id: int, penalty: GridPenalty, by: str, at: datetime) -> dict[str, Any]:
    return {
        "session_id": session_id,
        "car": penalty.car,
        "places": penalty.places,
        "pit_lane": penalty.pit_lane,
        "reason": penalty.reason,
        "decided_by": by,
        "decided_at": at,
    }
