"""The inputs: season, circuits, events, sessions, entries, drivers, laps, passings,
result versions, decisions and the journal.

Revision ID: 0001
Revises:
Create Date: 2025-01-01
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | None = None
depends_on: str | None = None

Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")

_ONE_SCOPE = (
    "(CASE WHEN season_id IS NULL THEN 0 ELSE 1 END)"
    " + (CASE WHEN event_id IS NULL THEN 0 ELSE 1 END)"
    " + (CASE WHEN session_id IS NULL THEN 0 ELSE 1 END) = 1"
)


def _id() -> sa.Column[int]:
    return sa.Column("id", Id, primary_key=True, autoincrement=True)


def _ref(table: str, name: str, target: str, *, nullable: bool = False) -> sa.Column[int]:
    key = sa.ForeignKey(f"{target}.id", ondelete="CASCADE", name=f"fk_{table}_{name}_{target}")
    return sa.Column(name, Id, key, nullable=nullable)


def _table(name: str, *items: sa.Column[Any] | sa.Constraint, keyed: bool = True) -> None:
    columns: list[sa.Column[Any] | sa.Constraint] = []
    if keyed:
        columns.append(_id())
        columns.append(sa.Column("key", sa.Text, nullable=False))
        columns.append(sa.UniqueConstraint("key", name=f"uq_{name}_key"))
    op.create_table(name, *columns, *items)
    for item in items:
        if isinstance(item, sa.Column) and item.foreign_keys:
            op.create_index(f"ix_{name}_{item.name}", name, [item.name])


def _text(name: str, *, nullable: bool = False, default: str | None = "") -> sa.Column[str]:
    return sa.Column(name, sa.Text, nullable=nullable, server_default=default)


def _season_tables() -> None:
    _table("series", _text("name", default=None), sa.PrimaryKeyConstraint("id", name="pk_series"))
    _table(
        "seasons",
        _ref("seasons", "series_id", "series"),
        sa.Column("year", sa.Integer, nullable=False),
        _text("name", default=None),
        sa.PrimaryKeyConstraint("id", name="pk_seasons"),
    )
    _table(
        "circuits",
        _text("name", default=None),
        _text("country"),
        _text("place"),
        sa.Column("length_m", sa.Integer, nullable=True),
        _text("time_zone", default=None),
        sa.PrimaryKeyConstraint("id", name="pk_circuits"),
    )
    _table(
        "events",
        _ref("events", "season_id", "seasons"),
        sa.Column("round", sa.Integer, nullable=False),
        _text("name", default=None),
        _ref("events", "circuit_id", "circuits", nullable=True),
        sa.Column("start_date", sa.Date, nullable=True),
        sa.Column("end_date", sa.Date, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_events"),
        sa.UniqueConstraint("season_id", "round", name="uq_events_season_round"),
    )
    _table(
        "sessions",
        _ref("sessions", "event_id", "events", nullable=True),
        _text("kind", default=None),
        _text("name"),
        sa.Column("scheduled_start", sa.DateTime, nullable=True),
        sa.Column("duration_ms", sa.BigInteger, nullable=True),
        sa.Column("race_laps", sa.Integer, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_sessions"),
    )


def _entry_tables() -> None:
    _table(
        "entries",
        _id(),
        _ref("entries", "season_id", "seasons", nullable=True),
        _ref("entries", "event_id", "events", nullable=True),
        _ref("entries", "session_id", "sessions", nullable=True),
        sa.Column("ordinal", sa.Integer, nullable=False),
        _text("number", default=None),
        _text("car_class", default=None),
        _text("team"),
        _text("vehicle"),
        sa.PrimaryKeyConstraint("id", name="pk_entries"),
        sa.CheckConstraint(_ONE_SCOPE, name="ck_entries_one_scope"),
        keyed=False,
    )
    _table(
        "drivers",
        _id(),
        _text("name", default=None),
        _text("category", nullable=True, default=None),
        _text("country", nullable=True, default=None),
        sa.PrimaryKeyConstraint("id", name="pk_drivers"),
        sa.UniqueConstraint("name", name="uq_drivers_name"),
        keyed=False,
    )
    _table(
        "entry_drivers",
        _ref("entry_drivers", "entry_id", "entries"),
        sa.Column("position", sa.Integer, nullable=False),
        _ref("entry_drivers", "driver_id", "drivers"),
        _text("category", nullable=True, default=None),
        sa.PrimaryKeyConstraint("entry_id", "position", name="pk_entry_drivers"),
        keyed=False,
    )


def _timing_tables() -> None:
    times = ("time_ms", "elapsed_ms", "hour_ms")
    _table(
        "laps",
        _id(),
        _ref("laps", "session_id", "sessions"),
        _text("car", default=None),
        sa.Column("number", sa.Integer, nullable=False),
        *(sa.Column(name, sa.BigInteger, nullable=True) for name in times),
        sa.Column("sectors_ms", sa.JSON, nullable=False),
        sa.Column("in_pit", sa.Boolean, nullable=False),
        sa.Column("pit_time_ms", sa.BigInteger, nullable=True),
        _text("driver"),
        sa.Column("driver_number", sa.Integer, nullable=True),
        _text("flag", nullable=True, default=None),
        sa.Column("improvement", sa.Integer, nullable=False, server_default="0"),
        sa.PrimaryKeyConstraint("id", name="pk_laps"),
        keyed=False,
    )
    _table(
        "passings",
        _id(),
        _ref("passings", "session_id", "sessions"),
        _text("transponder", default=None),
        _text("car", nullable=True, default=None),
        _text("loop", default=None),
        sa.Column("timestamp_us", sa.BigInteger, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_passings"),
        keyed=False,
    )


def _decision_tables() -> None:
    _table(
        "result_versions",
        _id(),
        _ref("result_versions", "session_id", "sessions"),
        sa.Column("number", sa.Integer, nullable=False),
        _text("state", default=None),
        sa.Column("published_at", sa.BigInteger, nullable=False),
        _text("published_by"),
        _text("reason"),
        sa.PrimaryKeyConstraint("id", name="pk_result_versions"),
        sa.UniqueConstraint("session_id", "number", name="uq_result_versions_session_number"),
        keyed=False,
    )
    _table(
        "decisions",
        _id(),
        _ref("decisions", "session_id", "sessions"),
        _text("car", default=None),
        _text("kind", default=None),
        sa.Column("time_ms", sa.BigInteger, nullable=False, server_default="0"),
        sa.Column("laps", sa.Integer, nullable=False, server_default="0"),
        sa.Column("positions", sa.Integer, nullable=False, server_default="0"),
        sa.Column("lap", sa.Integer, nullable=True),
        _text("reason"),
        _text("decided_by", default=None),
        sa.Column("decided_at", sa.BigInteger, nullable=False),
        sa.Column("result_version", sa.Integer, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_decisions"),
        keyed=False,
    )
    _table(
        "journal",
        _id(),
        _ref("journal", "session_id", "sessions", nullable=True),
        _text("kind", default=None),
        sa.Column("payload", sa.JSON, nullable=False),
        sa.Column("received_at", sa.BigInteger, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_journal"),
        keyed=False,
    )


_TABLES = [
    "journal",
    "decisions",
    "result_versions",
    "passings",
    "laps",
    "entry_drivers",
    "drivers",
    "entries",
    "sessions",
    "events",
    "circuits",
    "seasons",
    "series",
]


def upgrade() -> None:
    _season_tables()
    _entry_tables()
    _timing_tables()
    _decision_tables()


def downgrade() -> None:
    for name in _TABLES:
        op.drop_table(name)
