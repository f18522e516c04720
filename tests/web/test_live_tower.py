"""The live tower page in real headless Chromium while the simulator feeds the real server over
HTTP: rows appear and keep changing without a reload; the class filter narrows the tower.
A screenshot of the tower mid-race is kept in tests/web/screenshots/."""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from tests.web.conftest import free_port
from tests.web.test_browser import SHOTS, playwright

from conftest import chromium
from pitboard.model import Session, SessionKind
from pitboard.sim import RaceSettings, simulate_race
from pitboard.sim.outputs import send_http
from pitboard.store import open_store
from pitboard.web import create_app
from pitboard.web.accounts import Role, add_user
from pitboard.web.server import server_config

RACE = simulate_race(RaceSettings(seed=5, cars=12, minutes=8, noise=False))


@pytest.fixture
def live_server(tmp_path: Path) -> Iterator[tuple[str, str, Any]]:
    import time

    import uvicorn

    chromium()
    store = open_store(str(tmp_path / "live.db"))
    entries = {entry.number: entry for entry in RACE.entries}
    store.save_session("sim-race", Session(SessionKind.RACE, entries, name="Simulated race"))
    app = create_app(store=store, secret="live-secret")
    token = add_user(store.engine, "timing", "timing-password", Role.RACE_CONTROL)
    port = free_port()
    config = server_config(app, "127.0.0.1", port)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:  # waiting for start-up, not timing anything
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", token, app
    server.should_exit = True
    thread.join()
    if getattr(app.state, "live", None) is not None:
        app.state.live.close()
    store.close()


def test_tower_updates_while_the_simulator_runs(live_server: tuple[str, str, Any]) -> None:
    base, token, _ = live_server
    with playwright.sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=str(chromium()), args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        page.goto(f"{base}/sessions/sim-race/live")
        page.wait_for_selector("#link.on")  # the WebSocket is open
        feed = threading.Thread(target=send_http, args=(RACE, base, "sim-race", token, 240.0))
        feed.start()
        page.wait_for_function("Number(document.querySelector('.tower').dataset.updates) > 20")
        rows = page.locator("#rows tr")
        assert rows.count() == len(RACE.entries)
        seen = page.locator(".tower").get_attribute("data-updates")
        page.wait_for_function(
            f"Number(document.querySelector('.tower').dataset.updates) > {seen} + 20"
        )
        stint = "#rows tr:first-child td[data-field=stint]"
        shown_stint = page.locator(stint).inner_text()
        assert re.fullmatch(r"\d+:\d\d", shown_stint), shown_stint
        page.wait_for_function(  # the stint clock runs on the race clock the header carries
            f"document.querySelector({json.dumps(stint)}).textContent !== {json.dumps(shown_stint)}"
        )
        SHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SHOTS / "live-tower-desktop.png"), full_page=True)
        first_class = RACE.entries[0].car_class
        page.locator(f"#classes a[data-class='{first_class}']").click()
        shown = page.locator("#rows tr").count()
        assert shown == sum(1 for e in RACE.entries if e.car_class == first_class)
        feed.join()
        page.wait_for_function("document.getElementById('remaining').textContent === 'finished'")
        browser.close()
