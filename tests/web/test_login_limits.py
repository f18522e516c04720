"""The log-in rate limit cannot be raced nor dodged (issue 11, item 6).

- 60 concurrent wrong passwords had 26 checked instead of 5: the limit is counted atomically.
- `X-Forwarded-For` was believed from any local peer (uvicorn's default), so each guess could
  claim a new address: it counts only from PITBOARD_TRUSTED_PROXIES (a real server here).
"""

from __future__ import annotations

import os
import re
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
from fastapi.testclient import TestClient
from tests.live.test_crash import BIN, free_port, wait_for

from pitboard.store import open_store
from pitboard.web import create_app


def csrf_of(page: str) -> str:
    found = re.search(r'name="csrf" value="([0-9a-f]+)"', page)
    assert found
    return found.group(1)


def test_concurrent_wrong_passwords_are_checked_at_most_five_times(tmp_path: Path) -> None:
    with open_store(str(tmp_path / "web.db")) as store:
        app = create_app(store=store, secret="s")
        with TestClient(app) as client:
            csrf = csrf_of(client.get("/login").text)
            form = {"name": "control", "password": "wrong", "csrf": csrf}
            with ThreadPoolExecutor(20) as pool:
                codes = list(
                    pool.map(lambda _: client.post("/login", data=form).status_code, range(40))
                )
    assert codes.count(401) == 5 and codes.count(429) == 35


def test_x_forwarded_for_from_an_untrusted_peer_is_ignored(tmp_path: Path) -> None:
    db, port = str(tmp_path / "web.db"), free_port()
    environment = {k: v for k, v in os.environ.items() if k != "PITBOARD_TRUSTED_PROXIES"}
    server = subprocess.Popen(
        [BIN, "serve", "--db", db, "--port", str(port)],
        env={**environment, "PITBOARD_SECRET": "s"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    codes = []
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}") as client:
            wait_for(lambda: _up(client), "the site")
            csrf = csrf_of(client.get("/login").text)
            for guess in range(7):
                form = {"name": f"user{guess}", "password": "wrong", "csrf": csrf}
                headers = {"X-Forwarded-For": f"203.0.113.{guess}"}
                codes.append(client.post("/login", data=form, headers=headers).status_code)
    finally:
        server.kill()
        server.wait()
    assert codes == [401] * 5 + [429] * 2


def _up(client: httpx.Client) -> bool:
    try:
        return client.get("/login").status_code == 200
    except httpx.HTTPError:
        return False


def test_the_session_cookie_is_secure_over_https(tmp_path: Path) -> None:
    """Issue 11 (low): the cookie was never `Secure`, even behind https (a trusted proxy's
    X-Forwarded-Proto makes the scheme https; here the client speaks https itself)."""
    from pitboard.web.accounts import Role, add_user

    with open_store(str(tmp_path / "web.db")) as store:
        add_user(store.engine, "control", "password!", Role.RACE_CONTROL)
        app = create_app(store=store, secret="s")
        cookies = {}
        for scheme in ("http", "https"):
            with TestClient(app, base_url=f"{scheme}://testserver") as client:
                form = {"name": "control", "password": "password!"}
                form["csrf"] = csrf_of(client.get("/login").text)
                response = client.post("/login", data=form, follow_redirects=False)
                assert response.status_code == 303
                cookies[scheme] = response.headers["set-cookie"]
    assert "secure" in cookies["https"].lower() and "secure" not in cookies["http"].lower()


def test_a_megabyte_user_name_is_not_kept_whole() -> None:
    """Issue 11 (low): failed log-ins with 1 MB user names kept ~1 MB each."""
    from pitboard.web.security import LoginLimiter

    limiter = LoginLimiter()
    for guess in range(5):
        assert limiter.attempt("ip:1", f"user:{guess}" + "x" * 1_000_000) == 0
    assert sum(len(key) for key in limiter._seen) <= 6 * 200
