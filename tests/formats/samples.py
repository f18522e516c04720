"""Small synthetic files in each layout (invented cars and drivers), and ways to break them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pitboard.formats.alkamel.analysis import read_analysis
from pitboard.formats.alkamel.results import read_results, read_results_by_class
from pitboard.formats.alkamel.weather import read_weather
from pitboard.formats.registry import read
from pitboard.model import SessionKind

ANALYSIS = (
    "\ufeffNUMBER; DRIVER_NUMBER; LAP_NUMBER; LAP_TIME; LAP_IMPROVEMENT; "
    "CROSSING_FINISH_LINE_IN_PIT; S1; S1_IMPROVEMENT; S2; S2_IMPROVEMENT; KPH; ELAPSED; HOUR;"
    "DRIVER_NAME;PIT_TIME;CLASS;TEAM;MANUFACTURER;FLAG_AT_FL;\r\n"
    "7;1;1;1:41.250;0;;50.125;0;51.125;0;150.1;1:41.250;14:01:41.250;Alva Lindqvist;;Am;"
    "Northlight Racing;Toyota;GF;\r\n"
    "7;1;2;1:59.000;0;B;50.000;0;1:09.000;0;140.2;3:40.250;14:03:40.250;Alva Lindqvist;;Am;"
    "Northlight Racing;Toyota;FCY;\r\n"
    "7;2;3;2:20.000;0;;1:10.000;0;1:10.000;0;120.0;6:00.250;14:06:00.250;Bruno Moretti;"
    "0:00:41.000;Am;Northlight Racing;Toyota;GF;\r\n"
    "021;1;1;1:42.001;0;;50.500;0;51.501;0;149.9;1:42.001;14:01:42.001;Cleo Dubois;;Pro;"
    "Harbour Motorsport;BMW;GF;\r\n"
)
RESULTS = (
    "POSITION;NUMBER;STATUS;LAPS;TOTAL_TIME;GAP_FIRST;GAP_PREVIOUS;FL_LAPNUM;FL_TIME;CLASS;\n"
    "1.0;7;Classified;3;6:00.250;-;-;1;1:41.250;Am;\n"
    "2;021;Classified;1;1:42.001;2 Laps;2 Laps;1;1:42.001;Pro;\n"
    ";99;Not started;0;;;;0;;Am;\n"
)
BY_CLASS = (
    "CLASS_TYPE;POS;PIC;NUMBER;VEHICLE;LAPS;ELAPSED;GAP_FIRST;GAP_PREVIOUS;BEST_LAP_NUM;"
    "BEST_LAP_TIME;BEST_LAP_KPH\n"
    "Am;1;1;7;Toyota;3;6:00.250;;;1;1:41.250;150.1\n"
    "Am;2;2;8;Toyota;3;7:01.250;+1'01.000;+1'01.000;2;1:41.500;150.0\n"
)
WEATHER = (
    "TIME_UTC_SECONDS;TIME_UTC_STR;AIR_TEMP;TRACK_TEMP;HUMIDITY;PRESSURE;WIND_SPEED;"
    "WIND_DIRECTION;RAIN\n"
    "1753030037;7/20/2025 4:47:17 PM;31.83;42.2;61.55;999.9;9.0;284;0\n"
    "1753030100;7/20/2025 4:48:20 PM;31.91;-999;62.26;999.9;5.76;287;0\n"
)
PENALTIES = '[[penalty]]\ncar = "7"\nkind = "time"\nseconds = 5\nreason = "Track limits"\n'

Reader = Callable[[Path], object]

READERS: dict[str, tuple[str, Reader]] = {
    "analysis": (ANALYSIS, lambda path: read_analysis(path, SessionKind.RACE)),
    "results": (RESULTS, read_results),
    "by-class": (BY_CLASS, read_results_by_class),
    "weather": (WEATHER, read_weather),
    "sniffed": (ANALYSIS, read),
}

# A bad value for a time column of each layout: (column, line to break, old text, new text)
BAD_TIME = {
    "analysis": ("LAP_TIME", 3, "1:59.000", "1:4x.285"),
    "results": ("FL_TIME", 2, "1:41.250", "1:4x.285"),
    "by-class": ("BEST_LAP_TIME", 3, "1:41.500", "1:4x.285"),
    "weather": ("AIR_TEMP", 2, "31.83", "3x.1"),
    "sniffed": ("LAP_TIME", 3, "1:59.000", "1:4x.285"),
}
# A column every reader of the layout needs, and its header spelling
NEEDED = {
    "analysis": "LAP_TIME",
    "results": "NUMBER",
    "by-class": "PIC",
    "weather": "AIR_TEMP",
    "sniffed": "LAP_TIME",
}


def write(folder: Path, text: str | bytes, name: str = "sample.csv") -> Path:
    path = folder / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8", newline="")
    return path


def replace_on_line(text: str, line: int, old: str, new: str) -> str:
    lines = text.splitlines(keepends=True)
    assert old in lines[line - 1], (old, lines[line - 1])
    lines[line - 1] = lines[line - 1].replace(old, new, 1)
    return "".join(lines)


def truncate_line(text: str, line: int, fields: int) -> str:
    lines = text.splitlines(keepends=True)
    separator = ";" if ";" in lines[0] else ","
    lines[line - 1] = separator.join(lines[line - 1].split(separator)[:fields]) + "\n"
    return "".join(lines)
