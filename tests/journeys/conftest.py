"""Journeys: the real processes a user runs (the `pitboard` CLI as subprocesses, a real server on
a free port, Chromium where a page is the point), one journey a test.

    port = free_port()
    with served(["serve", "--db", db, "--port", str(port)], port, tmp_path / "serve.log") as base:
        page = get_json(f"{base}/sessions/r1.json")

PostgreSQL: `postgres_url` (a fresh, empty schema, dropped afterwards) as in tests/store.
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import pytest
from tests.store.conftest import postgres_server as postgres_server  # the fixtures
from tests.store.conftest import postgres_url as postgres_url

BIN = str(Path(sys.executable).with_name("pitboard"))
T = TypeVar("T")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def pitboard(
    *args: str, env: dict[str, str] | None = None, check: bool = True, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    """Run `pitboard ARGS…` to the end; with `check`, a non-zero exit fails the test (with its
    output)."""
    done = subprocess.run(
        [BIN, *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, **(env or {})},
        check=False,
    )
    if check and done.returncode != 0:
        pytest.fail(f"pitboard {' '.join(args)} exited {done.returncode}:\n{done.stderr[-3000:]}")
    return done


@contextmanager
def served(args: Sequence[str], port: int, log: Path, ready: str = "/") -> Iterator[str]:
    """Start `pitboard ARGS…` (a server listening on `port`, given in `args`); yields its base URL
    once `ready` answers (any HTTP status) and stops it afterwards (SIGTERM, then SIGKILL). A
    server that exits early fails the test with its log."""
    base = f"http://127.0.0.1:{port}"
    with log.open("ab") as out:
        process = subprocess.Popen([BIN, *args], stdout=out, stderr=subprocess.STDOUT)
    try:
        wait_until(lambda: _answers(base + ready, process, log), f"{base}{ready} to answer")
        yield base
    finally:
        process.terminate()
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _answers(url: str, process: subprocess.Popen[bytes], log: Path) -> bool:
    if process.poll() is not None:
        pytest.fail(f"{url}: the server exited {process.returncode}:\n{log.read_text()[-3000:]}")
    try:
        with urllib.request.urlopen(url, timeout=5):
            return True
    except urllib.error.HTTPError:
        return True
    except OSError:
        return False


def wait_until(condition: Callable[[], T], what: str, seconds: float = 120) -> T:
    """Poll `condition` until it returns something true; its value (fails after `seconds`)."""
    deadline = time.monotonic() + seconds
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            pytest.fail(f"gave up waiting for {what}")
        time.sleep(0.2)


def request(
    method: str, url: str, body: object = None, token: str = ""
) -> tuple[int, bytes, dict[str, str]]:
    """(status, body, headers) of one HTTP request; a JSON `body` is sent as JSON."""
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    data = None
    if body is not None:
        data, headers["Content-Type"] = json.dumps(body).encode(), "application/json"
    outgoing = urllib.request.Request(url, data=data, headers=headers, method=method)
    try:
        with urllib.request.urlopen(outgoing, timeout=60) as response:
            return response.status, response.read(), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read(), dict(error.headers)


def get_text(url: str) -> str:
    status, body, _ = request("GET", url)
    assert status == 200, f"GET {url}: {status} {body[:300]!r}"
    return body.decode()


def get_json(url: str) -> Any:
    return json.loads(get_text(url))


def post_json(url: str, body: object, token: str = "", expect: int | None = None) -> Any:
    """POST JSON; the answer's JSON (with `expect`, its status must be that)."""
    status, answer, _ = request("POST", url, body, token)
    if expect is not None:
        assert status == expect, f"POST {url}: {status} {answer[:300]!r}"
    return json.loads(answer) if answer else None


@dataclass(frozen=True)
class Demo:
    """`pitboard serve --demo` on a free port: its base URL and its log."""

    base: str
    log: Path

    def token(self, user: str) -> str:
        """The API token `serve --demo` printed for `user`."""
        found = re.search(rf"log-in: {user} / \S+ +\(API token: ([^)]+)\)", self.log.read_text())
        assert found, self.log.read_text()
        return found.group(1)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Demo]:
    """The demo season served by a real `pitboard serve --demo` process (one per module)."""
    folder = tmp_path_factory.mktemp("demo")
    port = free_port()
    args = ["serve", "--demo", "--db", str(folder / "demo.db"), "--port", str(port)]
    with served(args, port, folder / "serve.log") as base:
        yield Demo(base, folder / "serve.log")
