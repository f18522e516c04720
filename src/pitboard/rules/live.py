"""A live session: a fold over its inputs, classified by the same rules as a batch session.

`LiveSession.apply` takes one input at a time (passing, flag, session start/stop, driver change,
transponder assignment, penalty); `classification()` equals `rules.classify` over the laps built
so far, so the live result equals the batch one on the same input — a test holds it to that.
In a race it is incremental: each car's row (`race_row`: laps, best lap, stops, stints) is kept
and extended by each lap it completes (`extend_race_row`; made again after a penalty), and the
ranking (`rank_race`, which reads each car's last lap) runs again only after a lap or a penalty,
so an update costs the same at hour 24 as at hour 1 (bench/live_24h.py).
`tower()` adds what only a live screen needs: track state, pit lane, stint clock, markers.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from pitboard.model import (
    CarNumber,
    Classification,
    ClassificationRules,
    ClassificationStatus,
    ClassifiedCar,
    Entry,
    FormatError,
    Gap,
    Lap,
    Millis,
    Penalty,
    Session,
    SessionKind,
)
from pitboard.model.passing import (
    DriverChange,
    LapMarker,
    LiveInput,
    Micros,
    Passing,
    PassingIssue,
    PenaltyGiven,
    SessionStart,
    SessionStop,
    Tower,
    TowerRow,
    TrackState,
    TransponderAssigned,
)
from pitboard.rules.classify import classify
from pitboard.rules.gaps import race_gap
from pitboard.rules.passings import CarTiming, LapBuilder, PassingRules
from pitboard.rules.penalties import penalties_by_car
from pitboard.rules.qualifying import counting_laps
from pitboard.rules.race import extend_race_row, race_row, rank_race
from pitboard.rules.sectors import SectorBests

Outcome = Lap | PassingIssue
MAX_ISSUES = 10_000
LATEST_STEP: Micros = 24 * 3600 * 1_000_000  # a time further past the latest one is implausible


class LiveSession:
    """The state of one session after the inputs applied so far."""

    def __init__(
        self,
        entries: Sequence[Entry],
        kind: SessionKind = SessionKind.RACE,
        rules: ClassificationRules | None = None,
        passing_rules: PassingRules | None = None,
        name: str = "",
    ) -> None:
        self.entries = list(entries)
        self.kind = kind
        self.rules = rules or ClassificationRules()
        self.name = name
        self.builder = LapBuilder(self.entries, passing_rules)
        self.penalties: list[Penalty] = []
        self.start: SessionStart | None = None
        self.stopped = False
        self.now: Micros = 0  # the latest decoder time seen
        self.inputs = 0
        self.issues: list[PassingIssue] = []  # the latest (at most 2 * MAX_ISSUES kept)
        self.issue_count = 0  # all of them
        # the entries as `Session` keeps them (the last of a number)
        self._entered = list({e.number: e for e in self.entries}.values())
        self._classes = list(dict.fromkeys(entry.car_class for entry in self._entered))
        self._rows: dict[CarNumber, tuple[int, ClassifiedCar]] = {}  # car -> (laps, ranked row)
        # (laps, penalties, stopped) -> the ranking they made
        self._ranking: tuple[tuple[int, int, bool], Ranked] | None = None
        # kept lap by lap, as the rows are
        self.sector_bests = SectorBests(race=kind is SessionKind.RACE)
        self._class_of = {entry.number: entry.car_class for entry in self._entered}
        self._class_gaps: dict[CarNumber, KeptGaps] = {}  # (`class_gaps`)
        # each car's row in the last tower (`_row`): its ranked row, what else its values are
        # made of, the row
        self._tower_rows: dict[CarNumber, tuple[ClassifiedCar, tuple[object, ...], TowerRow]] = {}

    def fresh(self) -> LiveSession:
        """The same session before any input: its entries, kind, rules and name."""
        return LiveSession(self.entries, self.kind, self.rules, self.builder.rules, self.name)

    def check(self, item: LiveInput, where: str = "input", latest: Micros | None = None) -> None:
        """Refuse (FormatError naming the field and value) an input this session cannot apply:
        a car not entered, or a time more than `LATEST_STEP` after the latest one seen (`latest`
        when inputs before it are not applied yet)."""
        car = _car_of(item)
        if car is not None and car not in self.builder.cars:
            raise FormatError("no such car in the entry list:", path=f"{where}.car", value=car)
        timestamp = getattr(item, "timestamp", None)
        latest = self.now if latest is None else latest
        if timestamp is not None and latest and timestamp > latest + LATEST_STEP:
            raise FormatError(
                f"more than {LATEST_STEP // 3_600_000_000} h after the latest time {latest}:",
                path=f"{where}.timestamp_us",
                value=str(timestamp),
            )

    def admit(
        self, items: Sequence[tuple[str, LiveInput]]
    ) -> tuple[list[LiveInput], list[FormatError]]:
        """`check` each `(where, input)` as if the ones admitted before it were applied."""
        good: list[LiveInput] = []
        refused: list[FormatError] = []
        latest = self.now
        cars = self.builder.cars
        for where, item in items:
            if type(item) is Passing:  # the bulk of a feed: `check` inline
                timestamp = item.timestamp
                if (item.car is None or item.car in cars) and not (
                    latest and timestamp > latest + LATEST_STEP
                ):
                    good.append(item)
                    if timestamp > latest:
                        latest = timestamp
                    continue
            try:
                self.check(item, where, latest)
            except FormatError as error:
                refused.append(error)
                continue
            good.append(item)
            latest = max(latest, getattr(item, "timestamp", None) or 0)
        return good, refused

    def apply(self, item: LiveInput) -> list[Outcome]:
        """Apply one input; returns the laps it completed and the issues it raised."""
        self.inputs += 1
        built = self.builder.laps
        laps_before = len(built)
        if type(item) is Passing:  # the bulk of a feed: no other kind to look for
            outcome = self.builder.add_passing(item)
            if item.timestamp > self.now:
                self.now = item.timestamp
            if outcome is None:
                return []
        else:
            outcome = self._apply_other(item)
        outcomes: list[Outcome] = []
        if len(built) > laps_before:
            laps = built[laps_before:]
            self._add_sectors(laps)
            outcomes += laps
        if isinstance(outcome, PassingIssue):
            self.issues.append(outcome)
            self.issue_count += 1
            if len(self.issues) > 2 * MAX_ISSUES:  # a feed of refused reads: memory stays flat
                del self.issues[:-MAX_ISSUES]
            outcomes.append(outcome)
        return outcomes

    def _apply_other(self, item: LiveInput) -> Lap | PassingIssue | None:
        outcome = self.builder.apply(item)
        if isinstance(item, SessionStart):
            self.start = item
        elif isinstance(item, SessionStop):
            self.stopped = True
        elif isinstance(item, PenaltyGiven):
            self.penalties.append(item.penalty)
            self._rows.pop(item.penalty.car, None)
        timestamp = getattr(item, "timestamp", None)
        if timestamp is not None and timestamp > self.now:
            self.now = timestamp
        return outcome

    @classmethod
    def finished(
        cls,
        session: Session,
        rules: ClassificationRules | None = None,
        penalties: Sequence[Penalty] = (),
    ) -> LiveSession:
        """A session timed elsewhere (imported, or the demo's) as its tower ends: its laps and
        penalties, the chequered flag, the clock at the last crossing."""
        live = cls(list(session.entries.values()), session.kind, rules, name=session.name)
        live.builder.restore(session.laps)
        # the sector bests of the lap times that count, as the lap analysis finds them
        live._add_sectors(
            [lap for laps in counting_laps(session.laps_by_car()).values() for lap in laps]
        )
        live.penalties = list(penalties)
        live._rows.clear()
        live._ranking = None
        live.start, live.stopped = SessionStart(0), True
        live.now = live.builder.chequered or 0
        return live

    def _add_sectors(self, laps: Sequence[Lap]) -> None:
        for lap in laps:
            self.sector_bests.add(lap, self._class_of.get(lap.car, ""))

    def session(self) -> Session:
        entries = {e.number: e for e in self.entries}
        laps = list(self.builder.laps)
        return Session(self.kind, entries, laps, self.name, running=not self.stopped)

    def classification(self) -> Classification:
        """`classify(self.session(), self.rules, self.penalties)`; a race's from the rows kept."""
        if self.kind is not SessionKind.RACE:
            return classify(self.session(), self.rules, self.penalties)
        result = self._ranked().result
        rows = [row.copy() for row in result.rows]  # the caller's to change
        return Classification(result.kind, rows, list(result.classes), result.lap_count)

    def _ranked(self) -> Ranked:
        """The race's classification, ranked again only after a lap, a penalty or the stop (the
        rest of the inputs, most of them, cannot change it); shared by the towers, never changed."""
        key = len(self.builder.laps), len(self.penalties), self.stopped
        if self._ranking is None or self._ranking[0] != key:
            self._ranking = key, self._standing(self._rank())
        return self._ranking[1]

    def _standing(self, result: Classification) -> Ranked:
        race = self.kind is SessionKind.RACE
        gaps = class_gaps(result.rows, self._class_gaps) if race else {}
        return Ranked(result, gaps, _fastest(result.rows))

    def _rank(self) -> Classification:
        by_car = penalties_by_car(self.penalties)
        laps = {number: timing.laps for number, timing in self.builder.cars.items()}
        rows = [self._race_row(entry, laps, by_car) for entry in self._entered]
        ranked = rank_race(rows, laps, self.rules, by_car, running=not self.stopped)
        for row in ranked:  # kept ranked: a row whose ranking is the same is not copied again
            count, before = self._rows[row.entry.number]
            if before is not row:
                self._rows[row.entry.number] = count, row
        return Classification(
            kind=self.kind,
            rows=ranked,
            classes=list(self._classes),
            lap_count=len(self.builder.laps),
        )

    def _race_row(
        self, entry: Entry, laps: dict[CarNumber, list[Lap]], by_car: dict[CarNumber, list[Penalty]]
    ) -> ClassifiedCar:
        """The car's `race_row` as last ranked, extended (or made again) only when it has laps
        or penalties it lacks."""
        car_laps, penalties = laps.get(entry.number, []), by_car.get(entry.number, [])
        kept = self._rows.get(entry.number)
        if kept is None:
            kept = len(car_laps), race_row(entry, car_laps, penalties)
        elif kept[0] != len(car_laps):
            kept = len(car_laps), extend_race_row(kept[1], car_laps, kept[0], penalties)
        self._rows[entry.number] = kept
        return kept[1]

    @property
    def elapsed(self) -> Millis:
        if self.start is None:
            return 0
        return max(0, (self.now - self.start.timestamp) // 1000)

    def tower(self) -> Tower:
        race = self.kind is SessionKind.RACE
        return self._tower(self._ranked() if race else self._standing(self.classification()))

    def tower_of(self, result: Classification) -> Tower:
        """The tower over `result`, this session's classification now."""
        return self._tower(self._standing(result))

    def _tower(self, ranked: Ranked) -> Tower:
        result, gaps, fastest = ranked
        rows = tuple(self._row(car, fastest, gaps.get(car.number)) for car in result.rows)
        return Tower(
            flag=self.builder.flag,
            elapsed=self.elapsed,
            remaining_time=self._remaining_time(),
            remaining_laps=self._remaining_laps(result),
            finished=self.stopped,
            classes=tuple(result.classes),
            rows=rows,
        )

    def _remaining_time(self) -> Millis | None:
        if self.start is None or self.start.duration is None:
            return None
        return max(0, self.start.duration - self.elapsed)

    def _remaining_laps(self, result: Classification) -> int | None:
        if self.start is None or self.start.laps is None:
            return None
        leader = result.rows[0].laps if result.rows else 0
        return max(0, self.start.laps - leader)

    def _row(
        self,
        car: ClassifiedCar,
        fastest: Fastest,
        gaps: tuple[Gap | None, Gap | None] | None,
    ) -> TowerRow:
        """The car's row; the previous tower's row itself when every value in it is the same
        (a car that did not cross, pit or move since), so a tower's readers can tell an
        unchanged row by identity (`TowerEncoder`). Told first by what the values are made of
        (the ranked row, which a ranking never changes once made, its class gaps, the car's
        timing, the start, the fastest laps and the sector bests it is marked against): when
        all of those are the same objects or values, no value is worked out again. A ranked
        row not the same (moved, crossed, gaps changed) makes a row of other values."""
        number, timing = car.number, self.builder.cars[car.number]
        entry, laps, start_input = car.entry, timing.laps, self.start
        last = laps[-1] if laps else None
        bests = self.sector_bests
        car_class = entry.car_class
        made_of = (
            gaps,
            last,
            timing.driver,
            timing.pit_in_at,
            timing.pit_out_at,
            timing.finished,
            start_input,
            fastest.overall,
            fastest.by_class.get(car_class),
            bests.by_class.get(car_class),
            bests.session,
        )
        kept = self._tower_rows.get(number)
        if kept is not None and kept[0] is car and kept[1] == made_of:
            return kept[2]
        class_gap, class_interval = gaps if gaps else (None, None)
        start = start_input.timestamp if start_input else None  # the race clock's 0
        stint_start, lane_start = timing.pit_out_at or start, timing.pit_in_at
        last_marker, best_marker = _marker(last, car, fastest), _best_marker(car, fastest)
        state, stops = _state(timing), len(car.pit_stops)
        stint_from = None if stint_start is None or start is None else (stint_start - start) // 1000
        lane_from = None if lane_start is None or start is None else (lane_start - start) // 1000
        stint_laps = car.stints[-1].laps if car.stints else car.laps
        sectors = bests.tower(number, car_class, last)
        row = TowerRow(
            position=car.position,
            class_position=car.class_position,
            number=car.number,
            car_class=entry.car_class,
            team=entry.team,
            driver=timing.driver,
            laps=car.laps,
            gap=car.gap_first,
            interval=car.gap_previous,
            class_gap=class_gap,
            class_interval=class_interval,
            last_lap=last.time if last else None,
            last_lap_marker=last_marker,
            best_lap=car.best_lap,
            best_lap_marker=best_marker,
            state=state,
            pit_stops=stops,
            status=car.status,
            stint_from=stint_from,
            lane_from=lane_from,
            stint_laps=stint_laps,
            vehicle=entry.vehicle,
            sectors=sectors,
        )
        if kept is not None and kept[0] is car and kept[2] == row:
            row = kept[2]  # the same ranked row, and marked the same: the same values
        self._tower_rows[number] = car, made_of, row
        return row


def _car_of(item: LiveInput) -> str | None:
    if isinstance(item, TransponderAssigned | DriverChange):
        return item.car
    if isinstance(item, PenaltyGiven):
        return item.penalty.car
    return getattr(item, "car", None)  # a passing typed in by hand names its car


def _state(timing: CarTiming) -> TrackState:
    if timing.finished:
        return TrackState.FINISHED
    if timing.in_lane:
        return TrackState.IN_PIT
    if timing.laps and timing.laps[-1].in_pit:
        return TrackState.OUT_LAP
    return TrackState.RUNNING if timing.laps else TrackState.WAITING


class Fastest(NamedTuple):
    """The session's fastest lap time, and each class's (classes without one left out)."""

    overall: Millis | None
    by_class: dict[str, Millis]


class Ranked(NamedTuple):
    """A classification with what every tower row reads off it."""

    result: Classification
    gaps: dict[str, tuple[Gap | None, Gap | None]]  # class gap and interval, by car
    fastest: Fastest


def _fastest(rows: Sequence[ClassifiedCar]) -> Fastest:
    by_class: dict[str, Millis] = {}
    for row in rows:
        best, car_class = row.best_lap, row.entry.car_class
        if best is not None and (car_class not in by_class or best < by_class[car_class]):
            by_class[car_class] = best
    return Fastest(min(by_class.values(), default=None), by_class)


def _best_marker(car: ClassifiedCar, fastest: Fastest) -> LapMarker:
    if car.best_lap is None:
        return LapMarker.NONE
    if car.best_lap == fastest.overall:
        return LapMarker.SESSION_BEST
    if car.best_lap == fastest.by_class.get(car.entry.car_class):
        return LapMarker.CLASS_BEST
    return LapMarker.PERSONAL_BEST


def _marker(last: Lap | None, car: ClassifiedCar, fastest: Fastest) -> LapMarker:
    if last is None or last.number != car.best_lap_number:
        return LapMarker.NONE
    return _best_marker(car, fastest)


def class_gaps(
    rows: Sequence[ClassifiedCar], kept: dict[CarNumber, KeptGaps] | None = None
) -> dict[str, ClassGaps]:
    """Each car's gap to its class leader and to the car ahead in its class. `kept`: each car's
    gaps from a ranking before, with the rows they were worked out from (updated here): a car
    whose row, class leader's row and row ahead are the same objects (a ranked row is never
    changed) keeps its gaps without working them out; else it keeps the same gap objects while
    they are the same."""
    kept = {} if kept is None else kept
    leaders: dict[str, ClassifiedCar] = {}
    ahead: dict[str, ClassifiedCar] = {}
    gaps: dict[str, ClassGaps] = {}
    for row in rows:
        number, car_class = row.entry.number, row.entry.car_class
        if row.status is ClassificationStatus.DNS:
            gaps[number] = _NO_GAPS
            continue
        leader = leaders.setdefault(car_class, row)
        previous = ahead.get(car_class)
        if previous is None:
            gaps[number] = _CLASS_LEADER
        else:
            made = kept.get(number)
            if made is not None and made[0] is row and made[1] is leader and made[2] is previous:
                gaps[number] = made[3]
            else:
                before = _NO_GAPS if made is None else made[3]
                laps, time = row.laps, row.total_time
                gap = race_gap(laps, time, leader.laps, leader.total_time, before[0])
                interval = race_gap(laps, time, previous.laps, previous.total_time, before[1])
                if gap is not before[0] or interval is not before[1]:
                    before = gap, interval
                kept[number] = row, leader, previous, before
                gaps[number] = before
        ahead[car_class] = row
    return gaps


ClassGaps = tuple[Gap | None, Gap | None]  # to the class leader, to the car ahead in the class
_CLASS_LEADER: ClassGaps = (Gap.reference(), Gap.reference())
_NO_GAPS: ClassGaps = (None, None)
# (`class_gaps`) a car's class gaps and the rows they came from: its own, its class leader's,
# the one ahead in its class
KeptGaps = tuple[ClassifiedCar, ClassifiedCar, ClassifiedCar, ClassGaps]
