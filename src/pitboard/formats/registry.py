"""Which reader for which file: sniffed from the header, or named by the caller.

    read(path)                     -> Session | list[ClassifiedCar] | list[WeatherReading]
    read(path, format="weather")   -> skip the sniffing

Sniffing looks only at the header line (the first line, BOM and padding removed), in this
order: a lap analysis has NUMBER, LAP_NUMBER, LAP_TIME and LAP_IMPROVEMENT; results by class have
CLASS_TYPE, POS, PIC and NUMBER; results have NUMBER and POSITION or POS; weather has
TIME_UTC_SECONDS and AIR_TEMP. Anything else is a FormatError naming the file.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable

from pitboard.formats.alkamel.analysis import looks_like_analysis, read_analysis
from pitboard.formats.text import open_table
from pitboard.model import FormatError, Session, SessionKind

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (pitboard.cli.batch)
if TYPE_CHECKING:
    from pathlib import Path
    from typing import TypeAlias

    from pitboard.model import ClassifiedCar, WeatherReading

ANALYSIS, RESULTS, RESULTS_BY_CLASS, WEATHER = "analysis", "results", "results-by-class", "weather"
FORMATS = (ANALYSIS, RESULTS_BY_CLASS, RESULTS, WEATHER)  # in sniffing order

Records: TypeAlias = "Session | list[ClassifiedCar] | list[WeatherReading]"


def _sniffers() -> dict[str, Callable[[list[str]], bool]]:
    """In sniffing order. The other readers are imported here, when first needed, so that
    reading a lap file (every command) does not load them."""
    from pitboard.formats.alkamel.results import looks_like_results, looks_like_results_by_class
    from pitboard.formats.alkamel.weather import looks_like_weather

    return {
        ANALYSIS: looks_like_analysis,
        RESULTS_BY_CLASS: looks_like_results_by_class,
        RESULTS: looks_like_results,
        WEATHER: looks_like_weather,
    }


_KIND_WORDS = (
    (re.compile(r"race", re.IGNORECASE), SessionKind.RACE),
    (re.compile(r"qual|\bq\d", re.IGNORECASE), SessionKind.QUALIFYING),
    (re.compile(r"practice|\bfp\d?|test|warm", re.IGNORECASE), SessionKind.PRACTICE),
)


def guess_session_kind(path: str | Path) -> SessionKind:
    """From the file name: `race` wins (a "qualifying race" is a race), then `qual`/`Q1`,
    then `practice`/`FP`/`test`/`warm`; with none of these words, a race."""
    name = os.path.basename(os.fspath(path)).replace("_", " ").replace("-", " ")
    for pattern, kind in _KIND_WORDS:
        if pattern.search(name):
            return kind
    return SessionKind.RACE


def sniff(path: str | Path) -> str:
    """The format of a file, from its header line: one of FORMATS."""
    table = open_table(path)
    table.close()
    for name, looks_like in _sniffers().items():
        if looks_like(table.header):
            return name
    raise FormatError(
        "unknown format (expected an Al Kamel lap analysis, results, results by class or "
        f"weather file; header starts {', '.join(table.header[:4])})",
        path=str(path),
        line=1,
    )


def read(path: str | Path, format: str | None = None) -> Records:
    """Read any known file: a lap analysis as a Session (kind guessed from the file name),
    results and results by class as rows in the published order, weather as readings."""
    if format is None:
        format = sniff(path)
    if format == ANALYSIS:
        return read_analysis(path, guess_session_kind(path))
    if format in (RESULTS, RESULTS_BY_CLASS):
        from pitboard.formats.alkamel.results import read_results, read_results_by_class

        return read_results(path) if format == RESULTS else read_results_by_class(path)
    if format == WEATHER:
        from pitboard.formats.alkamel.weather import read_weather

        return read_weather(path)
    raise FormatError(f"unknown format {format!r} (known: {', '.join(FORMATS)})", path=str(path))


def read_session(
    path: str | Path, kind: SessionKind | None = None, *, sectors: bool = True
) -> Session:
    """Read a lap file of any known format into a session; `sectors=False` leaves the laps'
    sector times out (classification does not read them) and reads faster."""
    if sniff_lap_file(path):
        return read_analysis(path, kind or guess_session_kind(path), sectors=sectors)
    raise FormatError(
        "not a lap file pitboard knows (expected an Al Kamel lap analysis with NUMBER, "
        "LAP_NUMBER, LAP_TIME, LAP_IMPROVEMENT columns)",
        path=str(path),
        line=1,
    )


def sniff_lap_file(path: str | Path) -> bool:
    table = open_table(path)
    table.close()
    return looks_like_analysis(table.header)
