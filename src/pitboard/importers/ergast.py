"""A whole Ergast CSV directory into the store: one season `f1-YYYY` per year, one event per race
(`f1-YYYY-rNN`), its race session (`f1-YYYY-rNN-race`, and `f1-YYYY-rNN-sprint` for a sprint of
sprint_results.csv, its rows marked `sprint`) with the entry list, and the published
classification (finishing order, status, grid, fastest lap) as the race's official result
version (`Store.save_result`; importing again publishes a revised version).

Points are never imported: `load_ergast_results` gives the results back as the points rules see
them, and the standings are computed from those by `pitboard.rules`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import sqlalchemy as sa

from pitboard.formats.ergast import (
    ErgastCircuit,
    ErgastDatabase,
    ErgastRace,
    read_ergast,
    season_results,
)
from pitboard.importers.progress import Progress, quiet_progress
from pitboard.importers.published import Row, load_season_published
from pitboard.model import Driver, Entry, FormatError, ScoredResult, Session, SessionKind
from pitboard.store import Circuit, Event, Season, Series, SessionInfo, Store
from pitboard.store import published as store_published
from pitboard.store import season as store_season
from pitboard.store import sessions as store_sessions

SERIES = Series(key="f1", name="FIA Formula One World Championship")
SOURCE = "ergast"
CAR_CLASS = "F1"
TIME_ZONE = "UTC"  # Ergast gives no circuit's time zone (nor, before 2005, a start time)


def season_key(year: int) -> str:
    return f"f1-{year}"


def race_keys(race: ErgastRace) -> tuple[str, str]:
    """(event key, session key) of a race: `f1-1988-r03`, `f1-1988-r03-race`."""
    event = f"{season_key(race.year)}-r{race.round:02d}"
    return event, f"{event}-race"


def import_ergast(
    store: Store,
    directory: str | Path,
    progress: Progress | None = None,
    issues: list[FormatError] | None = None,
) -> list[str]:
    """Import every season of the directory; returns the season keys. All or nothing, unless
    `issues` is given (`--on-error collect`): then the good rows are imported and every row left
    out is appended to `issues`, naming file, line, column and value."""
    progress = progress or quiet_progress()
    # reads and checks everything before a row is written
    db = read_ergast(directory, "raise" if issues is None else "collect")
    if issues is not None:
        issues.extend(db.issues)
    rows = _published_rows(db)
    races = sorted(db.races.values(), key=lambda r: (r.year, r.round))
    progress.start(f"Ergast {Path(directory).name}", len(races))
    with store.engine.begin() as connection:
        store_season.save_series(connection, SERIES)
        for known in db.circuits.values():
            store_season.save_circuit(connection, _circuit(known))
        for year in db.seasons():
            name = f"{year} Formula One World Championship"
            store_season.save_season(connection, Season(season_key(year), SERIES.key, year, name))
        for race in races:
            circuit = db.circuits.get(race.circuit_id) if race.circuit_id else None
            _save_race(connection, race, rows.get((race.race_id, False), []), circuit)
            sprint = rows.get((race.race_id, True))
            if sprint or race.sprint_date:
                _save_sprint(connection, race, sprint or [])
            progress.advance()
    return [season_key(year) for year in db.seasons()]


PublishedKey = tuple[int, bool]  # (raceId, sprint)


def _published_rows(db: ErgastDatabase) -> dict[PublishedKey, list[Row]]:
    """Each race's (and sprint's) results as published, in finishing order (positionOrder)."""
    by_race: dict[PublishedKey, list[Row]] = {}
    for year in db.seasons():
        results = db.season_rows(year)
        scored = season_results(db, year)  # one per result, same order: gives the fastest laps
        for result, points_view in zip(results, scored, strict=True):
            driver = db.drivers[result.driver_id]
            team = db.constructors.get(result.constructor_id or 0)
            row: Row = {
                "driver": driver.name,
                "ref": driver.ref,
                "number": result.number,
                "class": CAR_CLASS,
                "drivers": [driver.name],
                "grid": result.grid,
                "position": result.position,
                "position_text": result.position_text,
                "position_order": result.position_order,
                "laps": result.laps,
                "status": result.result_status.value,
                "reason": db.status.get(result.status_id, str(result.status_id)),
                "total_time": result.milliseconds,
                "best_lap": result.fastest_lap_time,
                "fastest_lap": points_view.fastest_lap,
                "team": team.name if team else None,
                "team_ref": team.ref if team else None,
            }
            if result.sprint:
                row["sprint"] = True
            by_race.setdefault((result.race_id, result.sprint), []).append(row)
    for rows in by_race.values():
        rows.sort(key=lambda row: int(row["position_order"]))
    return by_race


def _circuit(circuit: ErgastCircuit) -> Circuit:
    return Circuit(
        circuit.ref, circuit.name, TIME_ZONE, country=circuit.country, place=circuit.location
    )


def _save_race(
    connection: sa.Connection,
    race: ErgastRace,
    rows: Sequence[Row],
    circuit: ErgastCircuit | None,
) -> None:
    event_key, session_key = race_keys(race)
    day = _date(race.date)
    where = circuit.ref if circuit else None
    event = Event(event_key, season_key(race.year), race.round, race.name, where, day, day)
    store_season.save_event(connection, event)
    session = Session(SessionKind.RACE, entries=_entries(rows), name=race.name)
    info = SessionInfo(session_key, SessionKind.RACE, name=race.name, event=event_key)
    store_sessions.save_session(connection, info, session)
    if rows:  # a race not yet run (a season still running) has no result
        store_published.save_result(connection, session_key, SOURCE, rows)


def _save_sprint(connection: sa.Connection, race: ErgastRace, rows: Sequence[Row]) -> None:
    """A sprint: a race session of its own, `f1-YYYY-rNN-sprint`, its rows marked `sprint` (a
    sprint weekend not yet run, `sprint_date` in races.csv: the session without a result)."""
    event_key, _ = race_keys(race)
    name = f"{race.name} sprint"
    session = Session(SessionKind.RACE, entries=_entries(rows), name=name)
    info = SessionInfo(f"{event_key}-sprint", SessionKind.RACE, name=name, event=event_key)
    store_sessions.save_session(connection, info, session)
    if rows:
        store_published.save_result(connection, info.key, SOURCE, rows)


def _entries(rows: Sequence[Row]) -> dict[str, Entry]:
    """One entry per car number; a car shared by several drivers lists them all."""
    crews: dict[str, list[str]] = {}
    teams: dict[str, str] = {}
    for row in rows:
        number = row["number"] if row["number"] is not None else f"?{row['ref']}"
        teams.setdefault(str(number), str(row.get("team") or ""))
        crew = crews.setdefault(str(number), [])
        if row["driver"] not in crew:
            crew.append(row["driver"])
    return {
        number: Entry(
            number, CAR_CLASS, team=teams.get(number, ""), drivers=tuple(Driver(n) for n in crew)
        )
        for number, crew in crews.items()
    }


def _date(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def load_ergast_results(store: Store, season: str) -> tuple[list[ScoredResult], dict[str, str]]:
    """The season's imported results as the points rules see them (drivers by driverRef, as the
    championship rulesets name them; teams by constructorRef), and each driverRef's name as in
    drivers.csv and each constructorRef's as in constructors.csv."""
    year = store.load_season(season).year
    results: list[ScoredResult] = []
    names: dict[str, str] = {}
    for round_, rows in load_season_published(store, season):
        cars = Counter(int(row["position_order"]) for row in rows)
        for row in rows:
            names[str(row["ref"])] = str(row["driver"])
            if row.get("team_ref"):
                names[str(row["team_ref"])] = str(row["team"])
            results.append(_scored(year, round_, row, cars[int(row["position_order"])]))
    return results, names


def _scored(year: int, round_: int, row: Row, shared: int) -> ScoredResult:
    position = row["position"]
    return ScoredResult(
        season=year,
        round=round_,
        driver=str(row["ref"]),
        position=None if position is None else int(position),
        classified=position is not None,
        shared=shared,
        fastest_lap=bool(row["fastest_lap"]),
        pole=row["grid"] == 1 and not row.get("sprint"),
        sprint=bool(row.get("sprint")),
        car=str(row["number"] or ""),
        team=str(row.get("team_ref") or ""),
    )
