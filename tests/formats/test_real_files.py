"""Every Al Kamel file in the real data reads without error, and the counts add up."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from conftest import real_data_dir
from pitboard.formats.registry import (
    ANALYSIS,
    RESULTS,
    RESULTS_BY_CLASS,
    WEATHER,
    read,
    sniff,
)
from pitboard.model import (
    ClassificationStatus,
    FormatError,
    Session,
    UnitSystem,
)

FOLDERS = ("grcup2025", "imsa", "wec")
ZERO_BYTE = {"imsa/2023/08-long-beach-street-circuit/202304151405-race-weather.csv"}


def _kind_by_name(relative: str) -> str | None:
    name = relative.rsplit("/", 1)[-1].lower()
    if "weather" in name:
        return WEATHER
    if "analysis" in name or name.endswith("-laps.csv") or relative.startswith("wec/"):
        return ANALYSIS
    if name.startswith("05_"):
        return RESULTS_BY_CLASS
    if name.startswith("03_") or name.endswith("-results.csv"):
        return RESULTS
    return None  # 99_Best 10 Laps, championship standings: not read by pitboard (yet)


def _files() -> list[tuple[str, str]]:
    root = real_data_dir()
    found = []
    for folder in FOLDERS:
        for path in sorted((root / folder).rglob("*")):
            relative = path.relative_to(root).as_posix()
            kind = _kind_by_name(relative)
            if path.is_file() and kind is not None and relative not in ZERO_BYTE:
                found.append((relative, kind))
    return found


def _data_lines(path: Path) -> int:
    """Records in the file by the plain csv module: non-blank rows after the header."""
    with open(path, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle, delimiter=";" if ";" in handle.readline() else ","))
    return sum(1 for row in rows if any(field.strip() for field in row))


FILES = _files()


def test_the_corpus_has_every_kind(real_data: Path) -> None:
    kinds = [kind for _, kind in FILES]
    counts = {kind: kinds.count(kind) for kind in (ANALYSIS, RESULTS, RESULTS_BY_CLASS, WEATHER)}
    assert counts[ANALYSIS] >= 80 and counts[RESULTS] >= 90, counts
    assert counts[RESULTS_BY_CLASS] >= 20 and counts[WEATHER] >= 34, counts


@pytest.mark.parametrize(("relative", "kind"), FILES, ids=[f for f, _ in FILES])
def test_every_real_file_reads(real_data: Path, relative: str, kind: str) -> None:
    path = real_data / relative
    assert sniff(path) == kind
    records = read(path)
    expected = _data_lines(path)
    if kind == ANALYSIS:
        assert isinstance(records, Session)
        assert len(records.laps) == expected
        assert set(records.entries) == {lap.car for lap in records.laps}
        assert all(lap.number >= 0 for lap in records.laps)
    else:
        assert isinstance(records, list)
        assert len(records) == expected
    if kind == WEATHER:
        imperial = relative.startswith("imsa/")
        want = UnitSystem.IMPERIAL if imperial else UnitSystem.METRIC
        assert {reading.units for reading in records} == {want}  # type: ignore[union-attr]


def test_the_zero_byte_weather_file_is_a_format_error(real_data: Path) -> None:
    for relative in ZERO_BYTE:
        with pytest.raises(FormatError, match=r"race-weather\.csv:1: empty file"):
            read(real_data / relative)


def test_grcup_position_written_as_decimal_and_not_started(real_data: Path) -> None:
    path = real_data / "grcup2025/road-america/Road America/Race 2"
    rows = read(path / "03_Results GR Cup Race 2 Official_Anonymized.CSV")
    assert isinstance(rows, list)
    assert [row.position for row in rows[:3]] == [1, 2, 3]  # type: ignore[union-attr]
    last = rows[-1]
    assert last.status is ClassificationStatus.DNS and last.position == 0  # type: ignore[union-attr]


def test_by_class_gaps_with_apostrophe_and_negative_laps(real_data: Path) -> None:
    path = real_data / "grcup2025/road-america/Road America/Race 2"
    rows = read(path / "05_Results by Class GR Cup Race 2 Official_Anonymized.CSV")
    by_number = {row.number: row for row in rows}  # type: ignore[union-attr]
    assert str(by_number["12"].gap_first) == "+1:21.476"
    assert by_number["72"].gap_previous is not None and by_number["72"].gap_previous.laps == -15
    assert by_number["12"].entry.car_class == "Am" and by_number["12"].class_position == 21


def test_weather_units_and_sentinels(real_data: Path) -> None:
    imsa = read(real_data / "imsa/2023/21-road-atlanta/202310141140-race-weather.csv")
    first = imsa[0]
    assert first.units is UnitSystem.IMPERIAL  # type: ignore[union-attr]
    assert str(first.pressure) == "29.53305301" and first.rain is None  # type: ignore[union-attr]
    assert str(first.in_metric().pressure) == "1000.10"  # type: ignore[union-attr]
    grcup = "grcup2025/road-america/Road America/Race 2/26_Weather_Race 2_Anonymized.CSV"
    readings = read(real_data / grcup)
    assert any(r.track_temp is None for r in readings)  # the -999 fault  # type: ignore[union-attr]
    assert all(r.rain == 0 for r in readings)  # type: ignore[union-attr]
