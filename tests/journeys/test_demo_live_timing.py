"""Journey (c), issue 10: a fan opens the demo (`pitboard serve --demo`) and presses Live timing
on a finished session: the tower shows how the session ended, from the store.

Before the fix every Misano session answered 409 (`journal#238.kind: unknown kind 'weather'`)
and the page stayed on "connecting…".
"""

from __future__ import annotations

from typing import Any

from tests.journeys.conftest import Demo, get_json, request

from conftest import chromium

SEASON = "gt4-europe-2023"


def finished_sessions(base: str) -> list[dict[str, Any]]:
    calendar = get_json(f"{base}/seasons/{SEASON}.json")
    return [s for r in calendar["rounds"] for s in r["sessions"] if s["state"] is not None]


def test_every_finished_demo_session_shows_its_final_tower(demo: Demo) -> None:
    sessions = finished_sessions(demo.base)
    assert [s["key"].rsplit("-", 1)[1] for s in sessions] == [
        "fp1",
        "fp2",
        "q1",
        "q2",
        "race1",
        "race2",
    ]
    for session in sessions:
        key = session["key"]
        tower = get_json(f"{demo.base}/api/v1/sessions/{key}/live")
        result = get_json(f"{demo.base}/sessions/{key}.json")
        assert (tower["flag"], tower["finished"]) == ("chequered", True), key
        assert tower["classes"] == result["classes"], key
        shown = [(row["number"], row["laps"], row["status"]) for row in tower["rows"]]
        published = [(row["number"], row["laps"], row["status"]) for row in result["results"]]
        assert shown == published, key  # the latest version: Race 2 with its decision
        assert sum(laps for _, laps, _ in shown) > 0, key


def test_a_finished_session_takes_no_live_inputs(demo: Demo) -> None:
    url = f"{demo.base}/api/v1/sessions/{SEASON}-misano-race2/flags"
    status, body, _ = request("POST", url, {"flag": "fcy"}, token=demo.token("control"))
    assert status == 409
    assert "finished" in body.decode() and "no live inputs" in body.decode()
    tower = get_json(f"{demo.base}/api/v1/sessions/{SEASON}-misano-race2/live")
    assert tower["flag"] == "chequered"


def test_the_live_timing_button_shows_the_final_tower_in_chromium(demo: Demo) -> None:
    from playwright import sync_api

    key = f"{SEASON}-misano-race2"
    tower = get_json(f"{demo.base}/api/v1/sessions/{key}/live")
    with sync_api.sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=str(chromium()), args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(f"{demo.base}/sessions/{key}")
        page.get_by_role("link", name="Live timing").click()
        page.wait_for_url(f"**/sessions/{key}/live")
        page.locator("#rows tr .carno").first.wait_for()
        numbers = page.locator("#rows tr .carno").all_inner_texts()
        flag, remaining = page.inner_text("#flag"), page.inner_text("#remaining")
        browser.close()
    assert numbers == [row["number"] for row in tower["rows"]]
    assert (flag, remaining) == ("CHEQUERED", "finished")
