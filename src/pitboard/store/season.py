"""Series, seasons, circuits, events (rounds) and classes; a whole season file saved and loaded."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace

import sqlalchemy as sa

from pitboard.model import Entry
from pitboard.model.season import CarClass, DriverCategory, SeasonPlan
from pitboard.rules.crew import validate_entries
from pitboard.store import schema as t
from pitboard.store import sessions
from pitboard.store.keys import id_of, key_of, optional_id_of, save_keyed
from pitboard.store.records import Circuit, Event, NotFound, Season, Series, StoreError


def save_series(connection: sa.Connection, series: Series) -> None:
    save_keyed(connection, t.series, series.key, {"name": series.name})


def load_series(connection: sa.Connection, key: str) -> Series:
    row = _row(connection, t.series, key, "series")
    return Series(key=row.key, name=row.name)


def save_season(connection: sa.Connection, season: Season) -> None:
    values = {
        "series_id": id_of(connection, t.series, season.series),
        "year": season.year,
        "name": season.name,
        "ruleset": season.ruleset,
        "championship": season.championship,
    }
    save_keyed(connection, t.seasons, season.key, values)


def load_season(connection: sa.Connection, key: str) -> Season:
    row = _row(connection, t.seasons, key, "season")
    series = key_of(connection, t.series, row.series_id)
    return Season(
        key=row.key,
        series=str(series),
        year=row.year,
        name=row.name,
        ruleset=row.ruleset,
        championship=row.championship,
    )


def save_classes(connection: sa.Connection, season: str, classes: Sequence[CarClass]) -> None:
    """Replace the season's classes, in their order."""
    season_id = id_of(connection, t.seasons, season)
    connection.execute(sa.delete(t.car_classes).where(t.car_classes.c.season_id == season_id))
    rows = [
        {
            "season_id": season_id,
            "ordinal": ordinal,
            "name": car_class.name,
            "crews": [[category.value for category in crew] for crew in car_class.crews],
        }
        for ordinal, car_class in enumerate(classes)
    ]
    if rows:
        connection.execute(sa.insert(t.car_classes), rows)


def load_classes(connection: sa.Connection, season: str) -> list[CarClass]:
    """The season's classes in the season's order (none: classes are not checked)."""
    season_id = id_of(connection, t.seasons, season)
    query = (
        sa.select(t.car_classes.c.name, t.car_classes.c.crews)
        .where(t.car_classes.c.season_id == season_id)
        .order_by(t.car_classes.c.ordinal)
    )
    return [
        CarClass(row.name, tuple(tuple(DriverCategory(c) for c in crew) for crew in row.crews))
        for row in connection.execute(query)
    ]


def season_of_event(connection: sa.Connection, event: str) -> str:
    return load_event(connection, event).season


def save_circuit(connection: sa.Connection, circuit: Circuit) -> None:
    values = {
        "name": circuit.name,
        "country": circuit.country,
        "place": circuit.place,
        "length_m": circuit.length_m,
        "time_zone": circuit.time_zone,
    }
    save_keyed(connection, t.circuits, circuit.key, values)


def load_circuit(connection: sa.Connection, key: str) -> Circuit:
    row = _row(connection, t.circuits, key, "circuit")
    return Circuit(
        key=row.key,
        name=row.name,
        time_zone=row.time_zone,
        country=row.country,
        place=row.place,
        length_m=row.length_m,
    )


def save_event(connection: sa.Connection, event: Event) -> None:
    values = {
        "season_id": id_of(connection, t.seasons, event.season),
        "round": event.round,
        "name": event.name,
        "circuit_id": optional_id_of(connection, t.circuits, event.circuit),
        "start_date": event.start,
        "end_date": event.end,
    }
    save_keyed(connection, t.events, event.key, values)


def load_events(connection: sa.Connection, season: str) -> list[Event]:
    """The season's rounds in round order."""
    season_id = id_of(connection, t.seasons, season)
    query = (
        sa.select(t.events, t.circuits.c.key.label("circuit_key"))
        .outerjoin(t.circuits, t.events.c.circuit_id == t.circuits.c.id)
        .where(t.events.c.season_id == season_id)
        .order_by(t.events.c.round)
    )
    return [_event(row, season) for row in connection.execute(query)]


def load_event(connection: sa.Connection, key: str) -> Event:
    row = _row(connection, t.events, key, "event")
    season = str(key_of(connection, t.seasons, row.season_id))
    circuit = key_of(connection, t.circuits, row.circuit_id)
    return Event(
        key=row.key,
        season=season,
        round=row.round,
        name=row.name,
        circuit=circuit,
        start=row.start_date,
        end=row.end_date,
    )


def _event(row: sa.Row[tuple[object, ...]], season: str) -> Event:
    values = row._mapping
    return Event(
        key=str(values["key"]),
        season=season,
        round=int(str(values["round"])),
        name=str(values["name"]),
        circuit=values["circuit_key"],
        start=values["start_date"],
        end=values["end_date"],
    )


def _row(
    connection: sa.Connection, table: sa.Table, key: str, word: str
) -> sa.Row[tuple[object, ...]]:
    row = connection.execute(sa.select(table).where(table.c.key == key)).first()
    if row is None:
        raise NotFound(f"no {word} {key!r} in the store")
    return row


def save_season_plan(connection: sa.Connection, plan: SeasonPlan) -> None:
    """Save a whole season file: series, season, circuits, rounds, sessions, classes, entries."""
    save_series(connection, plan.series)
    save_season(connection, plan.season)
    for circuit in plan.circuits:
        save_circuit(connection, circuit)
    for event in plan.events:
        save_event(connection, event)
    save_classes(connection, plan.season.key, plan.classes)
    for info in plan.sessions:  # first without grid links: a link may point forward
        sessions.save_session_info(connection, replace(info, grid_from=None))
    for info in plan.sessions:
        if info.grid_from is not None:
            sessions.save_session_info(connection, info)
    check_entries(plan.entries, plan.classes)
    scope = sessions.entry_scope(connection, season=plan.season.key, event=None)
    sessions.save_entries(connection, scope, plan.entries)


def load_season_plan(connection: sa.Connection, key: str) -> SeasonPlan:
    """A season as its file gave it: the calendar, each round's sessions, classes and entries."""
    season = load_season(connection, key)
    events = load_events(connection, key)
    circuits = dict.fromkeys(e.circuit for e in events if e.circuit is not None)
    scope = sessions.entry_scope(connection, season=key, event=None)
    return SeasonPlan(
        series=load_series(connection, season.series),
        season=season,
        circuits=tuple(load_circuit(connection, circuit) for circuit in circuits),
        events=tuple(events),
        sessions=tuple(s for e in events for s in sessions.load_sessions(connection, e.key)),
        classes=tuple(load_classes(connection, key)),
        entries=tuple(sessions.load_entries(connection, scope)),
    )


def check_entries(entries: Iterable[Entry], classes: Sequence[CarClass]) -> None:
    """Refuse an entry list with a crew its class does not admit (when the season has classes)."""
    if not classes:
        return
    issues = validate_entries(entries, classes)
    if issues:
        listed = "; ".join(str(issue) for issue in issues)
        raise StoreError(f"entry list refused: {listed}")
