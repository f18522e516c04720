"""Series, seasons, circuits and events (rounds): saved by key, loaded back as records."""

from __future__ import annotations

import sqlalchemy as sa

from pitboard.store import schema as t
from pitboard.store.keys import id_of, key_of, optional_id_of, save_keyed
from pitboard.store.records import Circuit, Event, NotFound, Season, Series


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
    }
    save_keyed(connection, t.seasons, season.key, values)


def load_season(connection: sa.Connection, key: str) -> Season:
    row = _row(connection, t.seasons, key, "season")
    series = key_of(connection, t.series, row.series_id)
    return Season(key=row.key, series=str(series), year=row.year, name=row.name)


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
