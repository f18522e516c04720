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


FULL = (
    "raceId,year,round,circuitId,name,date,time,url,fp1_date,fp1_time,fp2_date,fp2_time,"
    "fp3_date,fp3_time,quali_date,quali_time,sprint_date,sprint_time\n"
)


def test_row_without_the_trailing_optional_columns_reads(tmp_path: Path) -> None:
    # The current export gives its newest races.csv rows only the first 8 of 18 columns.
    path = tmp_path / "races.csv"
    old = '1,2024,1,3,"Bahrain Grand Prix",2024-03-02,15:00:00,"u"' + ",\\N" * 10 + "\n"
    new = '1144,2025,24,24,"Abu Dhabi Grand Prix",2025-12-07,13:00:00,"u"\n'
    path.write_text(FULL + old + new, encoding="utf-8")
    read = read_table(
        path, TABLES["races"], lambda r: (r.text("name"), r.optional_text("fp1_date"))
    )
    assert read == [("Bahrain Grand Prix", None), ("Abu Dhabi Grand Prix", None)]


def test_row_without_a_required_column_names_it(tmp_path: Path) -> None:
    path = tmp_path / "races.csv"
    path.write_text(FULL + '1144,2025,24,24,"Abu Dhabi Grand Prix"\n', encoding="utf-8")
    with pytest.raises(FormatError) as error:
        read_table(path, TABLES["races"], lambda r: r.text("date"))
    assert str(error.value) == "races.csv:2: missing value in column date"


def test_row_with_more_fields_than_the_header_is_an_issue_and_collect_goes_on(
    tmp_path: Path,
) -> None:
    path = _races(tmp_path, "1,2009,1,a,b,EXTRA\n2,2009,2,c,d\n")
    issues: list[FormatError] = []
    assert read_table(path, TABLES["races"], lambda r: r.integer("round"), issues) == [2]
    assert [str(i) for i in issues] == ["races.csv:2: expected 5 fields, found 6"]
    with pytest.raises(FormatError, match="expected 5 fields, found 6"):
        read_table(path, TABLES["races"], lambda r: r.integer("round"))
