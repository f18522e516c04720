"""Published results as rows tied to a result version (they were journal records of kind
`published-result` before), and grid penalties (places, pit-lane start) per race.

The upgrade moves each session's newest `published-result` journal record into
`published_rows`, as a new result version (official, or revised after an official one) by the
record's source; the downgrade puts them back into the journal.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | None = None
depends_on: str | None = None

Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
KIND = "published-result"


def _ref(name: str, table: str, owner: str) -> sa.Column[int]:
    key = sa.ForeignKey(f"{table}.id", ondelete="CASCADE", name=f"fk_{owner}_{name}_{table}")
    return sa.Column(name, Id, key, nullable=False)


def upgrade() -> None:
    op.create_table(
        "published_rows",
        sa.Column("id", Id, primary_key=True, autoincrement=True),
        _ref("session_id", "sessions", "published_rows"),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("ordinal", sa.Integer, nullable=False),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("car", sa.Text, nullable=True),
        sa.Column("position", sa.Integer, nullable=True),
        sa.Column("status", sa.Text, nullable=False, server_default=""),
        sa.Column("row", sa.JSON, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_published_rows"),
        sa.UniqueConstraint("session_id", "version", "ordinal", name="uq_published_rows_place"),
    )
    op.create_index("ix_published_rows_session_id", "published_rows", ["session_id"])
    op.create_table(
        "grid_penalties",
        sa.Column("id", Id, primary_key=True, autoincrement=True),
        _ref("session_id", "sessions", "grid_penalties"),
        sa.Column("car", sa.Text, nullable=False),
        sa.Column("places", sa.Integer, nullable=False, server_default="0"),
        sa.Column("pit_lane", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("reason", sa.Text, nullable=False, server_default=""),
        sa.Column("decided_by", sa.Text, nullable=False),
        sa.Column("decided_at", sa.BigInteger, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_grid_penalties"),
    )
    op.create_index("ix_grid_penalties_session_id", "grid_penalties", ["session_id"])
    _move_journal_records()


def downgrade() -> None:
    _move_rows_back()
    op.drop_index("ix_grid_penalties_session_id", "grid_penalties")
    op.drop_table("grid_penalties")
    op.drop_index("ix_published_rows_session_id", "published_rows")
    op.drop_table("published_rows")


_journal = sa.table(
    "journal",
    sa.column("id", Id),
    sa.column("session_id", Id),
    sa.column("kind", sa.Text),
    sa.column("payload", sa.JSON),
    sa.column("received_at", sa.BigInteger),
)
_versions = sa.table(
    "result_versions",
    sa.column("session_id", Id),
    sa.column("number", sa.Integer),
    sa.column("state", sa.Text),
    sa.column("published_at", sa.BigInteger),
    sa.column("published_by", sa.Text),
    sa.column("reason", sa.Text),
)
_rows = sa.table(
    "published_rows",
    sa.column("session_id", Id),
    sa.column("version", sa.Integer),
    sa.column("ordinal", sa.Integer),
    sa.column("source", sa.Text),
    sa.column("car", sa.Text),
    sa.column("position", sa.Integer),
    sa.column("status", sa.Text),
    sa.column("row", sa.JSON),
)


def _move_journal_records() -> None:
    connection = op.get_bind()
    query = sa.select(_journal).where(_journal.c.kind == KIND).order_by(_journal.c.id)
    newest = {record.session_id: record for record in connection.execute(query)}
    for session_id, record in newest.items():
        if session_id is not None:
            _publish(connection, session_id, record.payload, record.received_at)
    connection.execute(sa.delete(_journal).where(_journal.c.kind == KIND))


def _publish(connection: sa.Connection, session_id: int, payload: Any, at: int) -> None:
    states = (
        connection.execute(
            sa.select(_versions.c.state)
            .where(_versions.c.session_id == session_id)
            .order_by(_versions.c.number)
        )
        .scalars()
        .all()
    )
    source = str(payload.get("source", "import"))
    number = len(states) + 1
    state = "official" if not states or states[-1] == "provisional" else "revised"
    connection.execute(
        sa.insert(_versions).values(
            session_id=session_id,
            number=number,
            state=state,
            published_at=at,
            published_by=source,
            reason=f"imported from {source}",
        )
    )
    rows = [
        {
            "session_id": session_id,
            "version": number,
            "ordinal": ordinal,
            "source": source,
            "car": None if row.get("number") is None else str(row["number"]),
            "position": row.get("position"),
            "status": str(row.get("status") or ""),
            "row": row,
        }
        for ordinal, row in enumerate(payload.get("rows", []), start=1)
    ]
    if rows:
        connection.execute(sa.insert(_rows), rows)


def _move_rows_back() -> None:
    connection = op.get_bind()
    query = sa.select(_rows).order_by(_rows.c.session_id, _rows.c.version, _rows.c.ordinal)
    found: dict[tuple[int, int], tuple[str, list[Any]]] = {}
    for row in connection.execute(query):
        found.setdefault((row.session_id, row.version), (row.source, []))[1].append(row.row)
    now = int(datetime.now(UTC).timestamp() * 1_000_000)
    for (session_id, _version), (source, rows) in sorted(found.items()):
        payload = {"source": source, "rows": rows}
        connection.execute(
            sa.insert(_journal).values(
                session_id=session_id, kind=KIND, payload=payload, received_at=now
            )
        )
