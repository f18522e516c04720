"""Bad input gives a FormatError naming file:line, the column and the raw value; nothing else."""

from __future__ import annotations

from pathlib import Path

import pytest

from pitboard.formats.penalties import read_penalties
from pitboard.formats.registry import read
from pitboard.model import FormatError

from .samples import (
    BAD_TIME,
    NEEDED,
    PENALTIES,
    READERS,
    replace_on_line,
    truncate_line,
    write,
)

NAMES = sorted(READERS)


def _error(reader_name: str, path: Path) -> FormatError:
    _, reader = READERS[reader_name]
    with pytest.raises(FormatError) as caught:
        reader(path)
    return caught.value


@pytest.mark.parametrize("name", NAMES)
def test_the_sample_reads(tmp_path: Path, name: str) -> None:
    text, reader = READERS[name]
    assert reader(write(tmp_path, text))


@pytest.mark.parametrize("name", NAMES)
def test_bad_time_names_line_column_and_value(tmp_path: Path, name: str) -> None:
    text, _ = READERS[name]
    column, line, old, new = BAD_TIME[name]
    path = write(tmp_path, replace_on_line(text, line, old, new))
    error = _error(name, path)
    assert (error.path, error.line, error.column, error.value) == (str(path), line, column, new)
    assert str(error).startswith(f"{path}:{line}: ")
    assert repr(new) in str(error) and column in str(error)


@pytest.mark.parametrize("name", NAMES)
def test_truncated_row(tmp_path: Path, name: str) -> None:
    text, _ = READERS[name]
    path = write(tmp_path, truncate_line(text, 3, 2))
    error = _error(name, path)
    assert error.line == 3 and "truncated row, 2 of" in error.message
    assert error.value is not None and error.value.count(";") == 1


@pytest.mark.parametrize("name", NAMES)
def test_missing_column(tmp_path: Path, name: str) -> None:
    text, _ = READERS[name]
    column = NEEDED[name]
    header, rest = text.split("\n", 1)
    path = write(tmp_path, header.replace(column, "SOMETHING_ELSE", 1) + "\n" + rest)
    error = _error(name, path)
    assert error.line == 1
    assert column in error.message or "unknown format" in error.message


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty file"),
        (b"\n\n  \n", "empty file"),
        (b"\x00\x01\x02binary\xff\xfe\x00garbage", "binary data"),
        (b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00", "binary data"),
        (bytes(range(256)) * 4, "binary data"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not UTF-8"),
        ("NUMBER;LAP_TIME\n1;1:00.000\n".encode("utf-16"), "UTF-16"),
    ],
)
def test_not_a_text_table(tmp_path: Path, name: str, content: bytes, message: str) -> None:
    path = write(tmp_path, content)
    error = _error(name, path)
    assert message in str(error) and str(error).startswith(f"{path}:1: ")


@pytest.mark.parametrize("name", NAMES)
def test_latin1_bytes_name_line_and_column(tmp_path: Path, name: str) -> None:
    text, _ = READERS[name]
    lines = text.splitlines(keepends=True)
    # a long file, so that the bad byte lies far beyond the decoder's first read-ahead
    body = lines[1:] * 400
    data = "".join(lines[:1] + body).encode("utf-8")
    bad_line = 1 + len(body)
    tail = "".join(body[-1:]).encode("utf-8")
    separator = b";" if b";" in tail else b","
    first, rest = tail.split(separator, 1)
    data = data[: -len(tail)] + first + b"\xe9t\xe9" + separator + rest
    path = write(tmp_path, data)
    error = _error(name, path)
    assert error.line == bad_line, str(error)
    assert error.value is not None and "\\xe9t\\xe9" in error.value
    assert error.column is not None


@pytest.mark.parametrize("name", NAMES)
def test_a_directory(tmp_path: Path, name: str) -> None:
    error = _error(name, tmp_path)
    assert str(error).startswith(f"{tmp_path}: cannot open file")


@pytest.mark.parametrize("name", NAMES)
def test_a_missing_file(tmp_path: Path, name: str) -> None:
    path = tmp_path / "nope.csv"
    error = _error(name, path)
    assert str(error) == f"{path}: cannot open file: No such file or directory"


def test_unknown_format_names_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, "A;B;C\n1;2;3\n")
    with pytest.raises(FormatError, match=r"sample\.csv:1: unknown format"):
        read(path)
    with pytest.raises(FormatError, match=r"unknown format 'pdf'"):
        read(path, format="pdf")


def test_blank_lines_and_trailing_separators_are_ignored(tmp_path: Path) -> None:
    text, reader = READERS["analysis"]
    spaced = text.replace("\r\n", "\r\n\r\n;;;\r\n", 2)
    session, plain = reader(write(tmp_path, spaced)), reader(write(tmp_path, text, "plain.csv"))
    assert session.laps == plain.laps and session.entries == plain.entries  # type: ignore[attr-defined]


@pytest.mark.parametrize("seconds", ["1e55", "inf", "nan", "0", "0.0001", "true"])
def test_penalty_seconds_out_of_range_found_by_fuzzing(tmp_path: Path, seconds: str) -> None:
    text = PENALTIES.replace("seconds = 5", f"seconds = {seconds}")
    with pytest.raises(FormatError, match=r"penalties\.toml:1: penalty #1: seconds must be"):
        read_penalties(write(tmp_path, text, "penalties.toml"))
