"""What happened to one car over a weekend, read off the classifications and the lap chart.

Everything the report says is one of these facts; the wording (story.py) only chooses words.
"""

from __future__ import annotations

from dataclasses import dataclass

from pitboard.model import (
    CarNumber,
    Classification,
    ClassificationStatus,
    ClassifiedCar,
    Millis,
    PitStop,
    Session,
    SessionKind,
    Stint,
)
from pitboard.reports.lapchart import class_positions, gaps_to_class_leader
from pitboard.reports.weekend_data import Weekend, WeekendSession
from pitboard.rules import classify
from pitboard.rules.results_table import ResultRow, results_table
from pitboard.rules.track_status import TrackPeriod, track_periods

Status = ClassificationStatus


@dataclass(frozen=True, slots=True)
class SessionFacts:
    key: str
    kind: SessionKind
    status: Status
    class_position: int
    position: int
    class_size: int
    best_lap: Millis | None
    class_best: Millis | None  # the class's best lap in the session
    laps: int
    drivers: tuple[str, ...] = ()  # who drove, in stint order
    best_lap_driver: str = ""  # who set the best lap (one driver, not the crew)
    penalty_time: Millis = 0  # added to the race time by the stewards

    @property
    def gap_to_class_best(self) -> Millis | None:
        if self.best_lap is None or self.class_best is None:
            return None
        return self.best_lap - self.class_best


@dataclass(frozen=True, slots=True)
class RaceFacts:
    result: SessionFacts
    start: int | None  # class position on the grid
    chart: tuple[int, ...]  # class position at the end of each lap
    leader_gaps: tuple[Millis, ...]  # behind the class leader at the end of each lap
    stints: tuple[Stint, ...]
    stops: tuple[PitStop, ...]
    window_lap: int | None = None  # the class's first in-lap: the pit window's first stop
    cautions: tuple[TrackPeriod, ...] = ()  # caution periods while the car was running

    @property
    def retired_on(self) -> int | None:
        """The lap the car retired on (the one it did not complete)."""
        return self.result.laps + 1 if self.result.status is Status.DNF else None

    @property
    def at_stop(self) -> int | None:
        """Class position before the stops began (the lap before the class's first in-lap): the
        positions of the first stint, not yet shuffled by the pit cycle."""
        if not self.stops or self.window_lap is None:
            return None
        lap = min(self.window_lap, self.stops[0].lap) - 1
        return self.chart[lap - 1] if 0 < lap <= len(self.chart) else None

    @property
    def places_gained(self) -> int | None:
        """Grid to flag (or to the last completed lap); positive is a gain."""
        if self.start is None or not self.chart:
            return None
        end = self.result.class_position if self.result.status is Status.CLASSIFIED else None
        return self.start - (end if end is not None else self.chart[-1])


@dataclass(frozen=True, slots=True)
class WeekendFacts:
    car: CarNumber
    sessions: tuple[SessionFacts, ...]
    races: dict[str, RaceFacts]
    # session key -> the car's row of the session's result table (`rules.results_table`, the
    # one presentation model of a result): what the report's results list shows
    results: dict[str, ResultRow]


def weekend_facts(weekend: Weekend, car: CarNumber) -> WeekendFacts:
    """The car's sessions (those it is classified in, entered or not) and races."""
    classified = {s.key: _classify(weekend, s) for s in weekend.sessions}
    taken = [s for s in weekend.sessions if any(r.number == car for r in classified[s.key].rows)]
    sessions = tuple(_session_facts(s.key, classified[s.key], car) for s in taken)
    races = {
        s.key: _race_facts(weekend, s, classified, facts, car)
        for s, facts in zip(taken, sessions, strict=True)
        if s.session.kind is SessionKind.RACE
    }
    tables = {s.key: results_table(classified[s.key], weekend.rules) for s in taken}
    results = {key: next(r for r in table.rows if r.number == car) for key, table in tables.items()}
    return WeekendFacts(car, sessions, races, results)


def _classify(weekend: Weekend, session: WeekendSession) -> Classification:
    if session.classification is not None:
        return session.classification
    if session.session.kind is SessionKind.RACE:
        return classify(session.session, weekend.rules)
    return classify(session.session)


def _row(classification: Classification, car: CarNumber) -> ClassifiedCar:
    return next(row for row in classification.rows if row.number == car)


def _session_facts(key: str, classification: Classification, car: CarNumber) -> SessionFacts:
    row = _row(classification, car)
    in_class = classification.by_class(row.entry.car_class)
    bests = [r.best_lap for r in in_class if r.best_lap is not None and r.status is not Status.DSQ]
    return SessionFacts(
        key=key,
        kind=classification.kind,
        status=row.status,
        class_position=row.class_position,
        position=row.position,
        class_size=len(in_class),
        best_lap=row.best_lap,
        class_best=min(bests, default=None),
        laps=row.laps,
        drivers=tuple(dict.fromkeys(stint.driver for stint in row.stints if stint.driver)),
        best_lap_driver=_best_lap_driver(row),
        penalty_time=row.penalty_time,
    )


def _best_lap_driver(row: ClassifiedCar) -> str:
    lap = row.best_lap_number
    if lap is None:
        return ""
    return next((s.driver for s in row.stints if s.first_lap <= lap <= s.last_lap), "")


def _race_facts(
    weekend: Weekend,
    race: WeekendSession,
    classified: dict[str, Classification],
    facts: SessionFacts,
    car: CarNumber,
) -> RaceFacts:
    row = _row(classified[race.key], car)
    grid = classified.get(race.grid_from or "")
    start = None if grid is None else grid_class_position(grid, car)
    if race.grid is not None:
        start = race.grid.get(car)
    return RaceFacts(
        result=facts,
        start=start,
        chart=tuple(class_positions(race.session, car)),
        leader_gaps=tuple(gaps_to_class_leader(race.session, car)),
        stints=tuple(row.stints),
        stops=tuple(row.pit_stops),
        window_lap=_first_class_stop(race, row.entry.car_class),
        cautions=cautions_met(race.session, car),
    )


def cautions_met(session: Session, car: CarNumber) -> tuple[TrackPeriod, ...]:
    """The caution periods (rules.track_status) that began before the car's last crossing of
    the line: those of its race. A car without a lap met none."""
    crossings = [lap.elapsed for lap in session.laps if lap.car == car and lap.elapsed is not None]
    if not crossings:
        return ()
    last = max(crossings)
    return tuple(p for p in track_periods(session.laps) if p.caution and p.start <= last)


def _first_class_stop(race: WeekendSession, car_class: str) -> int | None:
    entries = race.session.entries
    in_laps = [lap.number for lap in race.session.laps
               if lap.in_pit and entries[lap.car].car_class == car_class]  # fmt: skip
    return min(in_laps, default=None)


def grid_class_position(qualifying: Classification, car: CarNumber) -> int | None:
    """The car's class slot on a grid in qualifying order (disqualified cars start last)."""
    rows = [r for r in qualifying.rows if r.status is not Status.DSQ]
    rows += [r for r in qualifying.rows if r.status is Status.DSQ]
    car_class = next((r.entry.car_class for r in rows if r.number == car), None)
    in_class = [r.number for r in rows if r.entry.car_class == car_class]
    return in_class.index(car) + 1 if car in in_class else None
