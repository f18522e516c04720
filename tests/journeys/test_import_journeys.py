"""Journey (b), issue 10: import → site. Real processes only: `pitboard import …` subprocesses into
a temporary database, then a real `pitboard serve --db …` on a free port; the site's session
page, JSON, CSV, results sheet and standings equal what the CLI prints (`pitboard standings`,
`pitboard classify`) or, where the CLI cannot read the input, the file itself."""

from __future__ import annotations

import csv
import io
import json
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from tests.journeys.conftest import free_port, pitboard, request, served

INDY = "grcup2025/indianapolis"
INDY_R1 = f"{INDY}/23_AnalysisEnduranceWithSections_Race 1.CSV"
INDY_R1_OFFICIAL = f"{INDY}/03_GR Cup Race 1 Official Results.CSV"
INDY_R2 = f"{INDY}/23_AnalysisEnduranceWithSections_Race 2.CSV"
# the stewards' decisions the official Race 1 result shows (reviewed with the golden tests)
INDY_R1_PENALTIES = Path(__file__).parents[1] / "golden/penalties/grcup-indianapolis-r1.toml"
ACC_RACE = "acc/191003_235558_R.json"
ACC_PENALTY = "acc/race.to.fix.positions.json"  # an 80 s post-race penalty on #20
COMPARED = ("position", "number", "class", "class_position", "status", "laps", "total_time_ms")
COMPARED += ("gap_first", "gap_previous", "best_lap_ms", "best_lap_number", "drivers")


def cli(db: Path, *args: str) -> str:
    """Run `pitboard ARGS` on database `db`; its stdout (a failure shows stderr)."""
    return pitboard(*args, env={"PITBOARD_DB": str(db), "COLUMNS": "200"}).stdout


class Site:
    """The served site: GET a path (status, text) or its JSON."""

    def __init__(self, base: str) -> None:
        self.base = base

    def get(self, path: str) -> tuple[int, str]:
        status, body, _ = request("GET", self.base + urllib.request.quote(path))
        return status, body.decode("utf-8")

    def json(self, path: str) -> Any:
        status, body = self.get(path)
        assert status == 200, f"{path}: {status} {body[:200]}"
        return json.loads(body)


@pytest.fixture(scope="module")
def site(real_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Site, Path]]:
    """Ergast, Al Kamel races and ACC races imported by the CLI, served by `pitboard serve`."""
    folder = tmp_path_factory.mktemp("journey")
    db = folder / "tour.db"
    cli(db, "import", "ergast", str(real_data / "f1_ergast"), "--quiet")
    cli(db, "import", "alkamel", str(real_data / INDY_R2), "--session", "indy-r2", "--quiet")
    official = ("--results", str(real_data / INDY_R1_OFFICIAL))
    cli(db, "import", "alkamel", str(real_data / INDY_R1), "--session", "indy-r1", *official, "-q")
    cli(db, "import", "acc", str(real_data / ACC_RACE), "--session", "acc-r", "--quiet")
    cli(db, "import", "acc", str(real_data / ACC_PENALTY), "--session", "acc-fix", "--quiet")
    cli(db, "results", "publish", "acc-fix", "--state", "official", "--by", "Race Director")
    port = free_port()
    args = ["serve", "--db", str(db), "--port", str(port)]
    with served(args, port, folder / "serve.log", ready="/index.json") as base:
        yield Site(base), db


def _leader_board(path: Path) -> list[dict[str, Any]]:
    """The server's final order (UTF-16 LE as the server writes it, or UTF-8)."""
    raw = path.read_bytes()
    text = raw.decode("utf-16-le" if raw[1:2] == b"\x00" else "utf-8-sig").lstrip("\ufeff")
    lines: list[dict[str, Any]] = json.loads(text)["sessionResult"]["leaderBoardLines"]
    return lines


def test_ergast_standings_on_the_site_equal_the_cli(site: tuple[Site, Path]) -> None:
    web, db = site
    ours = json.loads(cli(db, "standings", "f1-1988", "--json"))
    tables = web.json("/seasons/f1-1988/standings.json")["tables"]
    drivers = [t for t in tables if t["of"] == "drivers"]
    assert len(drivers) == 1
    shown = [
        {"position": r["position"], "driver": r["name"], "points": r["points"], "wins": r["wins"]}
        for r in drivers[0]["rows"]
    ]
    assert shown == ours
    assert shown[:2] == [
        {"position": 1, "driver": "Ayrton Senna", "points": "90", "wins": 8},
        {"position": 2, "driver": "Alain Prost", "points": "87", "wins": 7},
    ]
    status, page = web.get("/seasons/f1-1988/standings")
    assert status == 200 and "Ayrton Senna" in page


def test_ergast_race_page_sheet_and_csv_show_the_published_result(site: tuple[Site, Path]) -> None:
    web, _ = site
    rows = web.json("/sessions/f1-1988-r01-race.json")["results"]
    assert rows[0]["drivers"] == ["Alain Prost"] and rows[0]["status"] == "classified"
    assert any(r["status"] == "dnf" for r in rows)
    status, page = web.get("/sessions/f1-1988-r01-race")
    assert status == 200 and "Alain Prost" in page
    status, sheet = web.get("/sessions/f1-1988-r01-race/sheet")
    assert status == 200 and "Alain Prost" in sheet
    status, body = web.get("/sessions/f1-1988-r01-race/results.csv")
    first = next(csv.DictReader(io.StringIO(body)))
    assert status == 200 and first["drivers"] == "Alain Prost" and first["position"] == "1"
    calendar = web.json("/seasons/f1-1988.json")["rounds"][0]
    assert calendar["sessions"][0]["day"] != "TBC" and calendar["circuit"]


def test_alkamel_session_on_the_site_equals_classify(
    site: tuple[Site, Path], real_data: Path
) -> None:
    web, db = site
    ours = json.loads(cli(db, "classify", str(real_data / INDY_R2), "--json"))["classification"]
    shown = web.json("/sessions/indy-r2.json")["results"]
    assert [{k: r[k] for k in COMPARED} for r in shown] == [
        {k: r[k] for k in COMPARED} for r in ours
    ]
    status, sheet = web.get("/sessions/indy-r2/sheet")
    assert status == 200 and ours[0]["drivers"][0] in sheet
    status, body = web.get("/sessions/indy-r2/results.csv")
    numbers = [row["number"] for row in csv.DictReader(io.StringIO(body))]
    assert status == 200 and numbers == [r["number"] for r in ours]


def test_acc_race_on_the_site_is_the_servers_order(
    site: tuple[Site, Path], real_data: Path
) -> None:
    web, _ = site
    lines = _leader_board(real_data / ACC_RACE)
    server_order = [str(line["car"]["raceNumber"]) for line in lines]
    shown = web.json("/sessions/acc-r.json")["results"]
    assert [r["number"] for r in shown] == server_order
    assert shown[0]["status"] == "classified" and shown[0]["laps"] > 0
    assert web.get("/sessions/acc-r/sheet")[0] == 200


def test_alkamel_official_result_on_the_site_equals_classify_with_its_penalties(
    site: tuple[Site, Path], real_data: Path
) -> None:
    """GR Cup Indianapolis Race 1: #22 crossed the line first, +5 s, 8th in the official file."""
    web, db = site
    penalties = ("--penalties", str(INDY_R1_PENALTIES))
    grcup = ("--ruleset", "grcup")
    printed = cli(db, "classify", str(real_data / INDY_R1), *penalties, *grcup, "--json")
    ours = json.loads(printed)["classification"]
    shown = web.json("/sessions/indy-r1.json")
    assert shown["state"] == "official"
    fields = ("position", "number", "class_position", "status", "laps", "total_time_ms")
    assert [{k: r[k] for k in fields} for r in shown["results"]] == [
        {k: r[k] for k in fields} for r in ours
    ]
    assert shown["results"][7]["number"] == "22"
    status, sheet = web.get("/sessions/indy-r1/sheet")
    assert status == 200 and "official" in sheet.lower()


def test_acc_official_result_on_the_site_is_the_servers_order(
    site: tuple[Site, Path], real_data: Path
) -> None:
    """race.to.fix.positions.json: #20 8th on the road, 14th after the server's 80 s penalty.
    The server lists the cars without a lap in an order of its own (pitboard: car number)."""
    web, _ = site
    lines = _leader_board(real_data / ACC_PENALTY)
    drove = [str(line["car"]["raceNumber"]) for line in lines if line["timing"]["lapCount"] > 0]
    shown = web.json("/sessions/acc-fix.json")
    assert shown["state"] == "official"
    assert [r["number"] for r in shown["results"]][: len(drove)] == drove
    assert shown["results"][13]["number"] == "20"


def test_ergast_calendar_on_the_site_equals_season_show(site: tuple[Site, Path]) -> None:
    web, db = site
    ours = json.loads(cli(db, "season", "show", "f1-1988", "--json"))["events"]
    shown = web.json("/seasons/f1-1988.json")["rounds"]
    fields = ("round", "key", "name", "circuit", "start", "end")
    assert [{k: r[k] for k in fields} for r in shown] == [{k: e[k] for k in fields} for e in ours]
    assert len(shown) == 16 and all(r["circuit"] for r in shown)
    states = [f"{s['state']} v1 (ergast)" for r in shown for s in r["sessions"]]
    assert states == [s["result"] for e in ours for s in e["sessions"]]
