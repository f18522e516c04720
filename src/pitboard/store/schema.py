"""The tables: inputs only (what the timekeepers, the stewards and the organisers give us).

Derived results (classifications, grids, standings) are recomputed from these, not stored.
Results published by someone else (an Ergast race, an official results file) are inputs too:
`published_rows` keeps them row by row, each row tied to the result version it was published as.
Race times are integer milliseconds (`*_ms`), decoder passings integer microseconds (`*_us`);
wall-clock instants (`*_at`) are integer microseconds since the Unix epoch, UTC, read back as
aware `datetime`s. Car numbers are TEXT: "021" and "21" are different cars.

The Alembic migrations under `migrations/versions` build exactly this schema; a test compares them.
"""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.engine import Dialect

# BIGINT ids, except on SQLite where only INTEGER PRIMARY KEY is an autoincrementing rowid.
Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


class UtcMicros(sa.types.TypeDecorator[datetime]):
    """An aware datetime kept as BIGINT microseconds since the epoch (same on every database)."""

    impl = sa.BigInteger
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> int | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"a naive datetime cannot be stored as an instant: {value!r}")
        delta = value - _EPOCH
        return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds

    def process_result_value(self, value: int | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        seconds, micros = divmod(value, 1_000_000)
        return datetime.fromtimestamp(seconds, UTC).replace(microsecond=micros)


metadata = sa.MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)


def _id() -> sa.Column[int]:
    return sa.Column("id", Id, primary_key=True, autoincrement=True)


def _key() -> sa.Column[str]:
    return sa.Column("key", sa.Text, nullable=False, unique=True)


def _ref(name: str, table: str, *, nullable: bool = False) -> sa.Column[int]:
    target = sa.ForeignKey(f"{table}.id", ondelete="CASCADE")
    return sa.Column(name, Id, target, nullable=nullable, index=True)


series = sa.Table(
    "series",
    metadata,
    _id(),
    _key(),
    sa.Column("name", sa.Text, nullable=False),
)

seasons = sa.Table(
    "seasons",
    metadata,
    _id(),
    _key(),
    _ref("series_id", "series"),
    sa.Column("year", sa.Integer, nullable=False),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("ruleset", sa.Text, nullable=False, server_default=""),  # classification
    sa.Column("championship", sa.Text, nullable=False, server_default=""),  # points
)

car_classes = sa.Table(
    "car_classes",
    metadata,
    _id(),
    _ref("season_id", "seasons"),
    sa.Column("ordinal", sa.Integer, nullable=False),  # the season's class order
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("crews", sa.JSON, nullable=False),  # admitted crews: [["Silver", "Bronze"], ...]
    sa.UniqueConstraint("season_id", "name", name="uq_car_classes_season_name"),
)

circuits = sa.Table(
    "circuits",
    metadata,
    _id(),
    _key(),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("country", sa.Text, nullable=False, server_default=""),
    sa.Column("place", sa.Text, nullable=False, server_default=""),
    sa.Column("length_m", sa.Integer, nullable=True),
    sa.Column("time_zone", sa.Text, nullable=False),  # IANA, e.g. Europe/Rome
)

events = sa.Table(
    "events",
    metadata,
    _id(),
    _key(),
    _ref("season_id", "seasons"),
    sa.Column("round", sa.Integer, nullable=False),
    sa.Column("name", sa.Text, nullable=False),
    _ref("circuit_id", "circuits", nullable=True),
    sa.Column("start_date", sa.Date, nullable=True),
    sa.Column("end_date", sa.Date, nullable=True),
    sa.UniqueConstraint("season_id", "round", name="uq_events_season_round"),
)

sessions = sa.Table(
    "sessions",
    metadata,
    _id(),
    _key(),
    _ref("event_id", "events", nullable=True),
    sa.Column("kind", sa.Text, nullable=False),  # SessionKind value
    sa.Column("name", sa.Text, nullable=False, server_default=""),
    sa.Column("scheduled_start", sa.DateTime, nullable=True),  # local time at the circuit
    sa.Column("duration_ms", sa.BigInteger, nullable=True),
    sa.Column("race_laps", sa.Integer, nullable=True),  # for races run over a distance
    # The weekend format: which qualifying sets the grid, how, who starts, the pit window.
    sa.Column(
        "grid_from_id",
        Id,
        sa.ForeignKey("sessions.id", ondelete="SET NULL"),
        nullable=True,
        index=True,
    ),
    sa.Column("grid_order", sa.Text, nullable=True),  # GridOrder value
    sa.Column("starting_driver", sa.Text, nullable=True),  # StartingDriver value
    sa.Column("pit_window_opens_ms", sa.BigInteger, nullable=True),
    sa.Column("pit_window_closes_ms", sa.BigInteger, nullable=True),
    sa.Column("mandatory_stops", sa.Integer, nullable=True),
    sa.Column("driver_change", sa.Boolean, nullable=True),
)

_ONE_SCOPE = (
    "(CASE WHEN season_id IS NULL THEN 0 ELSE 1 END)"
    " + (CASE WHEN event_id IS NULL THEN 0 ELSE 1 END)"
    " + (CASE WHEN session_id IS NULL THEN 0 ELSE 1 END) = 1"
)

entries = sa.Table(
    "entries",
    metadata,
    _id(),
    _ref("season_id", "seasons", nullable=True),
    _ref("event_id", "events", nullable=True),
    _ref("session_id", "sessions", nullable=True),
    sa.Column("ordinal", sa.Integer, nullable=False),  # order of the entry list
    sa.Column("number", sa.Text, nullable=False),
    sa.Column("car_class", sa.Text, nullable=False),
    sa.Column("team", sa.Text, nullable=False, server_default=""),
    sa.Column("vehicle", sa.Text, nullable=False, server_default=""),
    sa.CheckConstraint(_ONE_SCOPE, name="one_scope"),
)

drivers = sa.Table(
    "drivers",
    metadata,
    _id(),
    sa.Column("name", sa.Text, nullable=False, unique=True),
    sa.Column("category", sa.Text, nullable=True),  # latest FIA category known
    sa.Column("country", sa.Text, nullable=True),
)

entry_drivers = sa.Table(
    "entry_drivers",
    metadata,
    _ref("entry_id", "entries"),
    sa.Column("position", sa.Integer, nullable=False),  # 1 = first driver
    _ref("driver_id", "drivers"),
    sa.Column("category", sa.Text, nullable=True),  # FIA category on this entry
    sa.PrimaryKeyConstraint("entry_id", "position"),
)

laps = sa.Table(
    "laps",
    metadata,
    _id(),
    _ref("session_id", "sessions"),
    sa.Column("car", sa.Text, nullable=False),
    sa.Column("number", sa.Integer, nullable=False),
    sa.Column("time_ms", sa.BigInteger, nullable=True),
    sa.Column("elapsed_ms", sa.BigInteger, nullable=True),
    sa.Column("hour_ms", sa.BigInteger, nullable=True),
    sa.Column("sectors_ms", sa.JSON, nullable=False),  # list of int | null
    sa.Column("in_pit", sa.Boolean, nullable=False),
    sa.Column("pit_time_ms", sa.BigInteger, nullable=True),
    sa.Column("driver", sa.Text, nullable=False, server_default=""),
    sa.Column("driver_number", sa.Integer, nullable=True),
    sa.Column("flag", sa.Text, nullable=True),  # Flag value
    sa.Column("improvement", sa.Integer, nullable=False, server_default="0"),
    sa.Column("valid", sa.Boolean, nullable=False, server_default=sa.true()),
    # Speed trap, km/h: the Decimal as text ("285.3"), exact on every database (migration 0008).
    sa.Column("top_speed_kmh", sa.Text, nullable=True),
)

passings = sa.Table(
    "passings",
    metadata,
    _id(),
    _ref("session_id", "sessions"),
    sa.Column("transponder", sa.Text, nullable=False),
    sa.Column("car", sa.Text, nullable=True),  # resolved from the transponder, when known
    sa.Column("loop", sa.Text, nullable=False),
    sa.Column("timestamp_us", sa.BigInteger, nullable=False),
)

result_versions = sa.Table(
    "result_versions",
    metadata,
    _id(),
    _ref("session_id", "sessions"),
    sa.Column("number", sa.Integer, nullable=False),  # 1, 2, 3 ... per session
    sa.Column("state", sa.Text, nullable=False),  # provisional / official / revised
    sa.Column("published_at", UtcMicros, nullable=False),
    sa.Column("published_by", sa.Text, nullable=False, server_default=""),
    sa.Column("reason", sa.Text, nullable=False, server_default=""),
    sa.UniqueConstraint("session_id", "number", name="uq_result_versions_session_number"),
)

decisions = sa.Table(
    "decisions",
    metadata,
    _id(),
    _ref("session_id", "sessions"),
    sa.Column("car", sa.Text, nullable=False),
    sa.Column("kind", sa.Text, nullable=False),  # PenaltyKind value
    sa.Column("time_ms", sa.BigInteger, nullable=False, server_default="0"),
    sa.Column("laps", sa.Integer, nullable=False, server_default="0"),
    sa.Column("positions", sa.Integer, nullable=False, server_default="0"),
    sa.Column("lap", sa.Integer, nullable=True),
    sa.Column("reason", sa.Text, nullable=False, server_default=""),
    sa.Column("decided_by", sa.Text, nullable=False),
    sa.Column("decided_at", UtcMicros, nullable=False),
    sa.Column("result_version", sa.Integer, nullable=True),  # first version it is part of
)

journal = sa.Table(
    "journal",
    metadata,
    _id(),
    _ref("session_id", "sessions", nullable=True),
    sa.Column("kind", sa.Text, nullable=False),
    sa.Column("payload", sa.JSON, nullable=False),
    sa.Column("received_at", UtcMicros, nullable=False),
)

published_rows = sa.Table(
    "published_rows",
    metadata,
    _id(),
    _ref("session_id", "sessions"),
    sa.Column("version", sa.Integer, nullable=False),  # the result version it was published as
    sa.Column("ordinal", sa.Integer, nullable=False),  # 1, 2, 3 ... in the published order
    sa.Column("source", sa.Text, nullable=False),  # "ergast", "alkamel"
    sa.Column("car", sa.Text, nullable=True),
    sa.Column("position", sa.Integer, nullable=True),  # None: not classified
    sa.Column("status", sa.Text, nullable=False, server_default=""),  # as published
    sa.Column("row", sa.JSON, nullable=False),  # every field of the row as published
    sa.UniqueConstraint("session_id", "version", "ordinal", name="uq_published_rows_place"),
)

grid_penalties = sa.Table(
    "grid_penalties",
    metadata,
    _id(),
    _ref("session_id", "sessions"),  # the race whose grid it changes
    sa.Column("car", sa.Text, nullable=False),
    sa.Column("places", sa.Integer, nullable=False, server_default="0"),
    sa.Column("pit_lane", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("reason", sa.Text, nullable=False, server_default=""),
    sa.Column("decided_by", sa.Text, nullable=False),
    sa.Column("decided_at", UtcMicros, nullable=False),
)

# Race control's accounts and audit trail (`pitboard.web.accounts`): kept with the other tables
# so that the migrations make them, once, however many web processes start at the same time.
web_users = sa.Table(
    "web_users",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("name", sa.Text, nullable=False, unique=True),
    sa.Column("password_hash", sa.Text, nullable=False),
    sa.Column("role", sa.Text, nullable=False),
    sa.Column("team", sa.Text, nullable=False, server_default=""),
    sa.Column("token_sha256", sa.Text, nullable=True, unique=True),  # of the API token
)

web_audit = sa.Table(
    "web_audit",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("at", UtcMicros, nullable=False),
    sa.Column("who", sa.Text, nullable=False),
    sa.Column("action", sa.Text, nullable=False),
    sa.Column("session", sa.Text, nullable=True),
    sa.Column("what", sa.Text, nullable=False),
    sa.Column("why", sa.Text, nullable=False),
)

web_sessions = sa.Table(  # a race control log-in; its cookie holds the token (migration 0006)
    "web_sessions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("token_sha256", sa.Text, nullable=False, unique=True),
    sa.Column("user_name", sa.Text, nullable=False),
    sa.Column("expires_at", UtcMicros, nullable=False),
)

# One row: a number every write transaction raises (`pitboard.store.revision`), so that readers
# (the site's page cache) know the store changed, whatever was written and by which process.
store_revision = sa.Table(
    "store_revision",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("revision", sa.BigInteger, nullable=False),
)
