"""Who is asking: the signed log-in cookie, CSRF tokens, the log-in rate limit, bearer tokens.

- Log-in cookie: a random token of a server-side session (`accounts.start_log_in`: only its
  hash is stored, for 12 h), HttpOnly, SameSite=Strict, Secure over https; log-out deletes the
  session, so the cookie ends with it. The user's role is read from the database on every
  request, so a demoted user loses rights at once.
- CSRF (double submit, signed): a random `pitboard_csrf` cookie; every form carries
  HMAC(secret, cookie) in a hidden field; a POST whose field does not match is refused (403).
- Log-in rate limit: at most `failures` failed attempts per client address and per user name in
  `window` seconds; then 429 with Retry-After until the window has passed. The address is the
  peer's; `X-Forwarded-For` counts only from the proxies in PITBOARD_TRUSTED_PROXIES
  (`web.server`).
- API writes: `Authorization: Bearer <token>`.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import time
from collections import deque
from collections.abc import Callable

from fastapi import HTTPException, Request

from pitboard.web.accounts import User, user_by_log_in, user_by_token

SESSION_COOKIE = "pitboard_session"
CSRF_COOKIE = "pitboard_csrf"
SESSION_SECONDS = 12 * 3600


class Signer:
    def __init__(self, secret: str) -> None:
        self._key = secret.encode()

    def sign(self, text: str) -> str:
        return hmac.new(self._key, text.encode(), hashlib.sha256).hexdigest()

    def csrf_field(self, cookie: str) -> str:
        return self.sign(f"csrf:{cookie}")

    def csrf_ok(self, cookie: str | None, field: str | None) -> bool:
        if not cookie or not field:
            return False
        return hmac.compare_digest(self.csrf_field(cookie), field)


def new_csrf_cookie() -> str:
    return secrets.token_urlsafe(24)


class LoginLimiter:
    """Log-in attempts per key (address, user name) in a sliding window, counted atomically:
    `attempt` counts an attempt before the password is checked (so concurrent guesses cannot all
    pass the limit) and `succeeded` takes a right one back off the count."""

    def __init__(
        self, failures: int = 5, window: float = 300.0, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.failures, self.window, self.clock = failures, window, clock
        self._seen: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def attempt(self, *keys: str) -> int:
        """Count an attempt and return 0, or the seconds to wait (nothing counted)."""
        now = self.clock()
        with self._lock:
            recent = [self._recent(key, now) for key in keys]
            full = [times[0] + self.window - now for times in recent if len(times) >= self.failures]
            if full:
                return int(max(full)) + 1
            for times in recent:
                times.append(now)
        return 0

    def succeeded(self, *keys: str) -> None:
        with self._lock:
            for key in keys:
                times = self._seen.get(key[:200])
                if times:
                    times.pop()
                    if not times:
                        del self._seen[key[:200]]

    def _recent(self, key: str, now: float) -> deque[float]:
        times = self._seen.setdefault(key[:200], deque())
        while times and times[0] <= now - self.window:
            times.popleft()
        return times


def cookie_user(request: Request) -> User | None:
    """The logged-in user of a browser request, or None."""
    value = request.cookies.get(SESSION_COOKIE)
    if not value or len(value) > 100:
        return None
    return user_by_log_in(request.app.state.store.engine, value)


def bearer_user(request: Request) -> User | None:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return user_by_token(request.app.state.store.engine, token.strip())


def require_writer(user: User | None, *, api: bool) -> User:
    """401 without a user, 403 for a read-only (team) user."""
    if user is None:
        headers = {"WWW-Authenticate": "Bearer"} if api else None
        raise HTTPException(401, "log in (or send a bearer token) to change results", headers)
    if not user.role.may_write:
        raise HTTPException(403, f"user {user.name!r} ({user.role.value}) may not change results")
    return user


def check_csrf(request: Request, field: str | None) -> None:
    signer: Signer = request.app.state.signer
    if not signer.csrf_ok(request.cookies.get(CSRF_COOKIE), field):
        raise HTTPException(403, "the form has expired or did not come from this site: reload it")
