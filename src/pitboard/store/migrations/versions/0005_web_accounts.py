"""Race control's accounts and audit trail (`web_users`, `web_audit`) as migrated tables.

Earlier versions made them with `create_all` when a web app started, which two web processes
starting together on one database raced on ("table web_audit already exists"). A database
that already has them keeps them as they are.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    existing = set(sa.inspect(op.get_bind()).get_table_names())
    if "web_users" not in existing:
        op.create_table(
            "web_users",
            sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
            sa.Column("name", sa.Text, nullable=False),
            sa.Column("password_hash", sa.Text, nullable=False),
            sa.Column("role", sa.Text, nullable=False),
            sa.Column("team", sa.Text, nullable=False, server_default=""),
            sa.Column("token_sha256", sa.Text, nullable=True),
            sa.PrimaryKeyConstraint("id", name="pk_web_users"),
            sa.UniqueConstraint("name", name="uq_web_users_name"),
            sa.UniqueConstraint("token_sha256", name="uq_web_users_token_sha256"),
        )
    if "web_audit" not in existing:
        op.create_table(
            "web_audit",
            sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
            sa.Column("at", sa.BigInteger, nullable=False),
            sa.Column("who", sa.Text, nullable=False),
            sa.Column("action", sa.Text, nullable=False),
            sa.Column("session", sa.Text, nullable=True),
            sa.Column("what", sa.Text, nullable=False),
            sa.Column("why", sa.Text, nullable=False),
            sa.PrimaryKeyConstraint("id", name="pk_web_audit"),
        )


def downgrade() -> None:
    op.drop_table("web_audit")
    op.drop_table("web_users")
