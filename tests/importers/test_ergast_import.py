"""`pitboard import ergast` then `pitboard standings f1-YYYY --json`, on SQLite and PostgreSQL,
checked against Ergast's own driver_standings.csv after each season's last round (read here
with the csv module, not with pitboard's reader)."""

from __future__ import annotations

import csv
import json
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from tests.importers.ergast_export import race_row, result_row, sprint_row, write_export

from pitboard.cli import main

SEASONS = (1961, 1976, 1988, 1995, 2009)


def _official(folder: Path, year: int) -> list[dict[str, object]]:
    def table(name: str) -> list[dict[str, str]]:
        with (folder / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
            return list(csv.DictReader(handle))

    races = [r for r in table("races") if r["year"] == str(year)]
    last = max(races, key=lambda r: int(r["round"]))["raceId"]
    names = {d["driverId"]: f"{d['forename']} {d['surname']}" for d in table("drivers")}
    rows = [s for s in table("driver_standings") if s["raceId"] == last]
    rows.sort(key=lambda s: int(s["position"]))
    return [
        {
            "position": int(s["position"]),
            "driver": names[s["driverId"]],
            "points": Decimal(s["points"]),
            "wins": int(s["wins"]),
        }
        for s in rows
    ]


def _run(url: str, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), env={"PITBOARD_DB": url})
    return result.exit_code, result.stdout, result.stderr


def _check_import_and_standings(url: str, folder: Path) -> None:
    code, out, _ = _run(url, "import", "ergast", str(folder), "--quiet")
    assert code == 0, out
    assert "60 seasons (f1-1950 .. f1-2009)" in out
    for year in SEASONS:
        code, out, err = _run(url, "standings", f"f1-{year}", "--json")
        assert code == 0, err
        ours = json.loads(out)
        assert all(isinstance(row["points"], str) for row in ours)
        mine = [{**row, "points": Decimal(row["points"])} for row in ours]
        official = _official(folder, year)
        # every driver's points and wins; the order of those who scored (Ergast orders the
        # drivers without a point by a count-back of its own, and leaves some of them out)
        theirs = _by_driver(official)
        extra = {d: v for d, v in _by_driver(mine).items() if d not in theirs}
        assert {d: v for d, v in _by_driver(mine).items() if d in theirs} == theirs, year
        assert all(points == 0 for points, _ in extra.values()), year
        assert _scorers(mine) == _scorers(official), year


def _by_driver(rows: list[dict[str, object]]) -> dict[object, tuple[object, object]]:
    return {row["driver"]: (row["points"], row["wins"]) for row in rows}


def _scorers(rows: list[dict[str, object]]) -> list[object]:
    return [(row["position"], row["driver"]) for row in rows if row["points"] != 0]


def test_ergast_into_sqlite(real_data: Path, tmp_path: Path) -> None:
    _check_import_and_standings(f"sqlite:///{tmp_path / 'f1.db'}", real_data / "f1_ergast")


def test_ergast_into_postgresql(real_data: Path, postgres_url: str) -> None:
    _check_import_and_standings(postgres_url, real_data / "f1_ergast")


def test_season_show_lists_the_rounds(real_data: Path, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'f1.db'}"
    _run(url, "import", "ergast", str(real_data / "f1_ergast"), "-q")
    code, out, _ = _run(url, "season", "show", "f1-1988", "--json")
    season = json.loads(out)
    assert code == 0 and len(season["events"]) == 16
    assert season["events"][0]["name"] == "Brazilian Grand Prix"
    assert season["events"][0]["start"] == "1988-04-03"
    assert season["events"][0]["sessions"][0]["result"] == "official v1 (ergast)"


def _copy(folder: Path, target: Path, broken: str | None = None) -> Path:
    target.mkdir()
    for name in ("races", "drivers", "results", "driver_standings", "status"):
        text = (folder / f"{name}.csv").read_text(encoding="utf-8")
        if name == "results" and broken:
            lines = text.splitlines(keepends=True)
            lines[-1] = lines[-1].replace(",", f",{broken}", 1)
            text = "".join(lines)
        (target / f"{name}.csv").write_text(text, encoding="utf-8")
    return target


@pytest.mark.parametrize("broken", ["x", ""])
def test_malformed_row_is_one_line_and_nothing_is_written(
    real_data: Path, tmp_path: Path, broken: str
) -> None:
    folder = _copy(real_data / "f1_ergast", tmp_path / "ergast", broken="x" if broken else None)
    if not broken:  # the last row's raceId with a letter in it
        text = (folder / "results.csv").read_text(encoding="utf-8")
        (folder / "results.csv").write_text(text[:-2] + "Q\n", encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'f1.db'}"
    code, out, err = _run(url, "import", "ergast", str(folder), "-q")
    assert code == 1 and out == ""
    assert err.startswith("pitboard: error: results.csv:") and err.count("\n") == 1
    code, _, err = _run(url, "season", "show", "f1-1950")
    assert code == 1 and err == "pitboard: error: no season 'f1-1950' in the store\n"


def _export_2025(folder: Path, bad_race: bool = False) -> Path:
    """Round 1 exported in full, round 2 in the newest shape (8 columns), round 3 not yet run;
    with `bad_race`, round 2's year is unreadable."""
    second = race_row(2, 2025, 2, full=False)
    if bad_race:
        second = second.replace(",2025,", ",2O25,", 1)
    races = [race_row(1, 2025, 1, full=True), second, race_row(3, 2025, 3, full=False)]
    results = [
        result_row(1, 1, 1, 1, 1, 1),
        result_row(2, 1, 2, 2, 2, 2),
        result_row(3, 1, 3, 1, None, 3),
        result_row(4, 2, 2, 2, 1, 1),
        result_row(5, 2, 1, 1, 2, 2),
        result_row(6, 2, 3, 1, 3, 3),
    ]
    return write_export(folder, races, results)


def test_current_export_shape_short_race_rows_import_season_still_running(
    tmp_path: Path,
) -> None:
    url = f"sqlite:///{tmp_path / 'f1.db'}"
    code, out, err = _run(url, "import", "ergast", str(_export_2025(tmp_path / "e")), "-q")
    assert code == 0, err
    assert "1 seasons (f1-2025 .. f1-2025)" in out
    code, out, err = _run(url, "standings", "f1-2025", "--json")
    assert code == 0, err
    assert [(r["driver"], r["points"]) for r in json.loads(out)] == [
        ("Ada Alpha", "43"),
        ("Bea Beta", "43"),
        ("Cy Gamma", "15"),
    ]  # after round 2, the last one scored
    code, out, _ = _run(url, "season", "show", "f1-2025", "--json")
    events = json.loads(out)["events"]
    assert [e["sessions"][0]["result"] for e in events] == [
        "official v1 (ergast)",
        "official v1 (ergast)",
        "-",
    ]


def test_on_error_collect_imports_the_good_rows_and_lists_the_rest(tmp_path: Path) -> None:
    folder = _export_2025(tmp_path / "e", bad_race=True)
    url = f"sqlite:///{tmp_path / 'f1.db'}"
    code, out, err = _run(url, "import", "ergast", str(folder), "-q")
    assert code == 1 and err == "pitboard: error: races.csv:3: bad number '2O25' in column year\n"
    code, out, err = _run(url, "import", "ergast", str(folder), "-q", "--on-error", "collect")
    assert code == 0, err
    assert out.endswith("; 4 rows left out\n")
    assert err.splitlines() == [
        "pitboard: skipped: races.csv:3: bad number '2O25' in column year",
        *(
            f"pitboard: skipped: results.csv:{line}: race not in races.csv '2' in column raceId"
            for line in (5, 6, 7)
        ),
    ]
    code, out, _ = _run(url, "standings", "f1-2025", "--json")
    assert [(r["driver"], r["points"]) for r in json.loads(out)][:2] == [
        ("Ada Alpha", "25"),
        ("Bea Beta", "18"),
    ]


def _sprint_weekend(folder: Path, year: int) -> Path:
    """One round: race Ada 1st, Bea 2nd, Cy 3rd; its sprint Bea 1st, Cy 2nd, Ada 3rd."""
    race = [
        result_row(1, 1, 1, 1, 1, 1),
        result_row(2, 1, 2, 2, 2, 2),
        result_row(3, 1, 3, 1, 3, 3),
    ]
    sprint = [
        sprint_row(1, 1, 2, 2, 1, 1),
        sprint_row(2, 1, 3, 1, 2, 2),
        sprint_row(3, 1, 1, 1, 3, 3),
    ]
    return write_export(folder, [race_row(1, year, 1, full=False)], race, sprint)


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        # 2021 sprint qualifying 3-2-1: 25+1, 18+3, 15+2
        (2021, [("Ada Alpha", "26"), ("Bea Beta", "21"), ("Cy Gamma", "17")]),
        # 2022 on, sprint 8-7-...-1: 25+6, 18+8, 15+7
        (2022, [("Ada Alpha", "31"), ("Bea Beta", "26"), ("Cy Gamma", "22")]),
        (2025, [("Ada Alpha", "31"), ("Bea Beta", "26"), ("Cy Gamma", "22")]),
    ],
)
def test_sprint_results_score_sprint_points(
    tmp_path: Path, year: int, expected: list[tuple[str, str]]
) -> None:
    url = f"sqlite:///{tmp_path / 'f1.db'}"
    code, _, err = _run(url, "import", "ergast", str(_sprint_weekend(tmp_path / "e", year)), "-q")
    assert code == 0, err
    code, out, err = _run(url, "standings", f"f1-{year}", "--json")
    assert code == 0, err
    assert [(r["driver"], r["points"]) for r in json.loads(out)] == expected
    code, out, _ = _run(url, "season", "show", f"f1-{year}", "--json")
    sessions = json.loads(out)["events"][0]["sessions"]
    assert sorted(s["key"] for s in sessions) == [f"f1-{year}-r01-race", f"f1-{year}-r01-sprint"]


def _official_teams(folder: Path, year: int) -> list[dict[str, object]]:
    def table(name: str) -> list[dict[str, str]]:
        with (folder / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
            return list(csv.DictReader(handle))

    races = [r for r in table("races") if r["year"] == str(year)]
    last = max(races, key=lambda r: int(r["round"]))["raceId"]
    names = {c["constructorId"]: c["name"] for c in table("constructors")}
    rows = [s for s in table("constructor_standings") if s["raceId"] == last]
    rows.sort(key=lambda s: int(s["position"]))
    return [
        {
            "position": int(s["position"]),
            "team": names[s["constructorId"]],
            "points": s["points"],
            "wins": int(s["wins"]),
        }
        for s in rows
        if s["points"] != "0"
    ]


def test_constructors_standings_teams_json(real_data: Path, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'f1.db'}"
    folder = real_data / "f1_ergast"
    assert _run(url, "import", "ergast", str(folder), "-q")[0] == 0
    for year in (1958, 1967, 1984, 2007):
        code, out, err = _run(url, "standings", f"f1-{year}", "--teams", "--json")
        assert code == 0, err
        ours = [row for row in json.loads(out) if row["points"] != "0"]
        assert ours == _official_teams(folder, year), year  # 2007: McLaren 218, "E", 11th
    code, out, err = _run(url, "standings", "f1-1957", "--teams", "--json")
    assert code == 1 and out == ""
    assert err == "pitboard: error: no 'f1' teams' championship in 1957 (f1-1954-1957)\n"


def test_permutations_before_the_last_round_of_a_season_still_running(tmp_path: Path) -> None:
    # Ada and Bea 43 each (a win and a 2nd), Cy 15; round 3 not yet run: 25 to the winner.
    url = f"sqlite:///{tmp_path / 'f1.db'}"
    assert _run(url, "import", "ergast", str(_export_2025(tmp_path / "e")), "-q")[0] == 0
    code, out, err = _run(url, "standings", "f1-2025", "--permutations", "--json")
    assert code == 0, err
    assert [(r["driver"], r["can_win"], r["clinched"], r["needs"]) for r in json.loads(out)] == [
        ("Ada Alpha", True, False, "champion with a win"),
        ("Bea Beta", True, False, "champion with a win"),
        ("Cy Gamma", False, False, ""),  # 15 + 25 < 43
    ]
    code, out, _ = _run(url, "standings", "f1-2025", "--permutations")
    assert code == 0
    assert out.splitlines() == [
        "f1-2025 title permutations — F1 (1 round to run)",
        "  Ada Alpha (43): champion with a win",
        "  Bea Beta (43): champion with a win",
        "  can no longer win: 1 (Cy Gamma)",
    ]


def test_permutations_of_a_finished_season_name_the_champion(
    real_data: Path, tmp_path: Path
) -> None:
    url = f"sqlite:///{tmp_path / 'f1.db'}"
    assert _run(url, "import", "ergast", str(real_data / "f1_ergast"), "-q")[0] == 0
    code, out, _ = _run(url, "standings", "f1-1988", "--permutations")
    assert code == 0
    assert out.splitlines() == [
        "f1-1988 title permutations — F1",
        "  season complete: champion Ayrton Senna",
    ]


def test_permutations_count_a_sprint_still_to_run(tmp_path: Path) -> None:
    # As above, but round 3 is a sprint weekend (races.csv gives its sprint_date): Cy's best
    # case is 15 + 8 (sprint win, 2025) + 25 = 48, more than 43.
    folder = _export_2025(tmp_path / "e")
    text = (folder / "races.csv").read_text(encoding="utf-8").splitlines()
    text[3] = race_row(3, 2025, 3, full=True, sprint=True)
    (folder / "races.csv").write_text("\n".join(text) + "\n", encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'f1.db'}"
    assert _run(url, "import", "ergast", str(folder), "-q")[0] == 0
    code, out, err = _run(url, "standings", "f1-2025", "--permutations", "--json")
    assert code == 0, err
    assert [(r["driver"], r["can_win"]) for r in json.loads(out)] == [
        ("Ada Alpha", True),
        ("Bea Beta", True),
        ("Cy Gamma", True),
    ]
    code, out, _ = _run(url, "season", "show", "f1-2025", "--json")
    last = json.loads(out)["events"][-1]["sessions"]
    assert sorted((s["key"], s["result"]) for s in last) == [
        ("f1-2025-r03-race", "-"),
        ("f1-2025-r03-sprint", "-"),
    ]


def test_the_site_says_who_can_still_win_as_the_command_does(tmp_path: Path) -> None:
    # the sprint weekend above on the standings page: the same service, so Cy (15 + 8 + 25 =
    # 48 > 43) is a contender there too, and the round to run is round 3
    from fastapi.testclient import TestClient

    from pitboard.web.app import create_app

    folder = _export_2025(tmp_path / "e")
    text = (folder / "races.csv").read_text(encoding="utf-8").splitlines()
    text[3] = race_row(3, 2025, 3, full=True, sprint=True)
    (folder / "races.csv").write_text("\n".join(text) + "\n", encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'f1.db'}"
    assert _run(url, "import", "ergast", str(folder), "-q")[0] == 0
    page = TestClient(create_app(url)).get("/seasons/f1-2025/standings.json").json()
    [section] = page["permutations"]
    assert (section["class"], section["races_left"], section["ruled_out"]) == ("F1", 1, 0)
    names = [c["names"] for c in section["contenders"]]
    assert names == [["Ada Alpha"], ["Bea Beta"], ["Cy Gamma"]]


def test_sprint_points_count_for_the_constructors(tmp_path: Path) -> None:
    # 2022: Red Team = Ada (race 1st 25, sprint 3rd 6) + Cy (race 3rd 15, sprint 2nd 7) = 53;
    # Blue Team = Bea (race 2nd 18, sprint win 8) = 26.
    url = f"sqlite:///{tmp_path / 'f1.db'}"
    assert _run(url, "import", "ergast", str(_sprint_weekend(tmp_path / "e", 2022)), "-q")[0] == 0
    code, out, err = _run(url, "standings", "f1-2022", "--teams", "--json")
    assert code == 0, err
    assert json.loads(out) == [
        {"position": 1, "team": "Red Team", "points": "53", "wins": 1},
        {"position": 2, "team": "Blue Team", "points": "26", "wins": 0},
    ]
