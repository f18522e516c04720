"""An imported Ergast season on the site: a race without laps is its published rows (finishing
order, status, laps, race time), it has a results sheet, and the calendar shows its date and
circuit. Expected values are read here from the CSV files with the csv module."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from pitboard.importers import import_ergast
from pitboard.store import open_store
from pitboard.web.app import create_app

RACE_ID = "372"  # 1988 Brazilian Grand Prix (races.csv)


def _table(folder: Path, name: str) -> list[dict[str, str]]:
    with (folder / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def client(real_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    url = str(tmp_path_factory.mktemp("ergast") / "tour.db")
    with open_store(url) as store:
        import_ergast(store, real_data / "f1_ergast")
    yield TestClient(create_app(url))


def test_1988_brazil_is_the_published_classification(client: TestClient, real_data: Path) -> None:
    folder = real_data / "f1_ergast"
    published = sorted(
        (r for r in _table(folder, "results") if r["raceId"] == RACE_ID),
        key=lambda r: int(r["positionOrder"]),
    )
    rows = client.get("/sessions/f1-1988-r01-race.json").json()["results"]
    assert [r["number"] for r in rows] == [p["number"] for p in published]
    assert rows[0]["drivers"] == ["Alain Prost"] and rows[0]["status"] == "classified"
    for row, theirs in zip(rows, published, strict=True):
        assert row["laps"] == int(theirs["laps"])
        finished = theirs["positionText"].isdigit()
        assert (row["status"] == "classified") == finished
        assert row["status"] != "classified" or row["position"] == int(theirs["position"])
        millis = theirs["milliseconds"]
        assert row["total_time_ms"] == (None if millis == "\\N" else int(millis))
    retired = [r for r, p in zip(rows, published, strict=True) if p["positionText"] == "R"]
    assert retired and all(r["status"] == "dnf" for r in retired)
    assert rows[1]["gap_first"] == "+9.873"  # Berger, results.csv `time`


def test_1988_brazil_has_a_results_sheet(client: TestClient) -> None:
    response = client.get("/sessions/f1-1988-r01-race/sheet")
    assert response.status_code == 200
    assert "Alain Prost" in response.text
    # Ergast has no sector times or speed trap: no such columns (docs/lap-analysis.md)
    assert ">S1</th>" not in response.text and ">Ideal</th>" not in response.text
    assert ">km/h</th>" not in response.text
    header = client.get("/sessions/f1-1988-r01-race/results.csv").text.splitlines()[0]
    assert header.endswith(",best_lap_number,pit_stops")


def test_the_calendar_shows_the_date_and_circuit(client: TestClient, real_data: Path) -> None:
    race = next(r for r in _table(real_data / "f1_ergast", "races") if r["raceId"] == RACE_ID)
    circuits = _table(real_data / "f1_ergast", "circuits")
    circuit = next(c for c in circuits if c["circuitId"] == race["circuitId"])
    first = client.get("/seasons/f1-1988.json").json()["rounds"][0]
    assert first["circuit"] == circuit["name"] and first["country"] == circuit["country"]
    assert first["sessions"][0]["day"] == "Sun 03 Apr"  # races.csv: 1988-04-03
    assert "TBC" not in client.get("/seasons/f1-1988").text


def test_standings_on_the_site_with_ordinals(client: TestClient) -> None:
    standings = client.get("/seasons/f1-1988/standings.json").json()
    drivers, teams = standings["tables"]
    assert (drivers["of"], teams["of"]) == ("drivers", "teams")
    # 1988 constructors: McLaren 199 (constructor_standings.csv; 15 wins of 16)
    assert (teams["rows"][0]["name"], teams["rows"][0]["points"]) == ("McLaren", "199")
    table = drivers
    top = [(r["rank"], r["name"], r["points"]) for r in table["rows"][:2]]
    assert top == [("1", "Ayrton Senna", "90"), ("2", "Alain Prost", "87")]
    wanted = {22: "22nd", 23: "23rd"}
    found = {r["position"]: r["names"][0] for r in table["crews"] if r["position"] in wanted}
    assert found.keys() == wanted.keys()
    for position, name in found.items():
        page = client.get(f"/seasons/f1-1988/drivers/{name}").text
        assert f"{wanted[position]} in the standings" in page
