"""A synthetic GT4-style race, as it happened (laps) and as the decoders report it (inputs).

48 cars in Silver, Pro-Am and Am, two drivers each; one mandatory stop with a driver change
inside the pit window; a full-course yellow; retirements and a non-starter; optionally a red flag.
Loops: the line, pit-in, pit-out and two sector loops, each read by its own decoder. With `noise`
every car carries two transponders (read within the same millisecond, the second never first;
now and then one read is lost), strangers' transponders are read too, and the decoders' reads
reach us in an order mixed by the network (each decoder keeps its own order). All times are
integer ms on the race clock, turned into decoder microseconds at `start`.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from pitboard.demo import CARS, FIRST, LAST, TEAMS
from pitboard.model import CarNumber, Driver, Entry, Flag, Lap, Millis
from pitboard.model.passing import (
    DriverChange,
    FlagChange,
    LiveInput,
    Loop,
    Micros,
    Passing,
    SessionStart,
    SessionStop,
    TransponderAssigned,
)

LABEL = "SYNTHETIC RACE — invented cars, teams, drivers and results (pitboard simulator)"
CLASS_SHARE = {"Silver": 20, "Pro-Am": 16, "Am": 12}  # of 48
CLASS_PACE_MS = {"Silver": 101_800, "Pro-Am": 102_300, "Am": 103_400}
START_US: Micros = 1_695_556_800_000_000  # 2023-09-24 12:00:00 UTC on the decoders' clock
PIT_LANE_MS = (66_000, 72_000)
PIT_LANE_LOSS = 16_000
PIT_ENTRY_BEFORE_LINE = 8_000  # the pit-in loop is 8 s before the line in the lane
DRIVER_OUT_AFTER_LINE = 10_000
DECODERS = {
    Loop.FINISH: "1001",
    Loop.PIT_IN: "1002",
    Loop.PIT_OUT: "1003",
    Loop.SECTOR_1: "1004",
    Loop.SECTOR_2: "1005",
}


@dataclass(frozen=True, slots=True)
class RaceSettings:
    seed: int = 1
    cars: int = 48
    minutes: int = 60
    red_flag: bool = False
    noise: bool = True

    @property
    def duration(self) -> Millis:
        return self.minutes * 60_000

    def window(self, start: float, end: float) -> tuple[Millis, Millis]:
        """A span of the race given as shares of its length."""
        return int(self.duration * start), int(self.duration * end)


@dataclass(frozen=True, slots=True)
class Plan:
    entry: Entry
    grid: int
    pace: tuple[int, int]
    stop_at: Millis
    retire_at: Millis | None = None
    starts: bool = True


@dataclass(frozen=True, slots=True)
class Read:
    """One event on the race clock: a loop read, or a driver change (loop None)."""

    time: Micros
    car: CarNumber
    loop: Loop | None
    driver: str = ""


@dataclass(slots=True)
class SimulatedRace:
    settings: RaceSettings
    entries: list[Entry]
    transponders: dict[str, CarNumber]
    laps: list[Lap]  # what happened: the truth a timing system should rebuild
    inputs: list[LiveInput] = field(default_factory=list)  # what reaches us, in arrival order
    start: Micros = START_US
    label: str = LABEL


def simulate_race(settings: RaceSettings | None = None) -> SimulatedRace:
    settings = settings or RaceSettings()
    rng = random.Random(settings.seed)
    entries = race_entries(settings.cars, rng)
    plans = _plans(entries, settings, rng)
    driven = [_drive(plan, settings, rng) for plan in plans]
    flag_at = _chequered_flag(driven, settings)
    laps, reads = _to_the_flag(driven, flag_at)
    transponders = _transponders(entries, settings.noise)
    race = SimulatedRace(settings, entries, transponders, laps)
    race.inputs = _inputs(race, reads, flag_at, rng)
    return race


def race_entries(count: int, rng: random.Random) -> list[Entry]:
    """`count` cars in the GT4 class shares, numbers 2..count*2 as strings, two drivers each."""
    numbers = sorted(rng.sample(range(2, max(100, 2 * count + 2)), count))
    total = sum(CLASS_SHARE.values())
    classes = [c for c, share in CLASS_SHARE.items() for _ in range(share * count // total)]
    classes += ["Am"] * (count - len(classes))
    rng.shuffle(classes)
    entries = []
    for index, (number, car_class) in enumerate(zip(numbers, classes, strict=True)):
        drivers = tuple(Driver(_name(2 * index + k)) for k in range(2))
        team, car = TEAMS[index // 2 % len(TEAMS)], CARS[index // 2 % len(CARS)]
        entries.append(Entry(str(number), car_class, team, car, drivers))
    return entries


def _name(index: int) -> str:
    """Distinct invented names for up to 2,860 drivers (52 first names x 55 last names)."""
    return f"{FIRST[index % len(FIRST)]} {LAST[index * 7 % len(LAST)]}"


def _plans(entries: list[Entry], settings: RaceSettings, rng: random.Random) -> list[Plan]:
    paces = {e.number: _crew_pace(e, rng) for e in entries}
    grid = sorted(entries, key=lambda e: min(paces[e.number]) + rng.randrange(-500, 500))
    fates = rng.sample(range(4, len(grid)), 4) if len(grid) > 8 else []
    window = settings.window(0.42, 0.58)
    plans = []
    for slot, entry in enumerate(grid):
        retire_at = None
        if slot in fates[:3]:
            retire_at = rng.randrange(*settings.window(0.1, 0.9))
        stop_at = rng.randrange(window[0], max(window[0] + 1, window[1] - 150_000))
        starts = not fates or slot != fates[3]
        plans.append(Plan(entry, slot, paces[entry.number], stop_at, retire_at, starts))
    return plans


def _crew_pace(entry: Entry, rng: random.Random) -> tuple[int, int]:
    base = CLASS_PACE_MS[entry.car_class] + rng.randrange(-600, 700)
    second = {"Silver": 250, "Pro-Am": 1300, "Am": 900}[entry.car_class]
    return base, base + second + rng.randrange(0, 700)


def _slowed(start: Millis, time: Millis, settings: RaceSettings) -> Millis:
    """FCY at 80 km/h (0.85 ms more per ms); under a red flag the cars wait (1 ms per ms)."""
    fcy = settings.window(0.2, 0.27)
    extra = _overlap(start, start + time, fcy) * 85 // 100
    if settings.red_flag:
        extra += _overlap(start, start + time + extra, settings.window(0.65, 0.7))
    return extra


def _overlap(start: Millis, end: Millis, window: tuple[Millis, Millis]) -> Millis:
    return max(0, min(end, window[1]) - max(start, window[0]))


def flag_at(time: Millis, settings: RaceSettings) -> Flag:
    fcy = settings.window(0.2, 0.27)
    red = settings.window(0.65, 0.7)
    if settings.red_flag and red[0] <= time < red[1]:
        return Flag.RED
    return Flag.FCY if fcy[0] <= time < fcy[1] else Flag.GREEN


def _flag_changes(settings: RaceSettings) -> list[tuple[Millis, Flag]]:
    fcy = settings.window(0.2, 0.27)
    changes = [(fcy[0], Flag.FCY), (fcy[1], Flag.GREEN)]
    if settings.red_flag:
        red = settings.window(0.65, 0.7)
        changes += [(red[0], Flag.RED), (red[1], Flag.GREEN)]
    return changes


Driven = tuple[list[Lap], list[Read]]


def _drive(plan: Plan, settings: RaceSettings, rng: random.Random) -> Driven:
    laps: list[Lap] = []
    reads: list[Read] = []
    if not plan.starts:
        return laps, reads
    elapsed, driver, pit_in = 0, 0, None
    while elapsed < settings.duration + 4 * 60_000:
        time = plan.pace[driver] + rng.randrange(-350, 650)
        time += 4_000 + plan.grid * 380 if not laps else 0
        pit_time = None
        if pit_in is not None:
            pit_time = rng.randrange(*PIT_LANE_MS)
            time += pit_time - PIT_LANE_LOSS
        time += _slowed(elapsed, time, settings)
        cross = elapsed + time
        if plan.retire_at is not None and cross > plan.retire_at:
            break
        in_pit = driver == 0 and pit_in is None and cross >= plan.stop_at
        lap_reads = _lap_reads(plan, elapsed, cross, pit_in, pit_time, in_pit, rng)
        if pit_in is not None:
            driver, pit_in = 1, None
            lap_reads.append(_driver_out(plan, laps[-1], rng))
        sectors = _sectors(elapsed, lap_reads, cross)
        reads += lap_reads
        laps.append(_lap(plan, len(laps) + 1, time, cross, sectors, in_pit, pit_time, driver))
        laps[-1] = _with_flag(laps[-1], settings)
        pit_in = cross - PIT_ENTRY_BEFORE_LINE if in_pit else None
        elapsed = cross
    return laps, reads


def _lap_reads(
    plan: Plan,
    start: Millis,
    cross: Millis,
    pit_in: Millis | None,
    pit_time: Millis | None,
    in_pit: bool,
    rng: random.Random,
) -> list[Read]:
    """The loop reads of one lap: pit-out (out-lap), two sectors, pit-in (in-lap), the line."""
    reads: list[Read] = []
    car = plan.entry.number
    if pit_in is not None and pit_time is not None:
        start = pit_in + pit_time
        reads.append(Read(_us(start, rng), car, Loop.PIT_OUT))
    for loop, share in ((Loop.SECTOR_1, 31), (Loop.SECTOR_2, 68)):
        reads.append(Read(_us(start + (cross - start) * share // 100, rng), car, loop))
    if in_pit:
        reads.append(Read(_us(cross - PIT_ENTRY_BEFORE_LINE, rng), car, Loop.PIT_IN))
    reads.append(Read(_us(cross, rng), car, Loop.FINISH))
    return reads


def _driver_out(plan: Plan, in_lap: Lap, rng: random.Random) -> Read:
    assert in_lap.elapsed is not None
    time = _us(in_lap.elapsed + DRIVER_OUT_AFTER_LINE, rng)
    return Read(time, plan.entry.number, None, plan.entry.drivers[1].name)


def _us(time: Millis, rng: random.Random) -> Micros:
    """A read at race time `time` ms: decoder microseconds, within that millisecond."""
    return START_US + time * 1000 + rng.randrange(0, 1000)


def _ms(time: Micros) -> Millis:
    return (time - START_US) // 1000


def _sectors(start: Millis, reads: list[Read], cross: Millis) -> tuple[Millis | None, ...]:
    marks = {read.loop: _ms(read.time) for read in reads}
    s1, s2 = marks[Loop.SECTOR_1], marks[Loop.SECTOR_2]
    return (s1 - start, s2 - s1, cross - s2)


def _lap(
    plan: Plan,
    number: int,
    time: Millis,
    cross: Millis,
    sectors: tuple[Millis | None, ...],
    in_pit: bool,
    pit_time: Millis | None,
    driver: int,
) -> Lap:
    return Lap(
        car=plan.entry.number,
        number=number,
        time=time,
        elapsed=cross,
        sectors=sectors,
        in_pit=in_pit,
        pit_time=pit_time,
        driver=plan.entry.drivers[driver].name,
        driver_number=driver + 1,
    )


def _with_flag(lap: Lap, settings: RaceSettings) -> Lap:
    from dataclasses import replace

    return replace(lap, flag=flag_at(lap.elapsed or 0, settings))


def _finish_reads(reads: list[Read]) -> list[Micros]:
    return [read.time for read in reads if read.loop is Loop.FINISH]


def _chequered_flag(driven: list[Driven], settings: RaceSettings) -> Micros:
    """When the time is up, the first car to complete one more lap than anybody had at that
    moment is the leader on the road: its crossing is the chequered flag."""
    best: tuple[int, Micros] | None = None
    for laps, reads in driven:
        crossings = _finish_reads(reads)
        done = sum(1 for lap in laps if (lap.elapsed or 0) < settings.duration)
        if not done or done >= len(crossings):
            continue
        key = (-done, crossings[done])
        best = key if best is None or key < best else best
    if best is None:
        raise ValueError("nobody drove to the end of the race")
    return best[1]


def _to_the_flag(driven: list[Driven], flag: Micros) -> tuple[list[Lap], list[Read]]:
    """Each car's laps up to its first crossing at or after the flag, and the reads before it."""
    from dataclasses import replace

    laps: list[Lap] = []
    reads: list[Read] = []
    for car_laps, car_reads in driven:
        crossings = _finish_reads(car_reads)
        last = next((i for i, time in enumerate(crossings) if time >= flag), len(crossings) - 1)
        kept = car_laps[: last + 1]
        if kept and crossings[last] >= flag:
            kept[-1] = replace(kept[-1], flag=Flag.CHEQUERED)
        laps += kept
        end = crossings[last] if crossings else 0
        reads += [read for read in car_reads if read.time <= end]
    laps.sort(key=lambda lap: (lap.elapsed or 0, lap.car))
    return laps, reads


def _transponders(entries: list[Entry], twins: bool) -> dict[str, CarNumber]:
    """Each car's transponder ids (P3 numbers), two a car when `twins`."""
    ids: dict[str, CarNumber] = {}
    for index, entry in enumerate(entries):
        ids[str(2_000_000 + 2 * index)] = entry.number
        if twins:
            ids[str(2_000_001 + 2 * index)] = entry.number
    return ids


Arrival = tuple[Micros, int, int, LiveInput]  # when it reaches us, priority, sequence, input


def _inputs(
    race: SimulatedRace, reads: list[Read], flag: Micros, rng: random.Random
) -> list[LiveInput]:
    settings = race.settings
    setup: list[LiveInput] = [TransponderAssigned(t, car) for t, car in race.transponders.items()]
    setup.append(SessionStart(START_US, duration=settings.duration))
    control: list[Arrival] = [
        (START_US + time * 1000, 0, 0, FlagChange(change, START_US + time * 1000))
        for time, change in _flag_changes(settings)
    ]
    control.append((flag, 0, 0, FlagChange(Flag.CHEQUERED, flag)))
    control += [
        (read.time, 0, 0, DriverChange(read.car, read.driver, read.time))
        for read in reads
        if read.loop is None
    ]
    passings = _passings(race, [read for read in reads if read.loop is not None], rng)
    arrivals = sorted(control + passings, key=lambda a: a[:3])
    end = max(arrival[0] for arrival in arrivals) + 1_000_000
    return [*setup, *(arrival[3] for arrival in arrivals), SessionStop(end)]


def _passings(race: SimulatedRace, reads: list[Read], rng: random.Random) -> list[Arrival]:
    noise = race.settings.noise
    by_car: dict[CarNumber, list[str]] = {}
    for transponder, car in race.transponders.items():
        by_car.setdefault(car, []).append(transponder)
    raw: list[tuple[Micros, Loop, str]] = []
    for read in sorted(reads, key=lambda r: r.time):
        assert read.loop is not None
        raw += [(time, read.loop, t) for time, t in _transponder_reads(read, by_car, noise, rng)]
    if noise:
        raw += _strangers(race, rng)
    raw.sort(key=lambda r: (r[0], r[1].value, r[2]))  # a tie in time: loops by name
    counters = dict.fromkeys(DECODERS.values(), 0)
    last_arrival = dict.fromkeys(DECODERS.values(), 0)
    out: list[Arrival] = []
    for sequence, (time, loop, transponder) in enumerate(raw):
        decoder = DECODERS[loop]
        counters[decoder] += 1
        arrival = time + (rng.randrange(0, 30_000) if noise else 0)
        arrival = last_arrival[decoder] = max(arrival, last_arrival[decoder])
        passing = Passing(time, loop, transponder, None, decoder, counters[decoder])
        out.append((arrival, 1, sequence, passing))
    return out


def _transponder_reads(
    read: Read, by_car: dict[CarNumber, list[str]], noise: bool, rng: random.Random
) -> list[tuple[Micros, str]]:
    """Both transponders of a car, read within the same millisecond (the second never first);
    now and then one read is lost."""
    ids = by_car[read.car]
    if not noise or len(ids) == 1:
        return [(read.time, ids[0])]
    millisecond = read.time - read.time % 1000
    twin = (rng.randrange(read.time, millisecond + 1000), ids[1])  # never before the first
    both = [(read.time, ids[0]), twin]
    if rng.random() < 0.02:
        return [both[rng.randrange(2)]]
    return both


def _strangers(race: SimulatedRace, rng: random.Random) -> list[tuple[Micros, Loop, str]]:
    """Transponders of cars that are not in this race (a support series car, a course car)."""
    span = race.settings.duration * 1000
    return [
        (START_US + rng.randrange(0, span), Loop.FINISH, str(9_000_000 + k))
        for k in range(race.settings.minutes // 2)
    ]
