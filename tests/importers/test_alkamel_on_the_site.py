"""An Al Kamel race imported with its official results file shows the official result: GR Cup
Indianapolis Race 1, #22 crossed the line first and was classified 8th after a 5 s penalty that
only the results file knows. Expected order read here from that file with the csv module."""

from __future__ import annotations

import csv
from pathlib import Path

from fastapi.testclient import TestClient

from pitboard.importers import import_alkamel
from pitboard.store import open_store
from pitboard.web.app import create_app

INDY = "grcup2025/indianapolis"


def test_indianapolis_r1_car_22_is_eighth_on_the_site(real_data: Path, tmp_path: Path) -> None:
    folder = real_data / INDY
    official = folder / "03_GR Cup Race 1 Official Results.CSV"
    url = str(tmp_path / "indy.db")
    with open_store(url) as store:
        laps = folder / "23_AnalysisEnduranceWithSections_Race 1.CSV"
        import_alkamel(store, "indy-r1", laps, results=official)
    with official.open(encoding="utf-8-sig", newline="") as handle:
        theirs = list(csv.DictReader(handle, delimiter=";"))
    client = TestClient(create_app(url))
    rows = client.get("/sessions/indy-r1.json").json()["results"]
    assert [r["number"] for r in rows] == [t["NUMBER"] for t in theirs]
    assert rows[7]["number"] == "22" and rows[7]["gap_first"] == "+4.885"
    assert rows[0]["stints"] and rows[0]["best_lap_number"] == int(theirs[0]["FL_LAPNUM"])
    sheet = client.get("/sessions/indy-r1/results.csv").text.splitlines()
    assert sheet[8].startswith("8,") and ",22," in sheet[8]
