"""Sector times: best sectors per car, per class and of the session, the ideal lap, and the
purple / green marks of the official time analysis.

Marks are the final state of the session, as a printed analysis shows them: a sector (or lap)
is purple when it equals the best of the field it is compared with (the session, or the car's
class), green when it equals the car's own best, and unmarked otherwise. Which sectors set a
best is decided in one place, `sector_counts`, the timekeeper's rule as Al Kamel's
`S*_IMPROVEMENT` marks show it on 85 real analyses (docs/lap-analysis.md):

- a race's lap 1 S1 never: it is timed from the start, not from the line;
- the last sector of a lap that ended under the red flag never;
- in practice and qualifying, no sector of a lap time the stewards deleted (`Lap.valid` False),
  unless the lap time fails to count only because the lap ended under the red flag or it is an
  out-lap (lap 1, or the lap that carries the time in the pit lane);
- in a race a deleted lap time keeps its sectors;
- a sector the timekeeper did not record (None) sets nothing.

The live tower keeps the same bests lap by lap (`SectorBests.add`: the lap's `sector_counts`,
then one step per best kept, so the cost of a lap does not grow with the race) and marks a car's
last lap and its best sectors against them as the live timing screens of WEC do: purple the
session's best (all classes), green the car's own best; between the two, blue the best of the
car's class, as the tower's lap times are marked (`tower_sectors`). The marks are those of the
laps so far: a purple sector turns green when another car beats it, as a batch analysis of the
same laps would show it.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache

from pitboard.model import CarNumber, Flag, Lap, Millis, Session, SessionKind

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (pitboard.cli.batch)
if TYPE_CHECKING:
    from pitboard.model.passing import LapMarker, TowerSectors

Sectors = tuple[Millis | None, ...]


class Mark(enum.Enum):
    """How a time compares with the bests: the colours of the timing screens."""

    BEST = "purple"  # the best of the field compared with (session or class)
    PERSONAL = "green"  # the car's own best
    NONE = ""

    __hash__ = object.__hash__  # by identity, in C (as `Loop`): the tower looks marks up often


def sector_count(laps: Iterable[Lap]) -> int:
    return max((len(lap.sectors) for lap in laps), default=0)


def sector_counts(lap: Lap, *, race: bool) -> tuple[bool, ...]:
    """Which of the lap's sectors may set a best (the rule in the module docstring)."""
    count = len(lap.sectors)
    if not count:
        return ()
    red = lap.flag is Flag.RED
    if race and not red and lap.number != 1:
        return (True,) * count  # most laps of a race: every sector counts
    out_lap = lap.number == 1 or lap.pit_time is not None
    if not race and not lap.valid and not red and not out_lap:
        return (False,) * count  # deleted by the stewards
    return tuple(
        not (race and lap.number == 1 and index == 0) and not (red and index == count - 1)
        for index in range(count)
    )


def best_sectors(laps: Iterable[Lap], *, race: bool) -> Sectors:
    """The best time of each sector over the sectors that count; None where none has one."""
    best: Sectors = ()
    for lap in laps:
        best = with_lap(best, lap, race=race)
    return best


def with_lap(best: Sectors, lap: Lap, *, race: bool) -> Sectors:
    """`best` (the best sectors of some laps) once `lap` is among them: `best` itself when the
    lap improves nothing (so a caller can tell by identity), else a new tuple."""
    return _improved(best, lap.sectors, sector_counts(lap, race=race))


def _improved(best: Sectors, times: Sectors, counts: tuple[bool, ...]) -> Sectors:
    if len(times) > len(best):
        best = best + (None,) * (len(times) - len(best))
    improved: list[Millis | None] | None = None
    for index, (time, counted) in enumerate(zip(times, counts, strict=True)):
        current = best[index]
        if counted and time is not None and (current is None or time < current):
            improved = improved or list(best)
            improved[index] = time
    return best if improved is None else tuple(improved)


def ideal_lap(bests: Sectors) -> Millis | None:
    """The sum of the best sectors; None unless every sector has a time."""
    if not bests or any(time is None for time in bests):
        return None
    return sum(time for time in bests if time is not None)


def best_sectors_by_car(session: Session) -> dict[CarNumber, Sectors]:
    race = session.kind is SessionKind.RACE
    return {car: best_sectors(laps, race=race) for car, laps in session.laps_by_car().items()}


def best_sectors_by_class(session: Session) -> dict[str, Sectors]:
    by_class: dict[str, list[Lap]] = {name: [] for name in session.classes}
    for lap in session.laps:
        by_class.setdefault(class_of(session, lap.car), []).append(lap)
    race = session.kind is SessionKind.RACE
    return {name: best_sectors(laps, race=race) for name, laps in by_class.items()}


def mark(time: Millis | None, best: Millis | None, personal: Millis | None) -> Mark:
    """Purple if `time` equals the field's best, green if it equals the car's best."""
    if time is None:
        return Mark.NONE
    if time == best:
        return Mark.BEST
    if time == personal:
        return Mark.PERSONAL
    return Mark.NONE


def sector_marks(
    lap: Lap, field_best: Sectors, personal_best: Sectors, *, race: bool
) -> tuple[Mark, ...]:
    """The mark of each of the lap's sectors; a sector that does not count is never marked."""
    return tuple(
        mark(time, _at(field_best, index), _at(personal_best, index)) if counts else Mark.NONE
        for index, (time, counts) in enumerate(
            zip(lap.sectors, sector_counts(lap, race=race), strict=True)
        )
    )


def top_speed(laps: Iterable[Lap]) -> Decimal | None:
    """The highest speed-trap reading among the laps (None: the file has none)."""
    speeds = [lap.top_speed for lap in laps if lap.top_speed is not None]
    return max(speeds, default=None)


def sectors_add_up(lap: Lap, tolerance: Millis = 0) -> bool:
    """Do the lap's sectors add up to its time (within `tolerance` ms)? True when a sector or
    the lap time is missing: there is nothing to compare."""
    if lap.time is None or not lap.sectors or any(time is None for time in lap.sectors):
        return True
    total = sum(time for time in lap.sectors if time is not None)
    return abs(total - lap.time) <= tolerance


def _at(values: Sequence[Millis | None], index: int) -> Millis | None:
    return values[index] if index < len(values) else None


def class_of(session: Session, car: CarNumber) -> str:
    """The car's class ("" for a car not in the entry list)."""
    entry = session.entries.get(car)
    return entry.car_class if entry is not None else ""


@dataclass(slots=True)
class SectorBests:
    """The best sectors of each car, of each class and of the session, and each car's top
    speed, as the laps come: `add` costs the same for the last lap of a race as for the first."""

    race: bool  # the session is a race (`sector_counts`)
    session: Sectors = ()
    by_class: dict[str, Sectors] = field(default_factory=dict)
    by_car: dict[CarNumber, Sectors] = field(default_factory=dict)
    top_speed: dict[CarNumber, Decimal] = field(default_factory=dict)
    _shown: dict[CarNumber, tuple[Lap | None, Sectors, Sectors, TowerSectors]] = field(
        default_factory=dict
    )

    def add(self, lap: Lap, car_class: str) -> None:
        times, counts = lap.sectors, sector_counts(lap, race=self.race)
        self.session = _improved(self.session, times, counts)
        self.by_class[car_class] = _improved(self.by_class.get(car_class, ()), times, counts)
        self.by_car[lap.car] = _improved(self.by_car.get(lap.car, ()), times, counts)
        speed, fastest = lap.top_speed, self.top_speed.get(lap.car)
        if speed is not None and (fastest is None or speed > fastest):
            self.top_speed[lap.car] = speed

    def tower(self, car: CarNumber, car_class: str, last: Lap | None) -> TowerSectors:
        """The sectors of the car's last lap and its best sectors, marked (`tower_sectors`);
        made again only after a lap of its own (its bests change with it) or a new best of its
        class or of the session, and its best sectors' marks only when one of those bests
        changed."""
        in_class, session = self.by_class.get(car_class, ()), self.session
        kept = self._shown.get(car)
        same_bests = kept is not None and kept[1] is in_class and kept[2] is session
        if kept is not None and same_bests and kept[0] is last:
            return kept[3]
        personal = self.by_car.get(car, ())
        shown = tower_sectors(
            last,
            personal,
            in_class,
            session,
            self.top_speed.get(car),
            race=self.race,
            best_markers=(
                kept[3].best_markers
                if kept is not None and same_bests and kept[3].best is personal
                else None
            ),
        )
        self._shown[car] = last, in_class, session, shown
        return shown


def tower_sectors(
    last: Lap | None,
    personal: Sectors,
    car_class: Sectors,
    session: Sectors,
    speed: Decimal | None = None,
    *,
    race: bool,
    best_markers: tuple[LapMarker, ...] | None = None,
) -> TowerSectors:
    """A car's sectors as the tower shows them: its last lap's (a sector that does not count
    unmarked, `sector_counts`) and its best, each marked session best, class best or personal
    best (`best_markers`: those of `personal` against the same bests, when known already).

    The tower's types (`pitboard.model.passing`) load with the first call: `pitboard classify`
    imports this module and never builds a tower."""
    from pitboard.model.passing import TowerSectors

    tower = _tower_markers()
    times: Sectors = last.sectors if last is not None else ()
    marks = _markers(times, personal, car_class, session, tower)
    if last is not None and times:
        counts = sector_counts(last, race=race)
        if not all(counts):
            unmarked = tower[Mark.NONE]
            marks = tuple(m if c else unmarked for m, c in zip(marks, counts, strict=True))
    if best_markers is None:
        best_markers = _markers(personal, personal, car_class, session, tower)
    return TowerSectors(
        last=times,
        last_markers=marks,
        best=personal,
        best_markers=best_markers,
        top_speed=speed,
    )


def _markers(
    times: Sectors,
    personal: Sectors,
    car_class: Sectors,
    session: Sectors,
    tower: dict[Mark | None, LapMarker],
) -> tuple[LapMarker, ...]:
    """Each time's marker: the session's best (`mark` against the session), else its mark
    against its class (`Mark.BEST`: the class's best)."""
    markers: list[LapMarker] = []
    unmarked, session_best = tower[Mark.NONE], tower[None]
    own, in_class, best = len(personal), len(car_class), len(session)
    for i, time in enumerate(times):
        if time is None:
            markers.append(unmarked)
            continue
        mine = personal[i] if i < own else None
        if i < best and mark(time, session[i], mine) is Mark.BEST:
            markers.append(session_best)
        else:
            markers.append(tower[mark(time, car_class[i] if i < in_class else None, mine)])
    return tuple(markers)


@cache
def _tower_markers() -> dict[Mark | None, LapMarker]:
    """The tower's marker for each `Mark` of a time against its class (and under None, a
    session best)."""
    from pitboard.model.passing import LapMarker

    return {
        None: LapMarker.SESSION_BEST,
        Mark.BEST: LapMarker.CLASS_BEST,
        Mark.PERSONAL: LapMarker.PERSONAL_BEST,
        Mark.NONE: LapMarker.NONE,
    }
