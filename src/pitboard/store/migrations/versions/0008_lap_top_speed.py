"""A lap's speed-trap reading (`Lap.top_speed`, Al Kamel TOP_SPEED): km/h kept as the decimal
text the timekeeper published (`"285.3"`), exact on every database; NULL where there is none.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    with op.batch_alter_table("laps") as batch:
        batch.add_column(sa.Column("top_speed_kmh", sa.Text, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("laps") as batch:
        batch.drop_column("top_speed_kmh")
