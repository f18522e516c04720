"""Decoder passings -> laps: the rules a timekeeper applies to raw loop reads.

One `LapBuilder` takes the inputs of a session one at a time (the live fold uses it as is) and
`laps_from_passings` runs the same builder over a whole list (the batch path), so live and batch
cannot disagree on a lap.

- **Transponders** map to cars (`TransponderAssigned`; a car may carry two); a passing that names
  a car (hand entry) needs no transponder. An unknown transponder is reported, never guessed.
- **Duplicate reads**: the same decoder passing number again, or a read at the same loop within
  `duplicate_window` of the last one for the car (its second transponder) — reported, dropped.
- **Minimum lap time**: a crossing of the line sooner than `minimum_lap` after the last one is
  reported (`too_short`) and dropped.
- **Out of order**: a read older than one already applied for the car is reported and dropped.
- **Missed loop**: a car read at sector 1 twice without a crossing of the line in between missed
  the line; the crossing is estimated from its previous sector-1 split, the lap counts as
  distance and its time does not count (`valid=False`).
- **Pit lane**: a lap during which the car passed the pit-in loop is an in-lap (`in_pit`); the
  time from pit-in to pit-out is carried by the following lap, the out-lap (docs/time-bases.md).
- **Chequered flag**: each car's first crossing at or after the flag ends its race; later reads
  are reported (`after_finish`).
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from pitboard.model import CarNumber, Entry, Flag, Lap, Millis
from pitboard.model.passing import (
    DriverChange,
    FlagChange,
    LiveInput,
    Loop,
    Micros,
    Passing,
    PassingIssue,
    PassingIssueKind,
    SessionStart,
    TransponderAssigned,
)

Issue = PassingIssueKind


@dataclass(frozen=True, slots=True)
class PassingRules:
    minimum_lap: Millis = 30_000
    duplicate_window: Micros = 2_000_000


@dataclass(slots=True)
class CarTiming:
    """What the builder knows about one car between two inputs."""

    driver: str = ""
    laps: list[Lap] = field(default_factory=list)
    last_crossing: Micros | None = None  # the line (or the start)
    last_read: Micros | None = None  # any loop
    last_by_loop: dict[Loop, Micros] = field(default_factory=dict)
    sector_marks: dict[Loop, Micros] = field(default_factory=dict)  # since the last crossing
    entered_pit: bool = False  # passed pit-in during the current lap
    pit_in_at: Micros | None = None  # in the lane since
    stop_time: Millis | None = None  # pit-in -> pit-out of the last stop, for the out-lap
    pit_out_at: Micros | None = None
    finished: bool = False

    @property
    def in_lane(self) -> bool:
        return self.pit_in_at is not None


@dataclass(frozen=True, slots=True)
class PassingResult:
    laps: list[Lap]
    issues: list[PassingIssue]


class LapBuilder:
    """Passings in (one at a time), laps out. Pure: no clock, no I/O."""

    def __init__(self, entries: Sequence[Entry], rules: PassingRules | None = None) -> None:
        self.rules = rules or PassingRules()
        self.entries = {entry.number: entry for entry in entries}
        self.transponders: dict[str, CarNumber] = {}
        self.cars = {e.number: CarTiming(driver=_first_driver(e)) for e in entries}
        self.laps: list[Lap] = []
        self.start: Micros | None = None
        self.flags: list[tuple[Micros, Flag]] = []  # race control's flags, by decoder time
        self.chequered: Micros | None = None
        self._seen_numbers: set[tuple[str, int]] = set()
        self._driver_names = {number: entry.driver_names for number, entry in self.entries.items()}
        self._minimum_lap: Micros = self.rules.minimum_lap * 1000

    # -- inputs other than passings --------------------------------------------------------

    def start_session(self, start: SessionStart) -> None:
        if self.start is not None:
            return  # the session starts once (a start sent twice changes nothing)
        self.start = start.timestamp
        for car in self.cars.values():
            car.last_crossing = start.timestamp

    def assign(self, assignment: TransponderAssigned) -> None:
        self.transponders[assignment.transponder] = assignment.car

    def change_driver(self, change: DriverChange) -> None:
        if change.car in self.cars:
            self.cars[change.car].driver = change.driver

    @property
    def flag(self) -> Flag:
        return self.flags[-1][1] if self.flags else Flag.GREEN

    def flag_at(self, timestamp: Micros) -> Flag:
        """The flag in force at `timestamp` (a change at that very µs included)."""
        flags = self.flags
        if not flags:
            return Flag.GREEN
        if timestamp >= flags[-1][0]:  # the usual case: a lap ends after the latest change
            return flags[-1][1]
        index = bisect.bisect_right(self.flags, timestamp, key=lambda change: change[0])
        return self.flags[index - 1][1] if index else Flag.GREEN

    def change_flag(self, change: FlagChange) -> None:
        bisect.insort(self.flags, (change.timestamp, change.flag), key=lambda c: c[0])
        if change.flag is Flag.CHEQUERED and self.chequered is None:
            self.chequered = change.timestamp
            for car in self.cars.values():
                crossed = car.laps and car.last_crossing is not None
                if (
                    crossed
                    and car.last_crossing is not None
                    and car.last_crossing >= self.chequered
                ):
                    car.finished = True

    # -- passings ----------------------------------------------------------------------------

    def car_of(self, passing: Passing) -> CarNumber | None:
        car = passing.car
        if car is None:
            if passing.transponder is None:
                return None
            car = self.transponders.get(passing.transponder)
        return car if car in self.cars else None  # a journal from before `LiveSession.check`

    def add_passing(self, passing: Passing) -> Lap | PassingIssue | None:
        """Apply one read: a completed lap, an issue to report, or None (a loop mark)."""
        number = self.car_of(passing)
        if number is None:
            return PassingIssue(Issue.UNKNOWN_TRANSPONDER, passing, "no car carries it")
        car = self.cars[number]
        seen = None if passing.number is None else (passing.decoder, passing.number)
        problem = Issue.DUPLICATE if seen in self._seen_numbers else self._refused(passing, car)
        if problem is not None:
            return PassingIssue(problem, passing)
        if seen is not None:
            self._seen_numbers.add(seen)
        return self._apply(number, car, passing)

    def _refused(self, passing: Passing, car: CarTiming) -> Issue | None:
        """Why the read is dropped, if it is (its decoder passing number seen before is
        `add_passing`'s check)."""
        timestamp = passing.timestamp
        if self.start is None or timestamp < self.start:
            return Issue.BEFORE_START
        last_here = car.last_by_loop.get(passing.loop)
        if last_here is not None and abs(timestamp - last_here) < self.rules.duplicate_window:
            return Issue.DUPLICATE
        if car.finished:
            return Issue.AFTER_FINISH
        if car.last_read is not None and timestamp < car.last_read:
            return Issue.OUT_OF_ORDER
        crossing = car.last_crossing
        too_soon = crossing is not None and timestamp - crossing < self._minimum_lap
        if passing.loop is Loop.FINISH and car.laps and too_soon:
            return Issue.TOO_SHORT
        return None

    def _apply(
        self, number: CarNumber, car: CarTiming, passing: Passing
    ) -> Lap | PassingIssue | None:
        car.last_read = passing.timestamp
        car.last_by_loop[passing.loop] = passing.timestamp
        if passing.loop is Loop.FINISH:
            return self._cross(number, car, passing.timestamp)
        if passing.loop is Loop.PIT_IN:
            car.entered_pit, car.pit_in_at = True, passing.timestamp
        elif passing.loop is Loop.PIT_OUT:
            self._leave_pit(car, passing.timestamp)
        elif passing.loop is Loop.SECTOR_1 and Loop.SECTOR_1 in car.sector_marks:
            return self._missed_line(number, car, passing)
        else:
            car.sector_marks[passing.loop] = passing.timestamp
        return None

    def _leave_pit(self, car: CarTiming, timestamp: Micros) -> None:
        if car.pit_in_at is not None:
            car.stop_time = self._elapsed(timestamp) - self._elapsed(car.pit_in_at)
        car.pit_in_at, car.pit_out_at = None, timestamp

    def _missed_line(self, number: CarNumber, car: CarTiming, passing: Passing) -> PassingIssue:
        """Sector 1 again without the line: the car crossed it one sector-1 split ago (its
        split on the lap it missed the line on)."""
        split = car.sector_marks[Loop.SECTOR_1] - (car.last_crossing or 0)
        newest = max(car.sector_marks.values())  # no crossing can be before a read of the lap
        estimated = max(passing.timestamp - split, newest + 1)
        self._cross(number, car, estimated, estimated_time=True)
        car.sector_marks[Loop.SECTOR_1] = passing.timestamp
        return PassingIssue(Issue.MISSED_LOOP, passing, "crossing of the line estimated")

    def _cross(
        self, number: CarNumber, car: CarTiming, timestamp: Micros, estimated_time: bool = False
    ) -> Lap:
        start = self.start
        assert start is not None and car.last_crossing is not None
        elapsed = (timestamp - start) // 1000  # `_elapsed`
        out_lap = bool(car.laps) and car.laps[-1].in_pit
        lap = Lap(
            car=number,
            number=len(car.laps) + 1,
            time=elapsed - (car.last_crossing - start) // 1000,
            elapsed=elapsed,
            sectors=self._sectors(car, timestamp) if car.sector_marks else (),
            in_pit=car.entered_pit,
            pit_time=car.stop_time if out_lap else None,
            driver=car.driver,
            driver_number=self._driver_number(number, car.driver),
            flag=self.flag_at(timestamp),
            valid=not estimated_time,
        )
        if out_lap:
            car.stop_time = None
        car.laps.append(lap)
        self.laps.append(lap)
        car.last_crossing, car.entered_pit, car.sector_marks = timestamp, False, {}
        car.finished = self.chequered is not None and timestamp >= self.chequered
        return lap

    def _elapsed(self, timestamp: Micros) -> Millis:
        assert self.start is not None
        return (timestamp - self.start) // 1000

    def _sectors(self, car: CarTiming, timestamp: Micros) -> tuple[Millis | None, ...]:
        s1, s2 = car.sector_marks.get(Loop.SECTOR_1), car.sector_marks.get(Loop.SECTOR_2)
        if s1 is None or s2 is None or car.last_crossing is None:
            return ()
        assert self.start is not None
        start = self.start  # each mark on the race clock (`_elapsed`), then the differences
        line, one, two = (
            (car.last_crossing - start) // 1000,
            (s1 - start) // 1000,
            (s2 - start) // 1000,
        )
        return (one - line, two - one, (timestamp - start) // 1000 - two)

    def _driver_number(self, number: CarNumber, driver: str) -> int | None:
        names = self._driver_names[number]
        return names.index(driver) + 1 if driver in names else None

    def restore(self, laps: Sequence[Lap]) -> None:
        """Laps timed elsewhere (a finished session's stored laps, their clock 0 at the start):
        each car's laps, driver and last pit exit; the chequered flag out and every car in."""
        self.start = 0
        for lap in laps:
            car = self.cars.setdefault(lap.car, CarTiming())
            if car.laps and car.laps[-1].in_pit:
                car.pit_out_at = ((car.laps[-1].elapsed or 0) + (lap.pit_time or 0)) * 1000
            car.laps.append(lap)
            car.driver = lap.driver or car.driver
            car.finished = True
        self.laps.extend(laps)
        end = max((lap.elapsed or 0 for lap in laps), default=0) * 1000
        self.change_flag(FlagChange(Flag.CHEQUERED, end))

    def apply(self, item: LiveInput) -> Lap | PassingIssue | None:
        """Any input: passings make laps; the others change what later laps carry."""
        if isinstance(item, Passing):
            return self.add_passing(item)
        if isinstance(item, SessionStart):
            self.start_session(item)
        elif isinstance(item, TransponderAssigned):
            self.assign(item)
        elif isinstance(item, DriverChange):
            self.change_driver(item)
        elif isinstance(item, FlagChange):
            self.change_flag(item)
        return None


def _first_driver(entry: Entry) -> str:
    return entry.drivers[0].name if entry.drivers else ""


def laps_from_passings(
    inputs: Iterable[LiveInput], entries: Sequence[Entry], rules: PassingRules | None = None
) -> PassingResult:
    """The batch path: every input in the order received, through the same `LapBuilder`."""
    builder = LapBuilder(entries, rules)
    issues: list[PassingIssue] = []
    for item in inputs:
        outcome = builder.apply(item)
        if isinstance(outcome, PassingIssue):
            issues.append(outcome)
    return PassingResult(laps=list(builder.laps), issues=issues)
