"""The results sheet of a real WEC race (Fuji 6 Hours 2024, Al Kamel lap analysis) with each car's
best sectors, ideal lap and top speed: imported with the project's importer into a temporary
SQLite store, served by the site (PDF, HTML, JSON, CSV), and checked against the file's own
S1/S2/S3 and TOP_SPEED columns read here with the csv module.

Expected bests are worked out from the file alone for the cars none of whose lap times was
deleted (their marked `LAP_IMPROVEMENT` lap is also their fastest `LAP_TIME`): the least of each
sector over all their laps but lap 1's S1 (timed from the start, not from the line: Al Kamel never
marks it, docs/lap-analysis.md), and the greatest TOP_SPEED over all their laps.
"""

from __future__ import annotations

import csv
import io
import re
import subprocess
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from conftest import pdftotext
from pitboard.importers import import_alkamel
from pitboard.store import open_store
from pitboard.web.app import create_app

FUJI = "wec/2024/fuji_6h.csv"
KEY = "fuji-2024"


def _millis(text: str) -> int:
    """`22.174`, `1:31.078` or `1:02:03.456` -> ms (the test's own reading)."""
    *parts, last = text.split(":")
    whole, _, fraction = last.partition(".")
    minutes = 0
    for part in parts:
        minutes = minutes * 60 + int(part)
    return (minutes * 60 + int(whole)) * 1000 + int(fraction.ljust(3, "0"))


def _text(millis: int) -> str:
    """How an official sheet prints a sector or a lap: `22.174`, `1:31.078`."""
    minutes, rest = divmod(millis, 60_000)
    seconds, thousandths = divmod(rest, 1000)
    if minutes:
        return f"{minutes}:{seconds:02d}.{thousandths:03d}"
    return f"{seconds}.{thousandths:03d}"


def _file_cars(path: Path) -> dict[str, list[dict[str, str]]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle, delimiter=";")
        header = [name.strip() for name in next(reader)]
        cars: dict[str, list[dict[str, str]]] = {}
        for fields in reader:
            row = dict(zip(header, (field.strip() for field in fields), strict=False))
            cars.setdefault(row["NUMBER"], []).append(row)
    return cars


def _nothing_deleted(rows: list[dict[str, str]]) -> bool:
    times = [_millis(row["LAP_TIME"]) for row in rows if row["LAP_TIME"]]
    marked = [_millis(r["LAP_TIME"]) for r in rows if r["LAP_IMPROVEMENT"] not in ("", "0")]
    return bool(marked) and min(marked) == min(times)


@pytest.fixture(scope="module")
def expected(real_data: Path) -> dict[str, dict[str, Any]]:
    """Car -> its best sectors (ms), ideal lap and top speed, from the file alone."""
    found = {}
    for car, rows in _file_cars(real_data / FUJI).items():
        if not _nothing_deleted(rows):
            continue
        sectors = [
            min(
                _millis(r[name]) for r in rows if r[name] and (name, r["LAP_NUMBER"]) != ("S1", "1")
            )
            for name in ("S1", "S2", "S3")
        ]
        speeds = [Decimal(row["TOP_SPEED"]) for row in rows if row["TOP_SPEED"]]
        found[car] = {"sectors": sectors, "ideal": sum(sectors), "top": max(speeds)}
    assert len(found) == 31  # of 36 cars: 5 have a deleted lap time
    return found


@pytest.fixture(scope="module")
def client(real_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    url = str(tmp_path_factory.mktemp("fuji") / "pitboard.db")
    with open_store(url) as store:
        import_alkamel(store, KEY, real_data / FUJI)
    yield TestClient(create_app(url))


@pytest.fixture(scope="module")
def results(client: TestClient) -> dict[str, dict[str, Any]]:
    response = client.get(f"/sessions/{KEY}.json")
    assert response.status_code == 200
    return {row["number"]: row for row in response.json()["results"]}


def test_json_gives_every_car_its_best_sectors_and_top_speed_from_the_file(
    results: dict[str, dict[str, Any]], expected: dict[str, dict[str, Any]]
) -> None:
    for car, want in expected.items():
        row = results[car]
        assert row["best_sectors_ms"] == want["sectors"], car
        assert row["ideal_lap_ms"] == want["ideal"], car
        assert Decimal(row["top_speed_kph"]) == want["top"], car
        assert row["top_speed_kph"] == str(want["top"]), car  # as the file writes it


def test_ideal_lap_is_the_sum_of_the_best_sectors_and_no_slower_than_the_best_lap(
    results: dict[str, dict[str, Any]],
) -> None:
    full = [row for row in results.values() if None not in row["best_sectors_ms"]]
    assert len(full) == len(results) == 36
    for row in full:
        assert row["ideal_lap_ms"] == sum(row["best_sectors_ms"])
        assert row["ideal_lap_ms"] <= row["best_lap_ms"], row["number"]


def test_exactly_the_class_best_sectors_are_marked(results: dict[str, dict[str, Any]]) -> None:
    by_class: dict[str, list[dict[str, Any]]] = {}
    for row in results.values():
        by_class.setdefault(row["class"], []).append(row)
    assert sorted(by_class) == ["HYPERCAR", "LMGT3"]
    for rows in by_class.values():
        for index in range(3):
            best = min(row["best_sectors_ms"][index] for row in rows)
            for row in rows:
                marked = row["sector_class_best"][index]
                assert marked == (row["best_sectors_ms"][index] == best), row["number"]


def test_the_pdf_prints_each_car_s_sectors_ideal_lap_and_top_speed(
    client: TestClient, expected: dict[str, dict[str, Any]]
) -> None:
    response = client.get(f"/sessions/{KEY}/sheet.pdf")
    assert response.status_code == 200
    done = subprocess.run(
        [pdftotext(), "-layout", "-", "-"], input=response.content, capture_output=True, check=True
    )
    text = done.stdout.decode("utf-8")
    lines = [re.sub(r"\s+", " ", line.strip()) for line in text.splitlines()]
    assert any(line.endswith("S1 S2 S3 IDEAL KM/H") for line in lines)
    for car, want in expected.items():
        cells = [*map(_text, want["sectors"]), _text(want["ideal"]), str(want["top"])]
        tail = " " + " ".join(cells)
        assert sum(line.endswith(tail) for line in lines) == 1, (car, tail)


def test_the_pdf_stays_within_the_a4_width(client: TestClient) -> None:
    """Every page is A4 portrait and nothing is drawn past the right margin: pdftotext's
    bounding boxes of every word end inside the page less its 12 mm margin."""
    pdf = client.get(f"/sessions/{KEY}/sheet.pdf").content
    done = subprocess.run(
        [pdftotext(), "-bbox", "-", "-"], input=pdf, capture_output=True, check=True
    )
    html = done.stdout.decode("utf-8")
    pages = re.findall(r'<page width="([\d.]+)" height="([\d.]+)"', html)
    assert pages and all(
        (round(float(w)), round(float(h))) == (595, 842) for w, h in pages
    )  # A4 in points
    right_edges = [float(x) for x in re.findall(r'xMax="([\d.]+)"', html)]
    margin = 12 / 25.4 * 72
    assert max(right_edges) <= 595.28 - margin + 0.5


def test_the_csv_export_has_the_same_sectors(
    client: TestClient, expected: dict[str, dict[str, Any]]
) -> None:
    text = client.get(f"/sessions/{KEY}/results.csv").text
    rows = {row["number"]: row for row in csv.DictReader(io.StringIO(text))}
    for car, want in expected.items():
        row = rows[car]
        assert [row["best_s1"], row["best_s2"], row["best_s3"]] == list(map(_text, want["sectors"]))
        assert (row["ideal_lap"], row["top_speed_kph"]) == (_text(want["ideal"]), str(want["top"]))


def test_the_html_sheet_marks_one_best_per_class_and_sector(
    client: TestClient, results: dict[str, dict[str, Any]]
) -> None:
    html = client.get(f"/sessions/{KEY}/sheet").text
    marked = sum(sum(row["sector_class_best"]) for row in results.values())
    assert marked == 6  # two classes x three sectors, no ties in this race
    assert html.count('class="num sec class-best"') == marked
    assert "bold</b> the best in its class" in html


LONG_BEACH = "imsa/2023/08-long-beach-street-circuit/202304151405-race-laps.csv"


def test_long_beach_2023_best_sectors_are_the_ones_al_kamel_marks(
    real_data: Path, tmp_path: Path
) -> None:
    """IMSA marks each car's best of each sector with S1_IMPROVEMENT … S3_IMPROVEMENT 2 (3: the
    session's best); on this race every car's sheet sectors are those marked times. IMSA files
    have no speed trap: no km/h column."""
    marked: dict[str, list[int | None]] = {}
    with (real_data / LONG_BEACH).open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        header = [name.strip() for name in next(reader)]
        for fields in reader:
            row = dict(zip(header, (field.strip() for field in fields), strict=False))
            best = marked.setdefault(row["NUMBER"], [None, None, None])
            for index, name in enumerate(("S1", "S2", "S3")):
                if row[f"{name}_IMPROVEMENT"] in ("2", "3"):
                    assert best[index] is None  # one marked lap per car and sector
                    best[index] = _millis(row[name])
    assert len(marked) == 25
    url = str(tmp_path / "pitboard.db")
    with open_store(url) as store:
        import_alkamel(store, "lb", real_data / LONG_BEACH)
    client = TestClient(create_app(url))
    rows = client.get("/sessions/lb.json").json()["results"]
    assert {row["number"]: row["best_sectors_ms"] for row in rows} == marked
    assert all(row["top_speed_kph"] is None for row in rows)
    html = client.get("/sessions/lb/sheet").text
    assert ">S3</th>" in html and ">km/h</th>" not in html
