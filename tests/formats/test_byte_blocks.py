"""Lap files read as bytes blocks (`Table.blocks`, `Table.fields`, `analysis._column_laps`)
give what the careful row-by-row way gives, and the row-by-row way still gives the located error.

- Blocks cut anywhere (a byte at a time, inside a multi-byte UTF-8 character, inside `\\r\\n`),
  with a BOM or not, `\\n` or `\\r\\n` endings, `;` or `,` (the IMSA variant), a last line with no
  line end, a needed column last on the line (so the `\\r` of `\\r\\n` sits in a needed field).
- A plain file really is read by blocks (else every comparison here would be row against row).
- A malformed field, a stray `\\r`, a Latin-1 byte or a short line in the middle of a block:
  the same located FormatError (file, line, column, value) as before blocks existed; the
  messages are written here from the files, not taken from the code.
"""

from __future__ import annotations

import codecs
import io
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pitboard.formats.alkamel import analysis
from pitboard.formats.alkamel.analysis import read_analysis
from pitboard.formats.text import open_table, table_from_stream
from pitboard.model import FormatError, Lap, SessionKind

HEADER = (
    "NUMBER;DRIVER_NUMBER;LAP_NUMBER;LAP_TIME;LAP_IMPROVEMENT;ELAPSED;HOUR;DRIVER_NAME;FLAG_AT_FL"
)
ROWS = [
    "7;1;1;1:45.000;0;1:45.000;16:00:01.000;Ann;GF",
    "21;2;1;1:46.000;0;1:46.000;16:00:02.000;Séverine Ørsted;FCY",  # 2- and 3-byte UTF-8
    "7;2;2;1:42.500;2;3:27.500;16:01:43.500;Cy 王;GF",
    "21;2;2;59.250;0;2:45.250;16:02:41.250;Séverine Ørsted;FF",
    "3;1;1;1:02:03.456;0;1:02:03.456;9:59:59.999;;SF",
]


def _row_by_row(path: Path) -> tuple[list[Lap], dict[str, object]]:
    cars: dict[str, analysis._Car] = {}
    table = open_table(path)
    laps = list(analysis._laps(table, cars, False))
    return laps, {number: analysis._entry(number, car) for number, car in cars.items()}


def _write(path: Path, lines: list[str], ending: str, bom: bool, last_ending: bool) -> None:
    text = ending.join(lines) + (ending if last_ending else "")
    path.write_bytes((codecs.BOM_UTF8 if bom else b"") + text.encode())


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(ROWS), min_size=1, max_size=9),
    st.sampled_from([1, 2, 3, 5, 17, 64, analysis.CHUNK]),
    st.sampled_from(["\n", "\r\n"]),
    st.booleans(),
    st.booleans(),
    st.sampled_from([";", ","]),
)
def test_blocks_cut_anywhere_read_what_the_rows_read(
    tmp_path_factory: pytest.TempPathFactory,
    rows: list[str],
    chunk: int,
    ending: str,
    bom: bool,
    last_ending: bool,
    separator: str,
) -> None:
    path = tmp_path_factory.mktemp("blocks") / "laps.csv"
    lines = [line.replace(";", separator) for line in [HEADER, *rows]]
    _write(path, lines, ending, bom, last_ending)
    expected = _row_by_row(path)

    def no_rows(*args: object) -> None:
        raise AssertionError("a plain file is read by blocks, not row by row")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(analysis, "CHUNK", chunk)
        patch.setattr(analysis, "_plain_lap", no_rows)
        session = read_analysis(path, SessionKind.RACE, sectors=False)
    assert (session.laps, session.entries) == expected


def test_the_last_field_of_a_crlf_line_is_read_without_its_cr(tmp_path: Path) -> None:
    """FLAG_AT_FL last with no trailing separator: the `\\r` must not reach the flag."""
    path = tmp_path / "laps.csv"
    _write(path, [HEADER, *ROWS], "\r\n", bom=True, last_ending=True)
    laps = read_analysis(path, SessionKind.RACE, sectors=False).laps
    assert [lap.flag.name if lap.flag else None for lap in laps] == [
        "GREEN", "FCY", "GREEN", "CHEQUERED", "SAFETY_CAR",
    ]  # fmt: skip
    assert [lap.driver for lap in laps][1] == "Séverine Ørsted"
    assert laps[4].time == 3_723_456 and laps[4].hour == 35_999_999


def _plain(count: int) -> list[str]:
    """`count` plain rows, car 7, laps 1.. (each 1:40.000), elapsed in step."""
    return [
        f"7;1;{n};1:40.000;0;{(n * 100) // 60}:{(n * 100) % 60:02d}.000;16:00:00.000;Ann;GF"
        for n in range(1, count + 1)
    ]


@pytest.mark.parametrize("ending", ["\n", "\r\n"])
@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (
            "7;1;301;1:4x.000;0;8:20.000;16:00:00.000;Ann;GF",
            "bad time '1:4x.000' in column LAP_TIME",
        ),
        (
            "7;1;301;1:40.000;0;8:20.000;16:00:00.000;Ann;XX",
            "unknown flag 'XX' in column FLAG_AT_FL",
        ),
        ("7;x;301;1:40.000;0;8:20.000;16:00:00.000;Ann;GF", "'x' in column DRIVER_NUMBER"),
        ("7;1;301;1:40.000", "truncated row, 4 of 9 fields"),
    ],
)
def test_a_bad_field_in_the_middle_of_a_block_is_located(
    tmp_path: Path, ending: str, bad: str, message: str
) -> None:
    """Row 301 of 600 (line 302): the rows are ~60 bytes, so the 600 are one block, with the
    bad one in its middle."""
    path = tmp_path / "laps.csv"
    rows = _plain(600)
    rows[300] = bad
    _write(path, [HEADER, *rows], ending, bom=True, last_ending=True)
    with pytest.raises(FormatError) as raised:
        read_analysis(path, SessionKind.RACE)
    assert str(raised.value).startswith(f"{path}:302: ")
    assert message in str(raised.value)


def test_rows_after_a_bad_block_keep_their_line_numbers(tmp_path: Path) -> None:
    """Blocks read before the unusual one count their lines only when the rows take over:
    a bad time on line 2,002 of a file read in 64-byte blocks."""
    path = tmp_path / "laps.csv"
    rows = _plain(2100)
    rows[2000] = rows[2000].replace("1:40.000", "1:40.0000")
    _write(path, [HEADER, *rows], "\r\n", bom=False, last_ending=True)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(analysis, "CHUNK", 64)
        with pytest.raises(FormatError) as raised:
            read_analysis(path, SessionKind.RACE)
    assert str(raised.value) == f"{path}:2002: bad time '1:40.0000' in column LAP_TIME"


def test_a_stray_cr_in_a_block_is_a_line_end_as_before(tmp_path: Path) -> None:
    """A lone `\\r` ends a line for the row reader: the block goes to the rows, which
    find the line it cut short."""
    path = tmp_path / "laps.csv"
    rows = _plain(200)
    rows[100] = rows[100].replace(";1:40.000;", ";1:40.000\r;")
    _write(path, [HEADER, *rows], "\n", bom=False, last_ending=True)
    with pytest.raises(FormatError) as raised:
        read_analysis(path, SessionKind.RACE)
    assert str(raised.value).startswith(f"{path}:102: truncated row, 4 of 9 fields")


def test_a_latin1_byte_in_a_block_names_line_column_and_value(tmp_path: Path) -> None:
    path = tmp_path / "laps.csv"
    rows = _plain(400)
    lines = ("\n".join([HEADER, *rows]) + "\n").encode().split(b"\n")
    lines[250] = lines[250].replace(b"Ann", b"Ren\xe9")  # Latin-1 `é`, line 251
    path.write_bytes(b"\n".join(lines))
    with pytest.raises(FormatError) as raised:
        read_analysis(path, SessionKind.RACE)
    assert str(raised.value) == (
        f"{path}:251: not UTF-8 text (Latin-1?) 'Ren\\\\xe9' in column DRIVER_NAME"
    )


def test_a_file_that_cannot_be_read_again_is_read_row_by_row(tmp_path: Path) -> None:
    """A pipe (no `seek`): no blocks, the rows read it all, to the same laps."""
    path = tmp_path / "laps.csv"
    _write(path, [HEADER, *ROWS], "\r\n", bom=True, last_ending=True)

    class Unseekable(io.BufferedReader):
        def seekable(self) -> bool:
            return False

    raw = Unseekable(io.FileIO(path))
    table = table_from_stream(io.TextIOWrapper(raw, encoding="utf-8-sig", newline=""), str(path))
    assert list(table.blocks(analysis.CHUNK)) == []
    cars: dict[str, analysis._Car] = {}
    laps = list(analysis._row_laps(table, table.rows, analysis._Columns(table, False), cars))
    assert laps == _row_by_row(path)[0]


def test_a_stream_in_another_encoding_is_read_row_by_row_in_it(tmp_path: Path) -> None:
    """The blocks are read as UTF-8: a stream opened in another encoding (Latin-1 here, where
    `é` is one byte that is not UTF-8) gives no blocks, and its rows are read in its encoding."""
    path = tmp_path / "laps.csv"
    path.write_bytes(
        f"{HEADER}\n7;1;1;1:45.000;0;1:45.000;16:00:01.000;René;GF\n".encode("latin-1")
    )
    handle = open(path, encoding="latin-1", newline="")  # noqa: SIM115 - the table closes it
    table = table_from_stream(handle, str(path))
    assert list(table.blocks(analysis.CHUNK)) == []
    cars: dict[str, analysis._Car] = {}
    laps = list(analysis._row_laps(table, table.rows, analysis._Columns(table, False), cars))
    assert [(lap.car, lap.driver, lap.time) for lap in laps] == [("7", "René", 105_000)]
