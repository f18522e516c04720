"""One result, every presentation: the Misano demo's session page, its JSON, CSV and results sheet
say the same thing (issue 10, items 4 and 5).

Expected values are worked out here from the stored laps or from the raw fields of the rows
(laps, total times), never taken from the presentation code.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from markupsafe import escape

from pitboard.cli.serve import load_demo
from pitboard.model import Session, format_duration, format_lap_time
from pitboard.store import Store, open_store
from pitboard.web import create_app

RACE2 = "gt4-europe-2023-misano-race2"
Q1 = "gt4-europe-2023-misano-q1"
FP1 = "gt4-europe-2023-misano-fp1"


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, Store]]:
    folder: Path = tmp_path_factory.mktemp("model")
    with open_store(f"sqlite:///{folder}/demo.db") as store:
        load_demo(store)
        with TestClient(create_app(store=store, secret="test")) as client:
            yield client, store


def _gap_text(behind: dict[str, Any], ahead: dict[str, Any]) -> str:
    """The official style worked out from laps and total times."""
    if behind["laps"] < ahead["laps"]:
        laps = ahead["laps"] - behind["laps"]
        return f"{laps} Lap" if laps == 1 else f"{laps} Laps"
    return "+" + format_lap_time(behind["total_time_ms"] - ahead["total_time_ms"])


def _section(page: str, anchor: str) -> str:
    start = page.index(f'<section id="{anchor}">')
    return page[start : page.index("</section>", start)]


def _cells(row_html: str) -> list[str]:
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row_html, flags=re.S)
    return [re.sub(r"<[^>]+>", "", cell).strip() for cell in cells]


def _body_rows(section: str) -> list[list[str]]:
    body = section[section.index("<tbody>") : section.index("</tbody>")]
    return [_cells(row) for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, flags=re.S)]


def test_race2_class_tables_give_gaps_to_the_class_leader(
    demo: tuple[TestClient, Store],
) -> None:
    client, _ = demo
    data = client.get(f"/sessions/{RACE2}.json").json()
    page = client.get(f"/sessions/{RACE2}").text
    for index, car_class in enumerate(data["classes"], start=1):
        ranked = [r for r in data["results"] if r["class"] == car_class and r["class_position"]]
        expected = [("-", "-")] + [
            (_gap_text(row, ranked[0]), _gap_text(row, ranked[i]))
            for i, row in enumerate(ranked[1:])
        ]
        assert [(r["class_gap"], r["class_interval"]) for r in ranked] == expected, car_class
        shown = _body_rows(_section(page, f"class-{index}"))
        # columns: Cls, No, Drivers, Car, Laps, Time, Gap, Int, Best lap, Pits
        assert [(cells[1], cells[6], cells[7]) for cells in shown[: len(ranked)]] == [
            (row["number"], gap, interval)
            for row, (gap, interval) in zip(ranked, expected, strict=True)
        ]
    pro_am_winner = next(
        r for r in data["results"] if r["class"] == "Pro-Am" and r["class_position"] == 1
    )
    assert pro_am_winner["gap_first"] != "-"  # behind the Silver cars overall …
    first = _body_rows(_section(page, "class-2"))[0]
    assert first[6] == "-" and first[5] == format_duration(pro_am_winner["total_time_ms"])


def test_retired_cars_are_unranked_in_every_presentation(demo: tuple[TestClient, Store]) -> None:
    """The gt4-europe ruleset lists cars that are not classified without positions."""
    client, _ = demo
    data = client.get(f"/sessions/{RACE2}.json").json()
    out = [r for r in data["results"] if r["status"] != "classified"]
    assert out, "Race 2 has retired and non-starting cars"
    assert all(r["position"] is None and r["class_position"] is None for r in out)
    assert all(r["gap_first"] is None and r["class_gap"] is None for r in out)
    rows = list(csv.DictReader(io.StringIO(client.get(f"/sessions/{RACE2}/results.csv").text)))
    by_number = {row["number"]: row for row in rows}
    for row in data["results"]:
        line = by_number[row["number"]]
        assert line["position"] == ("" if row["position"] is None else str(row["position"]))
        assert line["pit_stops"] == str(row["pit_stops"])
        assert line["class_gap"] == (row["class_gap"] or "")
    sheet = client.get(f"/sessions/{RACE2}/sheet").text
    unranked = sheet[sheet.index("Not classified") :]
    for row in out:
        assert f'<td class="num no">{row["number"]}</td>' in unranked, row["number"]
    overall = _body_rows(_section(client.get(f"/sessions/{RACE2}").text, "overall"))
    numbers = {cells[2]: cells[0] for cells in overall}
    assert all(numbers[row["number"]] == "" for row in out)


def test_pit_stops_is_a_count_everywhere(demo: tuple[TestClient, Store]) -> None:
    client, _ = demo
    for row in client.get(f"/sessions/{RACE2}.json").json()["results"]:
        assert row["pit_stops"] == len(row["pit_stop_laps"])


def test_decisions_are_one_text_on_the_page_json_and_sheet(demo: tuple[TestClient, Store]) -> None:
    client, _ = demo
    decisions = client.get(f"/sessions/{RACE2}.json").json()["decisions"]
    assert decisions
    sheet = client.get(f"/sessions/{RACE2}/sheet").text
    page = _section(client.get(f"/sessions/{RACE2}").text, "decisions")
    for decision in decisions:
        assert str(escape(decision["text"])) in sheet
        assert f"<li>{escape(decision['text'])}</li>" in page


def _bests(session: Session) -> dict[str, tuple[int, int, int]]:
    """Car -> (best valid lap, its number, laps done), read straight from the laps."""
    found: dict[str, tuple[int, int, int]] = {}
    for lap in session.laps:
        done = found.get(lap.car, (10**9, 0, 0))
        best = (lap.time, lap.number) if lap.valid and lap.time and lap.time < done[0] else done[:2]
        found[lap.car] = (best[0], best[1], max(done[2], lap.number))
    return found


@pytest.mark.parametrize("key", [Q1, FP1])
def test_timed_session_shows_best_lap_its_number_gap_interval_and_laps(
    demo: tuple[TestClient, Store], key: str
) -> None:
    client, store = demo
    bests = _bests(store.load_session(key))
    order = sorted(bests, key=lambda car: (bests[car][0], bests[car][1]))
    pole = bests[order[0]][0]
    page = client.get(f"/sessions/{key}").text
    overall = _body_rows(_section(page, "overall"))
    # columns: Pos, Cls, No, Drivers, Car, Best lap, Lap, Gap, Int, Laps
    shown = {cells[2]: cells for cells in overall}
    for place, car in enumerate(order):
        best, number, laps = bests[car]
        cells = shown[car]
        gap = "-" if place == 0 else "+" + format_lap_time(best - pole)
        interval = "-" if place == 0 else "+" + format_lap_time(best - bests[order[place - 1]][0])
        assert cells[5:10] == [format_lap_time(best), str(number), gap, interval, str(laps)], car
    assert [cells[2] for cells in overall[: len(order)]] == order
    charts = _section(page, "charts")
    assert "Best lap: gap to pole" in charts and "Lap times through the session" in charts
    assert "Lap chart" not in charts and "Gap to the leader" not in charts
    rows = list(csv.DictReader(io.StringIO(client.get(f"/sessions/{key}/results.csv").text)))
    assert rows[0]["time"] == format_lap_time(pole)
