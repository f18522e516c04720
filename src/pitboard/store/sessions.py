"""Sessions with their entry list and laps; entry lists of a season or an event.

Saving a session again replaces its entries and laps (a corrected timing file), not its
decisions or result versions. Laps go in with one executemany and come back in the saved order.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import fields, replace
from decimal import Decimal
from typing import Any

import sqlalchemy as sa

from pitboard.model import Driver, Entry, Flag, Lap, Session, SessionKind
from pitboard.model.season import GridOrder, PitWindow, StartingDriver
from pitboard.rules.entry_fields import check_entries
from pitboard.store import schema as t
from pitboard.store.keys import id_of, optional_id_of, save_keyed
from pitboard.store.records import NotFound, SessionInfo, StoreError
from pitboard.store.revision import insert_rows

Scope = tuple[sa.Column[int], int]  # entries.season_id / event_id / session_id and its value


def save_session(connection: sa.Connection, info: SessionInfo, session: Session) -> int:
    """Save (or replace) the session `info.key` with `session`'s entries and laps.

    What `info` leaves empty (None, or no name) of the session's place in the weekend — event,
    schedule, grid link, pit window — is kept from what the store holds: importing the timing
    of a session the season file scheduled keeps its schedule."""
    session_id = save_session_info(connection, _merged(connection, info))
    save_entries(connection, (t.entries.c.session_id, session_id), session.entries.values())
    connection.execute(sa.delete(t.laps).where(t.laps.c.session_id == session_id))
    insert_laps(connection, session_id, session.laps)
    return session_id


def append_laps(connection: sa.Connection, key: str, laps: Sequence[Lap]) -> None:
    """Add laps after the session's laps (a live session's laps as they complete)."""
    insert_laps(connection, session_id_of(connection, key), laps)


def insert_laps(connection: sa.Connection, session_id: int, laps: Sequence[Lap]) -> None:
    """One executemany of the rows as the driver takes them (the sectors' JSON text: what the
    column type would make of them), as the journal's: live timing writes every lap this way
    (bench/ingest.py), and a 24-hour race's import is 20,000 rows."""
    if laps:
        rows = [_lap_row(session_id, lap) for lap in laps]
        insert_rows(connection, _laps_sql(connection.dialect), rows)


_FLAG_TEXT = {flag: flag.value for flag in Flag}  # an enum's `.value` is a slow property


def _laps_sql(dialect: sa.Dialect) -> str:
    """The laps' INSERT in the driver's own parameter style (SQLite `?`, psycopg `%s`)."""
    if dialect.name == "postgresql":
        values = ", ".join(["%s"] * 6 + ["CAST(%s AS JSON)"] + ["%s"] * 8)
    else:
        values = ", ".join(["?"] * 15)
    columns = ", ".join(("session_id", *_LAP_COLUMNS))
    return f"INSERT INTO laps ({columns}) VALUES ({values})"


def save_session_info(connection: sa.Connection, info: SessionInfo) -> int:
    """Save the session's place in the weekend (no entries, no laps); returns its id."""
    window = info.pit_window
    values = {
        "event_id": optional_id_of(connection, t.events, info.event),
        "kind": info.kind.value,
        "name": info.name,
        "scheduled_start": info.scheduled_start,
        "duration_ms": info.duration,
        "race_laps": info.race_laps,
        "grid_from_id": optional_id_of(connection, t.sessions, info.grid_from),
        "grid_order": info.grid_order.value if info.grid_order else None,
        "starting_driver": info.starting_driver.value if info.starting_driver else None,
        "pit_window_opens_ms": window.opens if window else None,
        "pit_window_closes_ms": window.closes if window else None,
        "mandatory_stops": window.stops if window else None,
        "driver_change": window.driver_change if window else None,
    }
    return save_keyed(connection, t.sessions, info.key, values)


def _merged(connection: sa.Connection, info: SessionInfo) -> SessionInfo:
    try:
        stored = load_session_info(connection, info.key)
    except NotFound:
        return info
    kept = {
        name: getattr(stored, name)
        for name in _SCHEDULE
        if getattr(info, name) is None or getattr(info, name) == ""
    }
    return replace(info, **kept)


_SCHEDULE = tuple(f.name for f in fields(SessionInfo) if f.name not in ("key", "kind"))


def load_session(connection: sa.Connection, key: str) -> Session:
    info = load_session_info(connection, key)
    session_id = id_of(connection, t.sessions, key)
    entries = load_entries(connection, (t.entries.c.session_id, session_id))
    return Session(
        kind=info.kind,
        entries={entry.number: entry for entry in entries},
        laps=load_laps(connection, session_id),
        name=info.name,
    )


def load_session_info(connection: sa.Connection, key: str) -> SessionInfo:
    query = _info_query().where(t.sessions.c.key == key)
    row = connection.execute(query).first()
    if row is None:
        raise NotFound(f"no session {key!r} in the store")
    return _info(row)


def load_sessions(connection: sa.Connection, event: str | None = None) -> list[SessionInfo]:
    """The event's sessions in schedule order (all sessions when `event` is None)."""
    query = _info_query()
    if event is not None:
        query = query.where(t.sessions.c.event_id == id_of(connection, t.events, event))
    query = query.order_by(t.sessions.c.scheduled_start, t.sessions.c.id)
    return [_info(row) for row in connection.execute(query)]


_GRID = t.sessions.alias("grid")


def _info_query() -> sa.Select[Any]:
    return (
        sa.select(t.sessions, t.events.c.key.label("event_key"), _GRID.c.key.label("grid_key"))
        .outerjoin(t.events, t.sessions.c.event_id == t.events.c.id)
        .outerjoin(_GRID, t.sessions.c.grid_from_id == _GRID.c.id)
    )


def _info(row: sa.Row[Any]) -> SessionInfo:
    return SessionInfo(
        key=row.key,
        kind=SessionKind(row.kind),
        name=row.name,
        event=row.event_key,
        scheduled_start=row.scheduled_start,
        duration=row.duration_ms,
        race_laps=row.race_laps,
        grid_from=row.grid_key,
        grid_order=GridOrder(row.grid_order) if row.grid_order else None,
        starting_driver=StartingDriver(row.starting_driver) if row.starting_driver else None,
        pit_window=_pit_window(row),
    )


def _pit_window(row: sa.Row[Any]) -> PitWindow | None:
    if row.pit_window_opens_ms is None or row.pit_window_closes_ms is None:
        return None
    return PitWindow(
        opens=row.pit_window_opens_ms,
        closes=row.pit_window_closes_ms,
        stops=row.mandatory_stops or 0,
        driver_change=bool(row.driver_change),
    )


def session_id_of(connection: sa.Connection, key: str) -> int:
    """The session's id (`id_of`: NotFound names it) by one plain query: every journal and lap
    write of live timing asks it, and a compiled `select` costs several times the query."""
    mark = "%s" if connection.dialect.name == "postgresql" else "?"
    found = connection.exec_driver_sql(f"SELECT id FROM sessions WHERE key = {mark}", (key,))
    value = found.scalar()
    if value is None:
        raise NotFound(f"no session {key!r} in the store")
    return int(value)


def entry_scope(connection: sa.Connection, *, season: str | None, event: str | None) -> Scope:
    """The scope of a season's or an event's entry list (exactly one of them)."""
    if (season is None) == (event is None):
        raise StoreError("an entry list belongs to exactly one season or one event")
    if season is not None:
        return t.entries.c.season_id, id_of(connection, t.seasons, season)
    return t.entries.c.event_id, id_of(connection, t.events, str(event))


def save_entries(connection: sa.Connection, scope: Scope, entries: Iterable[Entry]) -> None:
    """Replace the entry list of `scope` with `entries`, in their order."""
    column, scope_id = scope
    entries = list(entries)
    _refuse_duplicates(entries)
    check_entries(entries)  # the field limits forms, API and importers share
    connection.execute(sa.delete(t.entries).where(column == scope_id))
    if not entries:
        return
    driver_ids = _save_drivers(connection, [d for e in entries for d in e.drivers])
    rows = [_entry_row(column.name, scope_id, ordinal, e) for ordinal, e in enumerate(entries)]
    connection.execute(sa.insert(t.entries), rows)
    ids = _entry_ids(connection, column, scope_id)
    crews = [
        {
            "entry_id": ids[e.number],
            "position": place,
            "driver_id": driver_ids[d.name],
            "category": d.category,
        }
        for e in entries
        for place, d in enumerate(e.drivers, start=1)
    ]
    if crews:
        connection.execute(sa.insert(t.entry_drivers), crews)


def load_entries(connection: sa.Connection, scope: Scope) -> list[Entry]:
    column, scope_id = scope
    query = (
        sa.select(
            t.entries.c.id,
            t.entries.c.number,
            t.entries.c.car_class,
            t.entries.c.team,
            t.entries.c.vehicle,
        )
        .where(column == scope_id)
        .order_by(t.entries.c.ordinal)
    )
    rows = connection.execute(query).all()
    crews = _load_crews(connection, [row.id for row in rows])
    return [
        Entry(
            number=row.number,
            car_class=row.car_class,
            team=row.team,
            vehicle=row.vehicle,
            drivers=tuple(crews.get(row.id, ())),
        )
        for row in rows
    ]


_LAP_COLUMNS = (
    "car",
    "number",
    "time_ms",
    "elapsed_ms",
    "hour_ms",
    "sectors_ms",
    "in_pit",
    "pit_time_ms",
    "driver",
    "driver_number",
    "flag",
    "improvement",
    "valid",
    "top_speed_kmh",
)


def load_laps(connection: sa.Connection, session_id: int) -> list[Lap]:
    """The session's laps in the order they were saved (plain tuples: this is the hot path)."""
    columns = [t.laps.c[name] for name in _LAP_COLUMNS]
    query = sa.select(*columns).where(t.laps.c.session_id == session_id).order_by(t.laps.c.id)
    flags = {flag.value: flag for flag in Flag}
    laps: list[Lap] = []
    for row in connection.execute(query):
        car, no, time, elapsed, hour, sectors, in_pit, pit, driver, seat, flag, mark, ok, kmh = row
        lap = Lap(
            car=car,
            number=no,
            time=time,
            elapsed=elapsed,
            hour=hour,
            sectors=tuple(sectors),
            in_pit=bool(in_pit),
            pit_time=pit,
            driver=driver,
            driver_number=seat,
            flag=flags[flag] if flag else None,
            improvement=mark,
            valid=bool(ok),
            top_speed=None if kmh is None else Decimal(kmh),
        )
        laps.append(lap)
    return laps


def _refuse_duplicates(entries: Sequence[Entry]) -> None:
    seen: set[str] = set()
    for entry in entries:
        if entry.number in seen:
            raise StoreError(f"car {entry.number!r} is twice in the entry list")
        seen.add(entry.number)


def _entry_row(scope: str, scope_id: int, ordinal: int, entry: Entry) -> dict[str, Any]:
    return {
        scope: scope_id,
        "ordinal": ordinal,
        "number": entry.number,
        "car_class": entry.car_class,
        "team": entry.team,
        "vehicle": entry.vehicle,
    }


def _entry_ids(connection: sa.Connection, column: sa.Column[int], scope_id: int) -> dict[str, int]:
    query = sa.select(t.entries.c.number, t.entries.c.id).where(column == scope_id)
    return {row.number: row.id for row in connection.execute(query)}


def _save_drivers(connection: sa.Connection, crew: Sequence[Driver]) -> dict[str, int]:
    """Make sure every driver has a row (by name); keep the newest category and country."""
    latest = {driver.name: driver for driver in crew}
    known = _driver_ids(connection, list(latest))
    new = [
        {"name": d.name, "category": d.category, "country": d.country}
        for name, d in latest.items()
        if name not in known
    ]
    if new:
        connection.execute(sa.insert(t.drivers), new)
    for name, driver in latest.items():
        if name in known and (driver.category or driver.country):
            _update_driver(connection, known[name], driver)
    return _driver_ids(connection, list(latest))


def _update_driver(connection: sa.Connection, driver_id: int, driver: Driver) -> None:
    values = {"category": driver.category, "country": driver.country}
    changes = {name: value for name, value in values.items() if value}
    connection.execute(sa.update(t.drivers).where(t.drivers.c.id == driver_id).values(**changes))


def _driver_ids(connection: sa.Connection, names: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for start in range(0, len(names), 500):
        chunk = names[start : start + 500]
        query = sa.select(t.drivers.c.name, t.drivers.c.id).where(t.drivers.c.name.in_(chunk))
        found.update({row.name: row.id for row in connection.execute(query)})
    return found


def _load_crews(connection: sa.Connection, entry_ids: list[int]) -> dict[int, list[Driver]]:
    crews: dict[int, list[Driver]] = {}
    if not entry_ids:
        return crews
    query = (
        sa.select(
            t.entry_drivers.c.entry_id,
            t.entry_drivers.c.category,
            t.drivers.c.name,
            t.drivers.c.country,
        )
        .join(t.drivers, t.entry_drivers.c.driver_id == t.drivers.c.id)
        .where(t.entry_drivers.c.entry_id.in_(entry_ids))
        .order_by(t.entry_drivers.c.entry_id, t.entry_drivers.c.position)
    )
    for row in connection.execute(query):
        driver = Driver(name=row.name, category=row.category, country=row.country)
        crews.setdefault(row.entry_id, []).append(driver)
    return crews


def _lap_row(session_id: int, lap: Lap) -> tuple[Any, ...]:
    """A lap's values: its session's id, then `_LAP_COLUMNS` in order."""
    return (
        session_id,
        lap.car,
        lap.number,
        lap.time,
        lap.elapsed,
        lap.hour,
        json.dumps(list(lap.sectors)),
        lap.in_pit,
        lap.pit_time,
        lap.driver,
        lap.driver_number,
        _FLAG_TEXT[lap.flag] if lap.flag else None,
        lap.improvement,
        lap.valid,
        None if lap.top_speed is None else str(lap.top_speed),
    )
