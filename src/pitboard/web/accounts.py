"""Race control accounts and the audit log: who may write, and what every write did.

Two tables kept by the store (`store.schema`, made by migration 0005 like the others, on SQLite
and PostgreSQL alike): `web_users` (name, argon2 password hash, role, team, API token hash) and
`web_audit` (who, when, what, why, on which session). Passwords are hashed with argon2id;
API tokens are random and only their SHA-256 is kept.
"""

from __future__ import annotations

import enum
import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from pitboard.model import PitboardError
from pitboard.store.schema import web_audit as audit
from pitboard.store.schema import web_sessions as log_ins
from pitboard.store.schema import web_users as users

_HASHER = PasswordHasher()
# Verified against when the user does not exist, so a wrong name costs as long as a wrong password.
_DUMMY_HASH = _HASHER.hash("not a password of anyone")


class Role(enum.Enum):
    ADMIN = "admin"
    RACE_CONTROL = "race_control"
    TEAM = "team"  # read-only: sees what race control sees, changes nothing

    @property
    def may_write(self) -> bool:
        return self is not Role.TEAM


class AccountError(PitboardError):
    """A user that cannot be created as asked (a duplicate name, an empty password)."""


@dataclass(frozen=True, slots=True)
class User:
    name: str
    role: Role
    team: str = ""


@dataclass(frozen=True, slots=True)
class AuditRecord:
    at: datetime
    who: str
    action: str
    session: str | None
    what: str
    why: str


def add_user(engine: sa.Engine, name: str, password: str, role: Role, *, team: str = "") -> str:
    """Create a user; returns a fresh API token (shown once, only its hash is kept)."""
    if not name or len(password) < 8:
        raise AccountError(f"user {name!r}: a name and a password of 8 characters or more")
    token = secrets.token_urlsafe(32)
    row = {
        "name": name,
        "password_hash": _HASHER.hash(password),
        "role": role.value,
        "team": team,
        "token_sha256": _sha256(token),
    }
    with engine.begin() as connection:
        if connection.execute(sa.select(users.c.id).where(users.c.name == name)).first():
            raise AccountError(f"user {name!r} exists already")
        connection.execute(sa.insert(users).values(row))
    return token


def check_password(engine: sa.Engine, name: str, password: str) -> User | None:
    """The user when the password is right, else None (same work either way)."""
    with engine.connect() as connection:
        row = connection.execute(sa.select(users).where(users.c.name == name)).first()
    try:
        _HASHER.verify(row.password_hash if row else _DUMMY_HASH, password)
    except (VerificationError, InvalidHashError):
        return None
    return _user(row) if row else None


def user_by_token(engine: sa.Engine, token: str) -> User | None:
    with engine.connect() as connection:
        query = sa.select(users).where(users.c.token_sha256 == _sha256(token))
        row = connection.execute(query).first()
    return _user(row) if row else None


def user_by_name(engine: sa.Engine, name: str) -> User | None:
    with engine.connect() as connection:
        row = connection.execute(sa.select(users).where(users.c.name == name)).first()
    return _user(row) if row else None


def start_log_in(engine: sa.Engine, user: User, seconds: int, now: datetime | None = None) -> str:
    """A server-side log-in session for `user`; returns its token (the cookie's value, shown
    once: only its hash is kept). Expired ones are removed on the way."""
    now = now or datetime.now(UTC)
    token = secrets.token_urlsafe(32)
    row = {
        "token_sha256": _sha256(token),
        "user_name": user.name,
        "expires_at": now + timedelta(seconds=seconds),
    }
    with engine.begin() as connection:
        connection.execute(sa.delete(log_ins).where(log_ins.c.expires_at < now))
        connection.execute(sa.insert(log_ins).values(row))
    return token


def user_by_log_in(engine: sa.Engine, token: str, now: datetime | None = None) -> User | None:
    """The user of a log-in token that has not ended (log-out) nor expired."""
    query = (
        sa.select(users)
        .join(log_ins, log_ins.c.user_name == users.c.name)
        .where(log_ins.c.token_sha256 == _sha256(token))
        .where(log_ins.c.expires_at >= (now or datetime.now(UTC)))
    )
    with engine.connect() as connection:
        row = connection.execute(query).first()
    return _user(row) if row else None


def end_log_in(engine: sa.Engine, token: str) -> None:
    with engine.begin() as connection:
        connection.execute(sa.delete(log_ins).where(log_ins.c.token_sha256 == _sha256(token)))


def record_audit(
    connection: sa.Connection,
    who: User,
    action: str,
    what: str,
    why: str,
    *,
    session: str | None = None,
) -> None:
    """Append to the audit log inside the caller's transaction: the write and its record or
    neither."""
    values = {"at": datetime.now(UTC), "who": who.name, "action": action}
    connection.execute(sa.insert(audit).values(**values, session=session, what=what, why=why))


def load_audit(
    engine: sa.Engine, *, session: str | None = None, limit: int = 200
) -> list[AuditRecord]:
    """The newest records first (of one session when `session` is given)."""
    query = sa.select(audit).order_by(audit.c.id.desc()).limit(limit)
    if session is not None:
        query = query.where(audit.c.session == session)
    with engine.connect() as connection:
        return [_audit(row) for row in connection.execute(query)]


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _user(row: sa.Row[Any]) -> User:
    return User(name=row.name, role=Role(row.role), team=row.team)


def _audit(row: sa.Row[Any]) -> AuditRecord:
    return AuditRecord(row.at, row.who, row.action, row.session, row.what, row.why)
