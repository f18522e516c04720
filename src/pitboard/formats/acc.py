"""Assetto Corsa Competizione server result JSON -> a Session, its penalties and the server's order.

The dedicated server writes one file per session (`191003_235558_R.json`): `sessionType` (FP, Q, R),
`sessionResult.leaderBoardLines` (one line per car, in the server's finishing order), `laps` (every
lap of every car in the order they were completed, `carId` + `driverIndex`) and `penalties`.
The files are usually UTF-16 LE, with or without a BOM; UTF-8 (with or without BOM) is read too.

Mapping: the car's `raceNumber` is the car number (a string); the class is the car model's class
(GT3, GT4, Cup, ST, GTC, TCX, GT2) followed by the cup category when it is not the overall one
(`GT3 Pro-Am`); lap times and splits are integer ms; `isValidForBest` is `Lap.valid`; the lap's
driver is `drivers[driverIndex]`.

Time base: a car's first `laptime` runs from when its driver joined or pressed Drive, not from the
start, so it can be minutes long. The server's own race clock is `timing.totalTime` (from the start
to the car's last crossing, with post-race time penalties already added). A car's elapsed time at
each crossing is therefore counted back from `totalTime` less its post-race penalties, using the
lap times of laps 2..N; the laps keep the times the file gives. Without a `totalTime` (no laps)
elapsed is the running sum of the lap times.

Penalties: `PostRaceTime` (seconds) becomes a time penalty, `Disqualified` a disqualification,
`RemoveBestLaptime` a deleted lap; drive-throughs and stop-and-gos are served on the track, so their
cost is already in the lap times and they change nothing after the flag (`AccResult.served`).
Bad input raises a FormatError naming the file and the JSON path: `R.json: laps[12].laptime: ...`.
"""

from __future__ import annotations

import codecs
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from pitboard.model import (
    CarNumber,
    Driver,
    Entry,
    FormatError,
    Lap,
    Millis,
    Penalty,
    PenaltyKind,
    Session,
    SessionKind,
)

NO_TIME = 2_147_483_647  # what the server writes for "no time" (INT32 max)

# carModel -> (model name, class). Source: the ACC server admin handbook's car model list.
CAR_MODELS: dict[int, tuple[str, str]] = {
    0: ("Porsche 991 GT3 R", "GT3"),
    1: ("Mercedes-AMG GT3", "GT3"),
    2: ("Ferrari 488 GT3", "GT3"),
    3: ("Audi R8 LMS", "GT3"),
    4: ("Lamborghini Huracan GT3", "GT3"),
    5: ("McLaren 650S GT3", "GT3"),
    6: ("Nissan GT-R Nismo GT3 2018", "GT3"),
    7: ("BMW M6 GT3", "GT3"),
    8: ("Bentley Continental GT3 2018", "GT3"),
    9: ("Porsche 991 II GT3 Cup", "Cup"),
    10: ("Nissan GT-R Nismo GT3 2017", "GT3"),
    11: ("Bentley Continental GT3 2016", "GT3"),
    12: ("Aston Martin V12 Vantage GT3", "GT3"),
    13: ("Lamborghini Gallardo R-EX", "GT3"),
    14: ("Jaguar G3", "GT3"),
    15: ("Lexus RC F GT3", "GT3"),
    16: ("Lamborghini Huracan Evo", "GT3"),
    17: ("Honda NSX GT3", "GT3"),
    18: ("Lamborghini Huracan SuperTrofeo", "ST"),
    19: ("Audi R8 LMS Evo", "GT3"),
    20: ("AMR V8 Vantage", "GT3"),
    21: ("Honda NSX Evo", "GT3"),
    22: ("McLaren 720S GT3", "GT3"),
    23: ("Porsche 911 II GT3 R", "GT3"),
    24: ("Ferrari 488 GT3 Evo", "GT3"),
    25: ("Mercedes-AMG GT3 2020", "GT3"),
    26: ("Ferrari 488 Challenge Evo", "GTC"),
    27: ("BMW M2 CS Racing", "TCX"),
    28: ("Porsche 992 GT3 Cup", "Cup"),
    29: ("Lamborghini Huracan SuperTrofeo EVO2", "ST"),
    30: ("BMW M4 GT3", "GT3"),
    31: ("Audi R8 LMS GT3 evo II", "GT3"),
    32: ("Ferrari 296 GT3", "GT3"),
    33: ("Lamborghini Huracan Evo2", "GT3"),
    34: ("Porsche 992 GT3 R", "GT3"),
    35: ("McLaren 720S GT3 Evo 2023", "GT3"),
    36: ("Ford Mustang GT3", "GT3"),
    50: ("Alpine A110 GT4", "GT4"),
    51: ("AMR V8 Vantage GT4", "GT4"),
    52: ("Audi R8 LMS GT4", "GT4"),
    53: ("BMW M4 GT4", "GT4"),
    55: ("Chevrolet Camaro GT4", "GT4"),
    56: ("Ginetta G55 GT4", "GT4"),
    57: ("KTM X-Bow GT4", "GT4"),
    58: ("Maserati MC GT4", "GT4"),
    59: ("McLaren 570S GT4", "GT4"),
    60: ("Mercedes-AMG GT4", "GT4"),
    61: ("Porsche 718 Cayman GT4", "GT4"),
    80: ("Audi R8 LMS GT2", "GT2"),
    82: ("KTM X-Bow GT2", "GT2"),
    83: ("Maserati MC20 GT2", "GT2"),
    84: ("Mercedes-AMG GT2", "GT2"),
    85: ("Porsche 911 GT2 RS CS Evo", "GT2"),
    86: ("Porsche 935", "GT2"),
}
CUP_CATEGORIES = {0: "", 1: "Pro-Am", 2: "Am", 3: "Silver", 4: "National"}
DRIVER_CATEGORIES = {0: "Bronze", 1: "Silver", 2: "Gold", 3: "Platinum"}
SESSION_KINDS = {
    "FP": SessionKind.PRACTICE,
    "P": SessionKind.PRACTICE,
    "Q": SessionKind.QUALIFYING,
    "R": SessionKind.RACE,
}
SERVED_ON_TRACK = {"DriveThrough", "StopAndGo_10", "StopAndGo_20", "StopAndGo_30", "None"}


@dataclass(frozen=True, slots=True)
class AccResult:
    """One ACC session file, read."""

    session: Session
    penalties: tuple[Penalty, ...]  # decisions that change the classification
    served: tuple[Penalty, ...]  # penalties served on the track (already in the lap times)
    order: tuple[CarNumber, ...]  # the server's own order (leaderBoardLines)
    track: str


class _Json:
    """A JSON value with its path, for errors that say where: `laps[3].carId`."""

    def __init__(self, value: object, path: str, file: str) -> None:
        self.value, self.path, self.file = value, path, file

    def error(self, message: str) -> FormatError:
        shown = json.dumps(self.value)[:60] if _dumpable(self.value) else repr(self.value)[:60]
        return FormatError(f"{self.path}: {message}", path=self.file, value=shown)

    def get(self, key: str, default: object = ...) -> _Json:
        if not isinstance(self.value, dict):
            raise self.error("expected an object")
        if key not in self.value:
            if default is ...:
                raise _Json(None, f"{self.path}.{key}".lstrip("."), self.file).error("missing")
            return _Json(default, f"{self.path}.{key}".lstrip("."), self.file)
        return _Json(self.value[key], f"{self.path}.{key}".lstrip("."), self.file)

    def items(self) -> list[_Json]:
        if not isinstance(self.value, list):
            raise self.error("expected a list")
        return [_Json(v, f"{self.path}[{i}]", self.file) for i, v in enumerate(self.value)]

    def integer(self) -> int:
        if isinstance(self.value, bool) or not isinstance(self.value, int | float):
            raise self.error("expected a whole number")
        if isinstance(self.value, float) and not self.value.is_integer():
            raise self.error("expected a whole number")
        return int(self.value)

    def millis(self) -> Millis | None:
        value = self.integer()
        if value < 0:
            raise self.error("negative time")
        return None if value >= NO_TIME else value

    def text(self) -> str:
        if not isinstance(self.value, str):
            raise self.error("expected a string")
        return self.value

    def boolean(self) -> bool:
        if not isinstance(self.value, bool):
            raise self.error("expected true or false")
        return self.value


def _dumpable(value: object) -> bool:
    try:
        json.dumps(value)
    except (TypeError, ValueError, RecursionError):
        return False
    return True


def decode_acc(raw: bytes, file: str = "<input>") -> str:
    """The text of an ACC file: UTF-16 LE/BE (BOM or not), else UTF-8 (BOM or not)."""
    try:
        if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return raw.decode("utf-16")
        if len(raw) >= 2 and raw[1] == 0 and raw[0] != 0:
            return raw.decode("utf-16-le")
        if len(raw) >= 2 and raw[0] == 0 and raw[1] != 0:
            return raw.decode("utf-16-be")
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise FormatError(
            f"not UTF-16 or UTF-8 text (byte {error.start})", path=file, value=None
        ) from None


MAX_ACC_BYTES = 64 * 1024 * 1024  # a real result file is well under 1 MB


def read_acc(path: str | Path) -> AccResult:
    """Read an ACC server result file (at most `MAX_ACC_BYTES`: not /dev/zero for ever)."""
    file = Path(path)
    try:
        with file.open("rb") as stream:
            raw = stream.read(MAX_ACC_BYTES + 1)
    except OSError as error:
        raise FormatError(f"cannot read: {error.strerror}", path=str(path)) from None
    if len(raw) > MAX_ACC_BYTES:
        raise FormatError(
            f"larger than {MAX_ACC_BYTES // 2**20} MB: not a result file", path=str(path)
        )
    return parse_acc(raw, file.name)


def parse_acc(raw: bytes, file: str = "<input>") -> AccResult:
    """Parse the bytes of an ACC server result file (`file` names it in errors)."""
    text = decode_acc(raw, file)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise FormatError(f"bad JSON: {error.msg}", path=file, line=error.lineno) from None
    except RecursionError:
        raise FormatError("bad JSON: nested too deeply", path=file) from None
    root = _Json(data, "", file)
    if not isinstance(data, dict):
        raise root.error("expected an object")
    return _result(root)


def _result(root: _Json) -> AccResult:
    kind = _session_kind(root.get("sessionType"))
    lines = root.get("sessionResult").get("leaderBoardLines").items()
    cars = [_car(line) for line in lines]
    totals = {car[1].number: _total_time(line) for car, line in zip(cars, lines, strict=True)}
    _refuse_duplicates(cars)
    by_id = {car_id: entry for car_id, entry in cars}
    served, decided = _penalties(root.get("penalties", []), by_id)
    post = root.get("post_race_penalties", [])
    if post.value is not None:
        served_post, decided_post = _penalties(post, by_id)
        served, decided = served + served_post, decided + decided_post
    for penalty in decided:
        total = totals.get(penalty.car)
        if penalty.kind is PenaltyKind.TIME and total is not None:
            totals[penalty.car] = max(0, total - penalty.millis)
    laps = _rebased(_laps(root.get("laps", []), by_id), totals)
    session = Session(kind=kind, entries={e.number: e for _, e in cars}, laps=laps)
    track = root.get("trackName", "")
    return AccResult(
        session=session,
        penalties=tuple(decided),
        served=tuple(served),
        order=tuple(entry.number for _, entry in cars),
        track=track.text(),
    )


def _total_time(line: _Json) -> Millis | None:
    return line.get("timing").get("totalTime", NO_TIME).millis()


def _rebased(laps: list[Lap], totals: Mapping[CarNumber, Millis | None]) -> list[Lap]:
    """Elapsed times counted back from the server's race clock (see the module docstring)."""
    remaining = dict(totals)
    rebased: list[Lap] = []
    for lap in reversed(laps):
        left = remaining.get(lap.car)
        if left is None:
            rebased.append(lap)
            continue
        rebased.append(replace(lap, elapsed=left))
        remaining[lap.car] = None if lap.time is None else max(0, left - lap.time)
    rebased.reverse()
    return rebased


def _session_kind(node: _Json) -> SessionKind:
    if isinstance(node.value, int) and not isinstance(node.value, bool):
        numeric = {0: SessionKind.PRACTICE, 4: SessionKind.QUALIFYING, 10: SessionKind.RACE}
        if node.value in numeric:
            return numeric[node.value]
        raise node.error("unknown session type")
    letters = "".join(c for c in node.text() if not c.isdigit()).upper()
    if letters not in SESSION_KINDS:
        raise node.error("unknown session type (expected FP, Q or R)")
    return SESSION_KINDS[letters]


def _car(line: _Json) -> tuple[int, Entry]:
    car = line.get("car")
    car_id = car.get("carId").integer()
    number = car.get("raceNumber").integer()
    model = car.get("carModel")
    if model.integer() not in CAR_MODELS:
        raise model.error("unknown car model")
    vehicle, model_class = CAR_MODELS[model.integer()]
    cup = car.get("cupCategory", 0)
    if cup.integer() not in CUP_CATEGORIES:
        raise cup.error("unknown cup category")
    car_class = f"{model_class} {CUP_CATEGORIES[cup.integer()]}".strip()
    drivers = tuple(_driver(d, i) for i, d in enumerate(car.get("drivers").items()))
    team = car.get("teamName", "").text()
    return car_id, Entry(str(number), car_class, team=team, vehicle=vehicle, drivers=drivers)


def _driver(node: _Json, index: int) -> Driver:
    first = node.get("firstName", "").text().strip()
    last = node.get("lastName", "").text().strip()
    name = f"{first} {last}".strip() or node.get("shortName", "").text().strip()
    if not name:
        raise node.error("a driver without a name")
    category = node.get("driverCategory", None)
    if category.value is None:
        return Driver(name)
    if category.integer() not in DRIVER_CATEGORIES:
        raise category.error("unknown driver category")
    return Driver(name, category=DRIVER_CATEGORIES[category.integer()])


def _refuse_duplicates(cars: Sequence[tuple[int, Entry]]) -> None:
    seen_ids: set[int] = set()
    seen_numbers: set[str] = set()
    for car_id, entry in cars:
        if car_id in seen_ids or entry.number in seen_numbers:
            raise FormatError(
                "sessionResult.leaderBoardLines: two cars with the same carId or raceNumber",
                value=entry.number,
            )
        seen_ids.add(car_id)
        seen_numbers.add(entry.number)


def _entry_of(node: _Json, by_id: Mapping[int, Entry]) -> Entry:
    car = node.get("carId")
    if car.integer() not in by_id:
        raise car.error("no car with this carId in sessionResult.leaderBoardLines")
    return by_id[car.integer()]


def _driver_of(node: _Json, entry: Entry) -> tuple[int, str]:
    index = node.get("driverIndex", 0)
    if not 0 <= index.integer() < len(entry.drivers):
        raise index.error(f"car {entry.number} has {len(entry.drivers)} driver(s)")
    return index.integer(), entry.drivers[index.integer()].name


def _laps(node: _Json, by_id: Mapping[int, Entry]) -> list[Lap]:
    counts: dict[str, int] = {}
    elapsed: dict[str, Millis | None] = {}
    laps: list[Lap] = []
    for item in node.items():
        entry = _entry_of(item, by_id)
        index, driver = _driver_of(item, entry)
        time = item.get("laptime").millis()
        sectors = tuple(s.millis() for s in item.get("splits", []).items())
        number = counts[entry.number] = counts.get(entry.number, 0) + 1
        before = elapsed.get(entry.number, 0)
        total = None if before is None or time is None else before + time
        elapsed[entry.number] = total
        valid = item.get("isValidForBest", True).boolean()
        laps.append(
            Lap(
                car=entry.number,
                number=number,
                time=time,
                elapsed=total,
                sectors=sectors,
                driver=driver,
                driver_number=index + 1,
                valid=valid,
            )
        )
    return laps


def _penalties(node: _Json, by_id: Mapping[int, Entry]) -> tuple[list[Penalty], list[Penalty]]:
    """(served on the track, decided after the flag)."""
    served: list[Penalty] = []
    decided: list[Penalty] = []
    for item in node.items():
        penalty, on_track = _penalty(item, _entry_of(item, by_id))
        (served if on_track else decided).append(penalty)
    return served, decided


def _penalty(item: _Json, entry: Entry) -> tuple[Penalty, bool]:
    kind_node = item.get("penalty")
    kind = kind_node.text()
    value = item.get("penaltyValue", 0).integer()
    lap = item.get("violationInLap", 0).integer()
    reason = f"{item.get('reason', '').text()} ({kind}, lap {lap})".strip()
    if kind in SERVED_ON_TRACK:
        return Penalty(entry.number, PenaltyKind.TIME, millis=0, reason=reason), True
    if kind == "PostRaceTime":
        if value < 0:
            raise item.get("penaltyValue").error("negative penalty")
        return Penalty(entry.number, PenaltyKind.TIME, millis=value * 1000, reason=reason), False
    if kind == "Disqualified":
        return Penalty(entry.number, PenaltyKind.DISQUALIFICATION, reason=reason), False
    if kind == "RemoveBestLaptime":
        return Penalty(entry.number, PenaltyKind.DELETE_LAP, lap=lap or None, reason=reason), False
    raise kind_node.error("unknown penalty")


__all__ = ["CAR_MODELS", "AccResult", "decode_acc", "parse_acc", "read_acc"]
