"""The results sheet PDF: a hand-made two-class race whose winners and non-starter are known by
construction, printed through WeasyPrint and read back with pdftotext."""

from __future__ import annotations

import subprocess

import pytest

from conftest import pdftotext
from pitboard.model import (
    Classification,
    ClassificationRules,
    Driver,
    Entry,
    Lap,
    Session,
    SessionKind,
)
from pitboard.reports.results_sheet import (
    SheetHeader,
    results_sheet,
    results_sheet_html,
    results_sheet_pdf,
)
from pitboard.rules import classify
from pitboard.rules.results_table import ResultTable, results_table

ENTRIES = {
    e.number: e
    for e in (
        Entry(
            "7", "Silver", "North Racing", "BMW M4 GT4", (Driver("Ada Winner"), Driver("Bo Two"))
        ),
        Entry("8", "Silver", "South Racing", "Audi R8 LMS GT4", (Driver("Cy Second"),)),
        Entry("21", "Am", "East Racing", "Ginetta G56 GT4", (Driver("Di Amwin"),)),
        Entry("22", "Am", "West Racing", "Ford Mustang GT4", (Driver("Ed Nostart"),)),
    )
}
HEADER = SheetHeader(
    series="Test Series 2024",
    event="Round 2 · Anderstorp",
    session="Race 1",
    date="Sat 08 Jun 2024, 15:00 CEST",
    circuit="Anderstorp Raceway · 4.025 km",
    conditions="Air 21.0–23.5 °C · track 30.1–34.0 °C",
    state="provisional",
    version=1,
    published="08 Jun 2024 16:10 UTC by Clerk",
)


def _laps(car: str, lap_time: int, count: int) -> list[Lap]:
    driver = ENTRIES[car].drivers[0].name
    return [Lap(car, n, lap_time, lap_time * n, driver=driver) for n in range(1, count + 1)]


@pytest.fixture(scope="module")
def race() -> Session:
    laps = _laps("7", 100_000, 10) + _laps("8", 100_500, 10) + _laps("21", 103_000, 10)
    return Session(SessionKind.RACE, dict(ENTRIES), laps, name="Race 1")


UNRANKED = ClassificationRules(not_classified_positions=False)


def _table(race: Session, rules: ClassificationRules = UNRANKED) -> ResultTable:
    found: Classification = classify(race, rules)
    return results_table(found, rules)


def _text(pdf: bytes, tmp_path: object) -> str:
    done = subprocess.run(
        [pdftotext(), "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    )
    return done.stdout.decode("utf-8")


def test_pdf_has_header_class_sections_winners_block_and_signatures(
    race: Session, tmp_path: object
) -> None:
    sheet = results_sheet(HEADER, _table(race), ["Car 8: 5 s time penalty — track limits"])
    pdf = results_sheet_pdf(sheet)
    assert pdf.startswith(b"%PDF")
    text = _text(pdf, tmp_path)
    assert "PROVISIONAL" in text.replace(" ", "")  # the stamp is letter-spaced
    expected = (
        "Round 2 · Anderstorp", "Race 1", "Sat 08 Jun 2024", "Air 21.0", "Version 1",
        "Clerk of the Course", "Chief Timekeeper", "Not classified", "track limits",
    )  # fmt: skip
    for words in expected:
        assert words in text, words
    lines = text.splitlines()
    silver = next(i for i, line in enumerate(lines) if line.strip().startswith("Silver"))
    am = next(i for i, line in enumerate(lines) if line.strip().startswith("Am "))
    out = next(i for i, line in enumerate(lines) if "Not classified" in line)
    assert silver < am < out
    first_silver = next(
        line for line in lines[silver + 1 : am] if "Winner" in line or "Second" in line
    )
    assert "Ada Winner" in first_silver
    first_am = next(line for line in lines[am + 1 : out] if "Amwin" in line or "Nostart" in line)
    assert "Di Amwin" in first_am
    assert "Ed Nostart" in "\n".join(lines[out:]) and "DNS" in "\n".join(lines[out:])


def test_class_gap_is_to_the_class_leader(race: Session) -> None:
    sheet = results_sheet(HEADER, _table(race))
    silver = dict(sheet.classes)["Silver"]
    assert [(r.number, r.gap) for r in silver] == [("7", "-"), ("8", "+5.000")]
    assert [r.number for r in dict(sheet.classes)["Am"]] == ["21"]
    assert [(r.number, r.status) for r in sheet.not_classified] == [("22", "DNS")]


def test_html_escapes_names(race: Session) -> None:
    header = SheetHeader("S", "<script>x</script>", "Race 1", "today")
    html = results_sheet_html(results_sheet(header, _table(race)))
    assert "<script>x" not in html and "&lt;script&gt;x" in html


def test_a_ruleset_that_ranks_every_car_keeps_it_in_its_class(race: Session) -> None:
    """Default rules: the non-starter #22 carries positions, so it is listed in the Am class
    (marked DNS) and the "Not classified" block is empty."""
    sheet = results_sheet(HEADER, _table(race, ClassificationRules()))
    am = dict(sheet.classes)["Am"]
    assert [(r.number, r.class_position, r.position, r.status) for r in am] == [
        ("21", "1", "3", ""),
        ("22", "2", "4", "DNS"),
    ]
    assert sheet.not_classified == []


def test_interval_is_to_the_car_ahead_in_the_class(race: Session) -> None:
    sheet = results_sheet(HEADER, _table(race))
    silver = dict(sheet.classes)["Silver"]
    assert [(r.number, r.gap, r.interval, r.time) for r in silver] == [
        ("7", "-", "-", "16:40.000"),
        ("8", "+5.000", "+5.000", "16:45.000"),
    ]
