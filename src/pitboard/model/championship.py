"""Championship value types: scored results, points systems, rules and standings rows."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from decimal import Decimal

ZERO = Decimal(0)


class SharedDrive(enum.Enum):
    """What a result earned by several drivers in one car is worth to each of them."""

    SPLIT = "split"  # the position's points shared equally (F1 1950–1957)
    NONE = "none"  # nobody scores (F1 1958 onwards)
    FULL = "full"  # every driver of the car scores in full (endurance crews)


@dataclass(frozen=True, slots=True)
class ScoredResult:
    """One driver's result in one race (or sprint) of a season, as the points rules see it."""

    season: int
    round: int
    driver: str
    position: int | None  # classified finishing position; None when not classified
    classified: bool = True
    shared: int = 1  # how many drivers shared the car for this result
    fastest_lap: bool = False
    pole: bool = False
    sprint: bool = False
    car: str = ""
    car_class: str = ""  # points and positions are per class ("" for a one-class series)
    eligible: bool = True  # entered for the championship; else scores nothing (see pass_down)
    drove_enough: bool = True  # met the minimum drive time; else scores nothing, nobody moves up
    team: str = ""  # the constructor (F1) the result counts for in the teams' championship


@dataclass(frozen=True, slots=True)
class PointsSystem:
    """Points for one kind of session (a race or a sprint)."""

    positions: tuple[Decimal, ...]  # points for P1, P2, ...
    fastest_lap: Decimal = ZERO
    fastest_lap_top: int | None = None  # only when classified in the top N (None: anyone)
    fastest_lap_classified: bool = False  # only when classified at all
    pole: Decimal = ZERO
    shared_drives: SharedDrive = SharedDrive.SPLIT

    def for_position(self, position: int | None) -> Decimal:
        if position is None or position < 1 or position > len(self.positions):
            return ZERO
        return self.positions[position - 1]


@dataclass(frozen=True, slots=True)
class CountingPart:
    """Best `best` results from rounds `first`..`last` count (`last` None: to the season's end)."""

    first: int
    last: int | None
    best: int

    def covers(self, round_: int) -> bool:
        return round_ >= self.first and (self.last is None or round_ <= self.last)


@dataclass(frozen=True, slots=True)
class RaceOverride:
    """A race scored differently: a factor (half points, double points) or its own table."""

    round: int
    factor: Decimal = Decimal(1)
    positions: tuple[Decimal, ...] | None = None
    fastest_lap: bool = True  # is the fastest-lap point awarded in this race?
    note: str = ""
    no_points: tuple[str, ...] = ()  # drivers whose result stands but scores nothing
    reallocate: bool = False  # do their points pass down to the next eligible finishers?


@dataclass(frozen=True, slots=True)
class ShortRace:
    """Reduced points for a race that covered less than `below` of its scheduled distance."""

    below: Decimal
    factor: Decimal = Decimal(1)
    positions: tuple[Decimal, ...] | None = None
    fastest_lap: bool = True

    def as_override(self, round_: int) -> RaceOverride:
        note = f"short race: less than {self.below:%} of the distance"
        return RaceOverride(round_, self.factor, self.positions, self.fastest_lap, note)


@dataclass(frozen=True, slots=True)
class ChampionshipRules:
    """The drivers' championship rules of one season."""

    name: str
    season: int
    race: PointsSystem
    sprint: PointsSystem | None = None
    counting: tuple[CountingPart, ...] = ()  # empty: every result counts
    overrides: tuple[RaceOverride, ...] = ()
    short_races: tuple[ShortRace, ...] = ()  # scales by distance covered, smallest `below` first
    excluded: tuple[str, ...] = ()  # excluded from the standings: results stand, ranked last
    source: str = ""
    pass_down: bool = False  # a car not eligible for points leaves its place to those behind
    min_drive_time: int | None = None  # ms a driver must drive in a race to score (None: any)
    # Best-N counting: each car a driver scored with in a round is a result of its own (F1
    # 1950s shared drives), instead of the round's points together.
    count_each_car: bool = False
    # Teams' championship: only a team's best-placed car of a race scores (F1 constructors
    # 1958–1978); else every car does.
    best_car_only: bool = False
    skip_rounds: tuple[int, ...] = ()  # rounds that are not part of this championship

    def override(self, round_: int, distance: Decimal | None = None) -> RaceOverride | None:
        """How this round is scored if not by the normal table: named first, else by distance."""
        named = next((o for o in self.overrides if o.round == round_), None)
        if named is not None or distance is None:
            return named
        scale = next((s for s in self.short_races if distance < s.below), None)
        return None if scale is None else scale.as_override(round_)


@dataclass(frozen=True, slots=True)
class RoundScore:
    """What one driver scored in one round, and whether it counts towards the total."""

    round: int
    points: Decimal
    counted: bool = True


@dataclass(frozen=True, slots=True)
class Standing:
    """One row of the drivers' standings."""

    position: int
    driver: str
    points: Decimal  # counted points: the championship total
    wins: int
    finishes: tuple[int, ...] = ()  # count-back: number of 1sts, 2nds, 3rds, ...
    rounds: tuple[RoundScore, ...] = field(default=())
    tied: bool = False  # genuinely tied with another row (equal position)
    excluded: bool = False  # excluded from the championship: points stand, ranked last

    @property
    def gross(self) -> Decimal:
        """Every point scored, dropped results included."""
        return sum((r.points for r in self.rounds), ZERO)

    @property
    def dropped(self) -> tuple[RoundScore, ...]:
        return tuple(r for r in self.rounds if not r.counted)

    def round_points(self, round_: int) -> Decimal:
        """Points scored in one round (zero when the driver did not score or take part)."""
        return sum((r.points for r in self.rounds if r.round == round_), ZERO)


@dataclass(frozen=True, slots=True)
class ClassStandings:
    """The drivers' and the teams' standings of one class."""

    car_class: str
    drivers: tuple[Standing, ...]
    teams: tuple[Standing, ...]
