"""A lap's validity: a lap time the timekeeper or the stewards struck out still counts for
distance but not as a best lap (`Lap.valid`).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    with op.batch_alter_table("laps") as batch:
        batch.add_column(sa.Column("valid", sa.Boolean, nullable=False, server_default=sa.true()))


def downgrade() -> None:
    with op.batch_alter_table("laps") as batch:
        batch.drop_column("valid")
