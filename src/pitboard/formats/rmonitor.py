"""RMonitor (the Orbits scoreboard protocol): one record a line, CR LF, comma separated, text
fields in double quotes, times as "HH:MM:SS.DDD".

    $F,LapsToGo,"TimeToGo","TimeOfDay","RaceTime","FlagStatus"      heartbeat, every second
    $A,"RegNr","Number",Transponder,"FirstName","LastName","Nationality",ClassNumber
    $COMP,"RegNr","Number",ClassNumber,"FirstName","LastName","Nationality","AdditionalData"
    $B,RunNumber,"Description"                                       run (session) information
    $C,ClassNumber,"Description"                                     class information
    $G,Position,"RegNr",Laps,"TotalTime"                             race position
    $H,Position,"RegNr",BestLap,"BestLapTime"                        practice/qualifying position
    $J,"RegNr","LapTime","TotalTime"                                 a passing of the line

`write_record` and `parse_line` are a pair; scoreboards ignore records they do not know, and so
does `parse_line` (None), but a known record with a bad field is a `FormatError`.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, fields
from typing import Any, TypeAlias

from pitboard.model import Flag, FormatError, Millis

LAPS_UNKNOWN = 9999  # $F LapsToGo when the race is on time
FLAG_WORDS = {  # six characters, as the scoreboards compare them
    Flag.GREEN: "Green ",
    Flag.YELLOW: "Yellow",
    Flag.FCY: "Yellow",
    Flag.SAFETY_CAR: "Yellow",
    Flag.CODE_60: "Yellow",
    Flag.RED: "Red   ",
    Flag.CHEQUERED: "Finish",
}
NO_FLAG = "      "


@dataclass(frozen=True, slots=True)
class Heartbeat:  # $F
    laps_to_go: int
    time_to_go: Millis
    time_of_day: Millis  # ms after local midnight
    race_time: Millis
    flag: str


@dataclass(frozen=True, slots=True)
class Competitor:  # $A
    registration: str
    number: str
    transponder: int
    first_name: str
    last_name: str
    nationality: str
    class_number: int


@dataclass(frozen=True, slots=True)
class CompetitorExtended:  # $COMP
    registration: str
    number: str
    class_number: int
    first_name: str
    last_name: str
    nationality: str
    additional: str


@dataclass(frozen=True, slots=True)
class RunInfo:  # $B
    number: int
    description: str


@dataclass(frozen=True, slots=True)
class ClassInfo:  # $C
    number: int
    description: str


@dataclass(frozen=True, slots=True)
class RacePosition:  # $G
    position: int
    registration: str
    laps: int | None
    total_time: Millis | None


@dataclass(frozen=True, slots=True)
class PracticePosition:  # $H
    position: int
    registration: str
    best_lap: int
    best_time: Millis | None


@dataclass(frozen=True, slots=True)
class PassingInfo:  # $J
    registration: str
    lap_time: Millis | None
    total_time: Millis | None


Record: TypeAlias = (
    Heartbeat
    | Competitor
    | CompetitorExtended
    | RunInfo
    | ClassInfo
    | RacePosition
    | PracticePosition
    | PassingInfo
)
TAGS: dict[type[Any], str] = {
    Heartbeat: "$F",
    Competitor: "$A",
    CompetitorExtended: "$COMP",
    RunInfo: "$B",
    ClassInfo: "$C",
    RacePosition: "$G",
    PracticePosition: "$H",
    PassingInfo: "$J",
}
RECORDS = {tag: kind for kind, tag in TAGS.items()}
# the fields written as "HH:MM:SS.DDD" (the heartbeat's as "HH:MM:SS")
TIMES = {"time_to_go", "time_of_day", "race_time", "total_time", "best_time", "lap_time"}
SECONDS_ONLY = {"time_to_go", "time_of_day", "race_time"}
_TIME = re.compile(r"^(\d{1,3}):([0-5]\d):([0-5]\d)(?:\.(\d{1,3}))?$")


def format_time(millis: Millis | None, seconds_only: bool = False) -> str:
    if millis is None:
        return "00:00:00" if seconds_only else "00:00:00.000"
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, thousandths = divmod(rest, 1000)
    text = f"{hours:02d}:{minutes:02d}:{seconds:02d}"
    return text if seconds_only else f"{text}.{thousandths:03d}"


def parse_time(text: str) -> Millis:
    match = _TIME.match(text.strip())
    if match is None:
        raise ValueError(f"not HH:MM:SS.DDD: {text!r}")
    hours, minutes, seconds, fraction = match.groups()
    thousandths = int((fraction or "0").ljust(3, "0"))
    return ((int(hours) * 60 + int(minutes)) * 60 + int(seconds)) * 1000 + thousandths


def _quote(text: str) -> str:
    return '"' + text.replace('"', "'").replace("\r", " ").replace("\n", " ") + '"'


def write_record(record: Record) -> str:
    """One line, without the CR LF."""
    parts = [TAGS[type(record)]]
    for spec in fields(record):
        value = getattr(record, spec.name)
        if spec.name in TIMES:
            parts.append(_quote(format_time(value, spec.name in SECONDS_ONLY)))
        elif isinstance(value, str):
            parts.append(_quote(value))
        else:
            parts.append("" if value is None else str(value))
    return ",".join(parts)


def write_lines(records: list[Record]) -> bytes:
    return "".join(write_record(record) + "\r\n" for record in records).encode("latin-1", "replace")


def parse_line(line: str, where: str = "rmonitor") -> Record | None:
    """A record, None for a record type we do not read, FormatError for a bad field."""
    try:
        cells = next(csv.reader([line.rstrip("\r\n")]), [])
    except csv.Error as error:  # a stray CR or quote inside the line
        raise FormatError(f"not a record: {error}", path=where, value=line) from None
    kind = RECORDS.get(cells[0] if cells else "")
    if kind is None:
        return None
    specs = fields(kind)
    if len(cells) - 1 != len(specs):
        raise FormatError(
            f"{cells[0]} has {len(cells) - 1} fields, expected {len(specs)}", path=where, value=line
        )
    pairs = zip(specs, cells[1:], strict=True)
    values = [_field(spec.name, spec.type, cell, where, line) for spec, cell in pairs]
    record: Record = kind(*values)
    return record


def _field(name: str, kind: Any, cell: str, where: str, line: str) -> Any:
    try:
        if name in TIMES:
            return parse_time(cell)
        if "int" in str(kind):
            return None if cell == "" and "None" in str(kind) else int(cell)
    except ValueError:
        raise FormatError(f"bad {name}", path=where, column=name, value=cell) from None
    return cell
