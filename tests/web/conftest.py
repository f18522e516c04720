"""A small season for the web tests, on a SQLite file and on PostgreSQL (a fresh schema each).

The Vale Park round (R1) has a race from the project's demo generator (26 cars, published
provisional); R2 is scheduled, not run. The clock stands at 2024-05-25 12:00 UTC.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
import uvicorn
from fastapi import FastAPI
from fastapi.testclient import TestClient
from tests.store.conftest import _fresh_schema
from tests.store.conftest import postgres_server as postgres_server  # the fixture

from pitboard.demo import demo_session
from pitboard.model import Session, SessionKind
from pitboard.store import Circuit, Event, ResultState, Season, Series, Store, open_store
from pitboard.store.schema import metadata
from pitboard.web import create_app
from pitboard.web.accounts import Role, add_user
from pitboard.web.security import LoginLimiter
from pitboard.web.server import server_config

SEASON = "demo-cup-2024"
RACE = "demo-cup-2024-r1-race1"
LATER = "demo-cup-2024-r2-race1"
NOW = datetime(2024, 5, 25, 12, 0, tzinfo=UTC)
PASSWORDS = {"admin": "admin-password", "control": "control-password", "team": "team-password"}


def build_season(store: Store) -> None:
    store.save_series(Series("demo-cup", "Demo Cup"))
    store.save_season(Season(SEASON, "demo-cup", 2024, "Demo Cup 2024"))
    store.save_circuit(Circuit("vale", "Vale Park", "Europe/Stockholm", "Sweden", "Vale", 4200))
    store.save_event(
        Event(
            "demo-cup-2024-r1", SEASON, 1, "Vale Park", "vale", date(2024, 5, 10), date(2024, 5, 12)
        )
    )
    store.save_event(
        Event(
            "demo-cup-2024-r2",
            SEASON,
            2,
            "Vale Park II",
            "vale",
            date(2024, 6, 14),
            date(2024, 6, 16),
        )
    )
    store.save_session(
        RACE,
        demo_session(),
        event="demo-cup-2024-r1",
        scheduled_start=datetime(2024, 5, 12, 14, 35),
        duration=3_600_000,
    )
    store.publish_result(RACE, ResultState.PROVISIONAL, reason="end of race", by="clerk")
    store.save_session(
        LATER,
        Session(SessionKind.RACE, name="Race 1"),
        event="demo-cup-2024-r2",
        scheduled_start=datetime(2024, 6, 15, 15, 0),
        duration=3_600_000,
    )


def _url(request: pytest.FixtureRequest, folder: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{folder}/web.db"
    else:
        server = request.getfixturevalue("postgres_server")
        yield from _fresh_schema(server)


def _users(store: Store) -> dict[str, str]:
    roles = {"admin": Role.ADMIN, "control": Role.RACE_CONTROL, "team": Role.TEAM}
    return {
        name: add_user(
            store.engine, name, PASSWORDS[name], role, team="Fenwick GT" if name == "team" else ""
        )
        for name, role in roles.items()
    }


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def _app(store: Store, limiter_clock: FakeClock) -> FastAPI:
    limiter = LoginLimiter(clock=limiter_clock)
    return create_app(store=store, secret="test-secret", clock=lambda: NOW, login_limiter=limiter)


@pytest.fixture(scope="module")
def migrated_postgres(postgres_server: str) -> Iterator[str]:
    """One migrated PostgreSQL schema per module (migrating takes a while), emptied per test."""
    for url in _fresh_schema(postgres_server):
        open_store(url).close()  # migrated to head
        yield url


def _empty(url: str) -> None:
    engine = sa.create_engine(url)
    tables = metadata.sorted_tables
    names = ", ".join(f'"{table.name}"' for table in tables)
    with engine.begin() as connection:
        connection.execute(sa.text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path}/web.db"
        return
    url = request.getfixturevalue("migrated_postgres")
    _empty(url)
    yield url


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    with open_store(store_url) as opened:
        build_season(opened)
        yield opened


@pytest.fixture
def tokens(store: Store) -> dict[str, str]:
    return _users(store)


@pytest.fixture
def limiter_clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def client(store: Store, tokens: dict[str, str], limiter_clock: FakeClock) -> Iterator[TestClient]:
    """A client over a store of its own (for tests that write)."""
    with TestClient(_app(store, limiter_clock)) as test_client:
        yield test_client


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def reader(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[TestClient]:
    """A client over a store shared by a module's read-only tests."""
    for url in _url(request, tmp_path_factory.mktemp("web")):
        with open_store(url) as opened:
            build_season(opened)
            _users(opened)
            with TestClient(_app(opened, FakeClock())) as test_client:
                yield test_client


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def serve_in_thread(app: FastAPI) -> Iterator[str]:
    """`app` served by uvicorn (the project's `server_config`) on a free port of 127.0.0.1 in a
    thread; yields its base URL once started, stops it afterwards."""
    port = free_port()
    running = uvicorn.Server(server_config(app, "127.0.0.1", port))
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    while not running.started:  # waiting for start-up, not timing anything
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        running.should_exit = True
        thread.join()
