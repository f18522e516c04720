"""HTTP basics (issue 10, item 9): HEAD answers like GET on every page, `/favicon.ico` is served,
and `/docs` needs no internet (Swagger UI's files come from the package, checked in a real
Chromium that may reach nothing but our server)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from tests.web.conftest import NOW, RACE, SEASON, build_season, serve_in_thread

from conftest import chromium
from pitboard.model import Penalty, PenaltyKind
from pitboard.store import Decision, Event, ResultState, Store, open_store
from pitboard.web import create_app

PARAMETERS = {
    "season": SEASON,
    "session": RACE,
    "event": "demo-cup-2024-r1",
    "filename": "site.css",
}


def _routes(routes: list[Any]) -> Iterator[APIRoute]:
    for route in routes:
        included = getattr(route, "original_router", None)  # an included router (FastAPI 0.16x)
        if included is not None:
            yield from _routes(included.routes)
        elif isinstance(route, APIRoute):
            yield route


def _get_pages(client: TestClient) -> list[str]:
    """Every GET route of the app with its path parameters filled in."""
    pages = []
    for route in _routes(client.app.routes):  # type: ignore[attr-defined]
        if "GET" not in route.methods:
            continue
        names = re.findall(r"{(\w+)(?::\w+)?}", route.path)
        if any(name not in PARAMETERS for name in names):
            continue
        pages.append(re.sub(r"{(\w+)(?::\w+)?}", lambda m: PARAMETERS[m.group(1)], route.path))
    return pages


def test_every_page_answers_head_like_get(reader: TestClient) -> None:
    pages = _get_pages(reader)
    assert f"/seasons/{SEASON}/calendar.ics" in pages and "/docs" in pages and len(pages) > 15
    for page in [*pages, "/static/site.css", "/no-such-page"]:
        got = reader.get(page)
        head = reader.head(page)
        assert head.status_code == got.status_code, page
        assert head.content == b"", page
        assert head.headers.get("content-type") == got.headers.get("content-type"), page


def test_head_of_the_calendar_has_its_length(reader: TestClient) -> None:
    got = reader.get(f"/seasons/{SEASON}/calendar.ics")
    head = reader.head(f"/seasons/{SEASON}/calendar.ics")
    assert got.status_code == head.status_code == 200
    assert got.headers["content-type"].startswith("text/calendar")
    assert int(head.headers["content-length"]) == len(got.content) > 0


def test_favicon(reader: TestClient) -> None:
    icon = reader.get("/favicon.ico")
    assert icon.status_code == 200
    assert icon.headers["content-type"] == "image/x-icon"
    assert icon.content[:4] == b"\x00\x00\x01\x00"  # an ICO file
    assert '<link rel="icon" href="/favicon.ico">' in reader.get("/").text


def test_docs_load_nothing_from_elsewhere(reader: TestClient) -> None:
    page = reader.get("/docs").text
    sources = re.findall(r'(?:src|href)="([^"]+)"', page) + re.findall(r"url: '([^']+)'", page)
    assert sources, page
    for source in sources:
        assert source.startswith("/"), source  # no CDN
        assert reader.get(source).status_code == 200, source


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    chromium()
    store = open_store(str(tmp_path_factory.mktemp("docs") / "web.db"))
    build_season(store)
    app = create_app(store=store, secret="docs-secret", clock=lambda: NOW)
    with serve_in_thread(app) as base:
        yield base
    store.close()


def test_docs_work_offline_in_a_browser(server: str) -> None:
    from playwright import sync_api

    elsewhere: list[str] = []

    def only_our_server(route: object) -> None:
        url = route.request.url  # type: ignore[attr-defined]
        if url.startswith(server):
            route.continue_()  # type: ignore[attr-defined]
        else:
            elsewhere.append(url)
            route.abort()  # type: ignore[attr-defined]

    with sync_api.sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=str(chromium()), args=["--no-sandbox"])
        page = browser.new_page()
        page.route("**/*", only_our_server)
        page.goto(server + "/docs")
        title = page.wait_for_selector(".swagger-ui .info .title", timeout=15_000)
        assert title is not None and "pitboard" in title.inner_text()
        assert page.locator(".opblock").count() > 10  # the operations are listed
        browser.close()
    assert elsewhere == []


def _season_page(store: Store, now: datetime) -> str:
    app = create_app(store=store, secret="s", clock=lambda: now)
    with TestClient(app) as client:
        return client.get(f"/seasons/{SEASON}").text


def test_the_season_is_over_only_after_the_last_round(store: Store) -> None:
    last = Event(
        "demo-cup-2024-r3", SEASON, 3, "Vale Park III", "vale", date(2024, 9, 6), date(2024, 9, 8)
    )
    store.save_event(last)  # dates, no sessions scheduled yet
    after_round_2 = datetime(2024, 6, 20, 12, 0, tzinfo=UTC)
    page = _season_page(store, after_round_2)
    assert "Season over" not in page and "Final standings" not in page
    assert "Vale Park III" in page.split('class="next"', 1)[1].split("</section>", 1)[0]
    last_day = datetime(2024, 9, 8, 20, 0, tzinfo=UTC)  # 22:00 in Stockholm, still the 8th
    assert "Season over" not in _season_page(store, last_day)
    after = datetime(2024, 9, 8, 23, 0, tzinfo=UTC)  # the 9th in Stockholm
    assert "Season over" in _season_page(store, after)


def test_decision_and_publication_times_in_the_events_zone(
    client: TestClient, store: Store
) -> None:
    decided = datetime(2024, 5, 12, 13, 50, tzinfo=UTC)  # 15:50 in Stockholm (CEST)
    car = next(iter(store.load_session(RACE).entries))
    penalty = Penalty(car, PenaltyKind.TIME, millis=5_000, reason="track limits")
    store.save_penalties(RACE, [Decision(penalty, "Stewards", decided)])
    store.publish_result(RACE, ResultState.OFFICIAL, reason="confirmed", by="clerk", at=decided)
    page = client.get(f"/sessions/{RACE}").text
    assert "(Stewards, 2024-05-12 15:50 CEST)" in page
    assert "2024-05-12 15:50 CEST by clerk" in page
    assert "13:50 UTC" not in page
