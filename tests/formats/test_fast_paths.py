"""The fast paths of reading (bench/classify.py) give what the slow ones give.

- `formats.text` splits a line without quotes on the separator: rows and line numbers must be
  those of the `csv` module, also when a quoted field (with a separator or a line break inside)
  sends the rest of the file to `csv`.
- `parse_duration` answers most times from look-up tables: checked against a reference written
  here from the format's definition, over sequences of times (the tables fill as they go).
- `parse_durations` (a whole column at once) gives what `parse_duration` gives field by field.
- A lap analysis row with unusual but valid fields takes the careful path to the same lap.
- `read_analysis` reads column by column: the same laps and entries as the row-by-row stream,
  on every real file and on files with an unusual row (which send the file to the rows).
- `sectors=False` (what `pitboard classify` reads) classifies every real session the same.
"""

from __future__ import annotations

import csv
import dataclasses
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.formats.test_real_files import FILES

from pitboard.formats.alkamel import analysis
from pitboard.formats.alkamel.analysis import iter_laps, read_analysis
from pitboard.formats.registry import ANALYSIS, guess_session_kind
from pitboard.formats.text import open_table
from pitboard.model import (
    Flag,
    FormatError,
    Lap,
    SessionKind,
    clock,
    parse_duration,
    parse_durations,
)
from pitboard.rules import classify


def _csv_rows(path: Path) -> list[tuple[int, list[str]]]:
    """Non-blank rows after the header, with the line each ends on, as `csv` reads them."""
    with open(path, encoding="utf-8-sig", newline="") as handle:
        first = handle.readline()
        separator = max(";,\t", key=first.count)
        reader = csv.reader(handle, delimiter=separator)
        return [(reader.line_num + 1, row) for row in reader if any(field.strip() for field in row)]


CELL = st.text(alphabet=';,"ab 1\r\n', max_size=6)


@settings(max_examples=300)
@given(st.lists(st.lists(CELL, min_size=1, max_size=4), max_size=6), st.booleans())
def test_rows_are_those_of_the_csv_module(
    tmp_path_factory: pytest.TempPathFactory, rows: list[list[str]], crlf: bool
) -> None:
    path = tmp_path_factory.mktemp("rows") / "table.csv"
    ending = "\r\n" if crlf else "\n"
    body = ending.join(";".join(row) for row in rows)
    path.write_text(f"A;B;C;D{ending}{body}", encoding="utf-8", newline="")
    try:
        expected = _csv_rows(path)
    except csv.Error:
        return  # what `csv` refuses is a FormatError, tested in test_bad_input
    assert list(open_table(path).rows) == expected


def test_a_quoted_field_hands_the_rest_to_csv(tmp_path: Path) -> None:
    path = tmp_path / "quoted.csv"
    path.write_text('A;B\n1;x\n2;"y;\nz"\n3;w\n', encoding="utf-8")
    assert list(open_table(path).rows) == [(2, ["1", "x"]), (4, ["2", "y;\nz"]), (5, ["3", "w"])]


def _reference_duration(text: str) -> int | None:
    """`[[h:]mm:]ss[.f{1,3}]` in ms (one or more digits first, two after each colon)."""
    found = re.fullmatch(r"(\d+)(?::(\d\d))?(?::(\d\d))?(?:\.(\d{1,3}))?", text.strip(), re.ASCII)
    if found is None:
        return None
    parts = [int(part) for part in found.group(1, 2, 3) if part is not None]
    seconds = 0
    for part in parts:
        seconds = seconds * 60 + part
    fraction = found.group(4) or ""
    return seconds * 1000 + (int(fraction.ljust(3, "0")) if fraction else 0)


HOURS = ["", "1:", "16:", "0:", "123:", "002:", "1:2:", " "]
MINUTES = ["", "02:", "2:", "59:", "99:", "00:"]
SECONDS = ["03", "3", "60", "00", "45", "99"]
FRACTIONS = [".123", ".12", ".1", ".", ".1234", ".000", "", ". 12"]
SHAPES = [h + m + s + f for h in HOURS for m in MINUTES for s in SECONDS for f in FRACTIONS]
TIME = st.one_of(st.text(alphabet="0123456789:. ", max_size=12), st.sampled_from(SHAPES))


@pytest.mark.parametrize("order", [1, -1])
def test_parse_duration_agrees_with_the_reference_on_every_shape(
    order: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(clock, "_SHORT_WHOLE_SECONDS", {})  # start cold, as a process does
    for text in SHAPES[::order]:
        try:
            parsed: int | None = parse_duration(text)
        except ValueError:
            parsed = None
        assert parsed == _reference_duration(text), text


@settings(max_examples=500)
@given(st.lists(TIME, max_size=30))
def test_parse_duration_agrees_with_the_reference(texts: list[str]) -> None:
    for text in texts:
        try:
            parsed: int | None = parse_duration(text)
        except ValueError:
            parsed = None
        assert parsed == _reference_duration(text), text


def _one_by_one(texts: list[str]) -> list[int | None] | None:
    try:
        return [parse_duration(text) if text else None for text in texts]
    except ValueError:
        return None


COLUMN_TIME = st.one_of(
    TIME, st.sampled_from(["", "1:38.123", "16:04:19.878", "1:2\n3.456", "１:38.123", "1:3٨.123"])
)


@settings(max_examples=500)
@given(st.lists(COLUMN_TIME, max_size=12))
def test_parse_durations_is_parse_duration_on_each_field(texts: list[str]) -> None:
    try:
        parsed: list[int | None] | None = parse_durations([text.encode() for text in texts])
    except ValueError:
        parsed = None
    assert parsed == _one_by_one(texts)


@pytest.mark.parametrize(
    "texts",
    [
        ["1:38.123", "", "59.999", "7.001", "0:00:00.000", "16:04:19.878", "123:59:59.999"],
        ["99:99.999", "0.000", "123456:00:00.001", "00:00.000", "5:00:01.000"],
    ],
)
def test_parse_durations_reads_the_usual_shapes_by_arithmetic(
    texts: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = _one_by_one(texts)
    assert expected is not None

    def not_field_by_field(text: str) -> int:
        raise AssertionError(text)

    monkeypatch.setattr(clock, "parse_duration", not_field_by_field)
    assert parse_durations([text.encode() for text in texts]) == expected


@pytest.mark.parametrize(
    "texts",
    [
        ["", "", "0:01:27.261", "", "", "", "1:39.328", "", ""],  # pit times: mostly empty
        ["", "", "", "", "", "", "", "", "16:04:19.878"],
        ["", "", "", ""],
    ],
)
def test_a_mostly_empty_column_reads_its_written_fields_by_arithmetic(
    texts: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = _one_by_one(texts)
    assert expected is not None and expected.count(None) * 2 > len(texts)

    def not_field_by_field(text: str) -> int:
        raise AssertionError(text)

    monkeypatch.setattr(clock, "parse_duration", not_field_by_field)
    assert parse_durations([text.encode() for text in texts]) == expected


@pytest.mark.parametrize("bad", ["1:2x.261", "1::38.123", "1:38.1234", "1:3.123"])
def test_a_mostly_empty_column_with_a_bad_field_raises(bad: str) -> None:
    texts = ["", "", "0:01:27.261", "", bad, "", ""]
    assert _one_by_one(texts) is None  # parse_duration refuses it
    with pytest.raises(ValueError):
        parse_durations([text.encode() for text in texts])


def test_parse_durations_grows_its_table_as_the_columns_need(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(clock, "_CORRECTION", [])
    columns = [
        ["1:38.123", "59.999"],  # m:ss: the first hundred entries
        ["16:04:19.878", "0:00:00.000"],  # a time of day: to 16:04
        ["2:03:04.005", "1:59:59.999"],  # below what is made already
        ["24:59:59.999", "23:00:00.001"],  # the end of a 24-hour race
        ["99:59:59.999"],  # the last entry
    ]
    for texts in columns:
        assert parse_durations([text.encode() for text in texts]) == _one_by_one(texts), texts
    assert len(clock._CORRECTION) == 99 * 100 + 59 + 1


HEADER = "NUMBER;DRIVER_NUMBER;LAP_NUMBER;LAP_TIME;LAP_IMPROVEMENT;ELAPSED;HOUR;FLAG_AT_FL;\n"


@pytest.mark.parametrize(
    "row",
    [
        "7;1;12;1:38.123;2;20:01.500;16:04:19.878;GF;",  # the plain path
        " 7 ; 01 ;12.0; 1:38.123 ; 2 ;20:01.5; 16:04:19.878 ; GF ;",  # the careful path
    ],
)
def test_plain_and_careful_rows_read_the_same(tmp_path: Path, row: str) -> None:
    path = tmp_path / "laps.csv"
    path.write_text(HEADER + row + "\n", encoding="utf-8")
    (lap,) = read_analysis(path, SessionKind.RACE).laps
    assert lap == Lap(
        car="7",
        number=12,
        time=98_123,
        elapsed=1_201_500,
        hour=57_859_878,
        driver_number=1,
        flag=Flag.GREEN,
        improvement=2,
    )


LAP_FILES = [relative for relative, kind in FILES if kind == ANALYSIS]


@pytest.mark.parametrize("relative", LAP_FILES)
def test_classify_reads_no_sectors_and_gets_the_same_result(real_data: Path, relative: str) -> None:
    """`sectors=False` skips the sector and speed-trap columns, and nothing else."""
    path = real_data / relative
    kind = guess_session_kind(path)
    full = read_analysis(path, kind)
    lean = read_analysis(path, kind, sectors=False)
    assert lean.entries == full.entries
    assert lean.laps == [dataclasses.replace(lap, sectors=(), top_speed=None) for lap in full.laps]
    assert classify(lean) == classify(full)


def _row_by_row(path: Path, sectors: bool) -> tuple[list[Lap], dict[str, object]]:
    cars: dict[str, analysis._Car] = {}
    laps = list(analysis._laps(open_table(path), cars, sectors))
    return laps, {number: analysis._entry(number, car) for number, car in cars.items()}


@pytest.mark.parametrize("relative", LAP_FILES)
def test_columns_and_rows_read_every_real_file_the_same(real_data: Path, relative: str) -> None:
    path = real_data / relative
    for sectors in (True, False):
        session = read_analysis(path, SessionKind.RACE, sectors=sectors)
        assert (session.laps, session.entries) == _row_by_row(path, sectors)


ROW_HEADER = (
    "NUMBER;DRIVER_NUMBER;LAP_NUMBER;LAP_TIME;LAP_IMPROVEMENT;CROSSING_FINISH_LINE_IN_PIT;"
    "S1;ELAPSED;HOUR;TOP_SPEED;DRIVER_NAME;PIT_TIME;CLASS;TEAM;FLAG_AT_FL;"
)
PLAIN_ROWS = [
    "7;1;1;1:45.000;0;;31.1;1:45.000;16:00:01.000;201.5;Ann;;GT3;Red;GF;",
    "21;2;1;1:46.000;0;B;32.2;1:46.000;16:00:02.000;;Bo;;GT4;Blue;FCY;",
    "7;2;2;1:42.500;2;;30.9;3:27.500;16:01:43.500;203.1;Cy;0:01:05.000;GT3;Red;GF;",
    "21;1;2;2:46.000;0;;33.0;4:32.000;16:02:48.000;;Bo;;GT4;Blue;FF;",
]
ODD_ROWS = [
    " 7 ;1;3; 1:41.000 ;0;;31.0;5:08.500;16:03:24.500;;Ann;;GT3;Red; GF ;",  # padded
    "7;1;4;1:41.5;0;;31.0;6:50.000;16:05:06.000;;Ann;;GT3;Red;GF;",  # a short fraction
    "21;;3;1:45.000;0;;33.0;6:17.000;16:04:33.000;;Bo;",  # short, still has PIT_TIME
    "21;1;4;1:45.000;0;;33.0;6:17.000;16:04:33.000",  # truncated: an error either way
    "22;1;1;1:4x.000;0;;33.0;6:17.000;16:04:33.000;;Bo;;GT4;Blue;GF;",  # bad time: an error
    "21;1;3;1:45.000;0;;33.0;6:17.000;16:04:33.000;;Bo;;GT4;Blue;GF;extra;",
    "8;1;1;;0;;;;;;Di;;GT4;;;",  # empty times
    "",  # a blank line: skipped, and the block it is in is read row by row
    '7;1;5;"1:40.000";0;;31.0;8:30.000;16:06:46.000;;Ann;;GT3;Red;GF;',  # quoted: csv reads on
]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(PLAIN_ROWS + ODD_ROWS), min_size=1, max_size=8),
    st.booleans(),
    st.sampled_from([1, 2, 3, analysis.CHUNK]),
    st.sampled_from(["\n", "\r\n", "\r"]),
    st.booleans(),
)
def test_columns_and_rows_read_any_mix_of_rows_the_same(
    tmp_path_factory: pytest.TempPathFactory,
    rows: list[str],
    sectors: bool,
    chunk: int,
    ending: str,
    last_ending: bool,
) -> None:
    path = tmp_path_factory.mktemp("mix") / "laps.csv"
    text = ending.join([ROW_HEADER, *rows]) + (ending if last_ending else "")
    path.write_text(text, encoding="utf-8", newline="")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(analysis, "CHUNK", chunk)  # chunk boundaries anywhere in the file
        _same_as_rows(path, sectors)


def _same_as_rows(path: Path, sectors: bool) -> None:
    try:
        expected = _row_by_row(path, sectors)
    except FormatError as error:
        with pytest.raises(FormatError) as raised:
            read_analysis(path, SessionKind.RACE, sectors=sectors)
        assert str(raised.value) == str(error)
        return
    session = read_analysis(path, SessionKind.RACE, sectors=sectors)
    assert (session.laps, session.entries) == expected
    assert session.laps == list(iter_laps(path, sectors=sectors))
