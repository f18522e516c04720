"""Ergast reader: a malformed row names file:line, column and the raw value."""

from __future__ import annotations

from pathlib import Path

import pytest

from pitboard.formats.ergast import TABLES, read_table, rows
from pitboard.model import FormatError

HEADER = "raceId,year,round,name,date\n"


def _races(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "races.csv"
    path.write_text(HEADER + body, encoding="utf-8")
    return path


def test_bad_number_names_file_line_column_and_value(tmp_path: Path) -> None:
    path = _races(tmp_path, '1,2009,1,"Australian",2009-03-29\n2,20x9,2,"Malaysian",2009-04-05\n')
    with pytest.raises(FormatError) as error:
        list(read_table(path, TABLES["races"], lambda r: r.integer("year")))
    assert str(error.value) == "races.csv:3: bad number '20x9' in column year"


def test_null_is_none_and_collect_keeps_going(tmp_path: Path) -> None:
    path = _races(tmp_path, "1,\\N,1,a,b\n2,bad,2,c,d\n3,2009,3,e,f\n")
    issues: list[FormatError] = []
    years = read_table(path, TABLES["races"], lambda r: r.optional_integer("year"), issues)
    assert years == [None, 2009] and len(issues) == 1


def test_missing_column(tmp_path: Path) -> None:
    path = tmp_path / "races.csv"
    path.write_text("raceId,year\n1,2009\n", encoding="utf-8")
    with pytest.raises(FormatError, match="missing column in column round"):
        list(rows(path, TABLES["races"]))
