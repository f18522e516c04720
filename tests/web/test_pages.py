"""Every public page as HTML and as JSON, on SQLite and PostgreSQL; expected values worked out
by hand from the fixture (times, zones, counts) or from the laps, not from the web code."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient
from icalendar import Calendar
from tests.web.conftest import LATER, RACE, SEASON

from pitboard.demo import demo_session

PAGES = [
    "/",
    f"/seasons/{SEASON}",
    f"/seasons/{SEASON}/standings",
    "/events/demo-cup-2024-r1",
    f"/sessions/{RACE}",
    f"/sessions/{LATER}",
]


@pytest.mark.parametrize("path", PAGES)
def test_every_page_is_html_and_json(reader: TestClient, path: str) -> None:
    page = reader.get(path)
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert "<html" in page.text
    as_json = reader.get("/index.json" if path == "/" else f"{path}.json")
    assert as_json.status_code == 200
    assert as_json.headers["content-type"] == "application/json"
    assert isinstance(as_json.json(), dict)


def test_driver_and_team_pages(reader: TestClient) -> None:
    entry = next(iter(demo_session().entries.values()))
    driver = entry.drivers[0].name
    for path in (f"/seasons/{SEASON}/drivers/{driver}", f"/seasons/{SEASON}/teams/{entry.team}"):
        assert reader.get(path).status_code == 200
        data = reader.get(f"{path}.json").json()
        assert any(r["number"] == entry.number for r in data["results"])
    assert reader.get(f"/seasons/{SEASON}/drivers/Nobody At All.json").status_code == 404


def test_calendar_in_local_time_with_zone_countdown_and_weeks(reader: TestClient) -> None:
    data = reader.get(f"/seasons/{SEASON}.json").json()
    r1 = data["rounds"][0]
    assert r1["time_zone"] == "Europe/Stockholm"
    assert r1["time_zone_abbreviation"] == "CEST"
    assert r1["sessions"][0]["start"] == "2024-05-12T14:35:00+02:00"
    # 2024-06-15 15:00 CEST is 13:00 UTC: 21 days and 1 hour after 2024-05-25 12:00 UTC
    assert data["next_session"]["key"] == LATER
    assert data["next_session"]["countdown"] == "21 d 01:00:00"
    # R2 starts 2024-06-14: 20 days after the 25th of May
    assert data["next_round"]["text"] == "next round in 2 weeks"
    page = reader.get(f"/seasons/{SEASON}").text
    assert "CEST" in page and "Europe/Stockholm" in page and "21 d 01:00:00" in page


def test_ics_has_every_scheduled_session_in_utc(reader: TestClient) -> None:
    response = reader.get(f"/seasons/{SEASON}/calendar.ics")
    assert response.headers["content-type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    events = {str(e["uid"]): e for e in calendar.walk("VEVENT")}
    assert len(events) == 2
    race = events[f"{RACE}@{SEASON}.pitboard"]
    assert race.decoded("dtstart") == datetime(2024, 5, 12, 12, 35, tzinfo=UTC)
    assert race.decoded("dtend") == datetime(2024, 5, 12, 13, 35, tzinfo=UTC)
    assert "Vale Park" in str(race["summary"])


def _winner_from_laps() -> str:
    """Most laps, then the earliest to complete them: read straight from the generated laps."""
    last: dict[str, tuple[int, int]] = {}
    for lap in demo_session().laps:
        last[lap.car] = max(last.get(lap.car, (0, 0)), (lap.number, -(lap.elapsed or 0)))
    return max(last, key=lambda car: last[car])


def test_session_result_json(reader: TestClient) -> None:
    data = reader.get(f"/sessions/{RACE}.json").json()
    session = demo_session()
    assert data["state"] == "provisional"
    assert [v["state"] for v in data["history"]] == ["provisional"]
    assert len(data["results"]) == len(session.entries) == 26
    assert data["results"][0]["number"] == _winner_from_laps()
    for car_class in ("Silver", "Pro-Am", "Am"):
        rows = [r for r in data["results"] if r["class"] == car_class]
        classified = [r["class_position"] for r in rows if r["status"] == "classified"]
        assert classified == list(range(1, len(classified) + 1))
    statuses = sorted(r["status"] for r in data["results"])
    assert statuses.count("dnf") == 2 and statuses.count("dns") == 1
    winner = data["results"][0]
    assert winner["pit_stops"] and len({s["driver"] for s in winner["stints"]}) == 2


def test_session_page_shows_badge_classes_and_charts(reader: TestClient) -> None:
    page = reader.get(f"/sessions/{RACE}").text
    assert 'class="badge provisional"' in page
    for car_class in ("Silver", "Pro-Am", "Am"):
        assert f"> {car_class}</h2>" in page
    assert page.count('<svg class="chart"') == 5  # the demo race has an FCY: the status strip
    assert "DNF" in page and "DNS" in page


def test_an_unrun_session_says_so(reader: TestClient) -> None:
    data = reader.get(f"/sessions/{LATER}.json").json()
    assert data["state"] == "unofficial" and data["results"] == []
    assert "No timing for this session yet." in reader.get(f"/sessions/{LATER}").text


def test_csv_download(reader: TestClient) -> None:
    response = reader.get(f"/sessions/{RACE}/results.csv")
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert len(rows) == 26
    assert rows[0]["number"] == _winner_from_laps()
    assert rows[0]["position"] == "1"


def test_standings_per_class_drivers_and_teams(reader: TestClient) -> None:
    data = reader.get(f"/seasons/{SEASON}/standings.json").json()
    assert {(t["class"], t["of"]) for t in data["tables"]} == {
        (c, who) for c in ("Silver", "Pro-Am", "Am") for who in ("drivers", "teams")
    }
    results = reader.get(f"/sessions/{RACE}.json").json()["results"]
    for table in data["tables"]:
        if table["of"] != "drivers":
            continue
        winner = next(
            r for r in results if r["class"] == table["class"] and r["class_position"] == 1
        )
        top = table["crews"][0]
        assert sorted(top["names"]) == sorted(winner["drivers"])
        assert top["points"] == "25"  # 25 for a class win, the crew in full


def test_tie_break_is_explained(reader: TestClient) -> None:
    data = reader.get(f"/seasons/{SEASON}/standings.json").json()
    teams = [t for t in data["tables"] if t["of"] == "teams"]
    # Two-car teams in one race: some teams are level on points (or not); each level pair of
    # crews is explained in words
    for table in data["tables"]:
        level = [
            (a, b)
            for a, b in zip(table["crews"], table["crews"][1:], strict=False)
            if a["points"] == b["points"] and a["points"] != "0"
        ]
        assert len(table["tie_breaks"]) == len(level)
    assert teams


@pytest.mark.parametrize(
    ("path", "status"),
    [("/sessions/nope", 404), ("/seasons/nope", 404), ("/events/nope", 404), ("/nowhere", 404)],
)
def test_errors_are_html_pages(reader: TestClient, path: str, status: int) -> None:
    response = reader.get(path)
    assert response.status_code == status
    assert response.headers["content-type"].startswith("text/html")


def test_errors_as_json_have_one_shape(reader: TestClient) -> None:
    response = reader.get("/sessions/nope.json")
    assert response.status_code == 404
    assert response.json() == {
        "error": {"status": 404, "message": "no session 'nope' in the store"}
    }
    bad = reader.get(f"/sessions/{RACE}.json?version=99")
    assert bad.status_code == 404 and "version 99" in bad.json()["error"]["message"]


def test_openapi_and_docs(reader: TestClient) -> None:
    schema = reader.get("/openapi.json").json()
    assert "/sessions/{session}.json" in schema["paths"]
    assert "/api/v1/sessions/{session}/decisions" in schema["paths"]
    assert reader.get("/docs").status_code == 200


def test_static_css_is_shipped(reader: TestClient) -> None:
    response = reader.get("/static/site.css")
    assert response.status_code == 200 and "text/css" in response.headers["content-type"]
    assert "cdn" not in reader.get(f"/sessions/{RACE}").text.lower()


def test_live_tower_page_points_at_the_stream(reader: TestClient) -> None:
    page = reader.get(f"/sessions/{RACE}/live")
    assert page.status_code == 200
    assert f'data-session="{RACE}"' in page.text and "/static/tower.js" in page.text
    assert f'href="/api/v1/sessions/{RACE}/live"' in page.text  # the same tower as JSON
    assert reader.get("/sessions/nope/live").status_code == 404
