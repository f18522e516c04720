"""The weekend format and classes by crew: a season's rulesets, its car classes, and per session
which qualifying sets the grid, how, who starts and the pit window.

Revision ID: 0002
Revises: 0001
Create Date: 2025-02-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | None = None
depends_on: str | None = None

Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")

_SESSION_COLUMNS = (
    "driver_change",
    "mandatory_stops",
    "pit_window_closes_ms",
    "pit_window_opens_ms",
    "starting_driver",
    "grid_order",
)


def upgrade() -> None:
    with op.batch_alter_table("seasons") as batch:
        batch.add_column(sa.Column("ruleset", sa.Text, nullable=False, server_default=""))
        batch.add_column(sa.Column("championship", sa.Text, nullable=False, server_default=""))
    op.create_table(
        "car_classes",
        sa.Column("id", Id, primary_key=True, autoincrement=True),
        sa.Column(
            "season_id",
            Id,
            sa.ForeignKey(
                "seasons.id", ondelete="CASCADE", name="fk_car_classes_season_id_seasons"
            ),
            nullable=False,
        ),
        sa.Column("ordinal", sa.Integer, nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("crews", sa.JSON, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_car_classes"),
        sa.UniqueConstraint("season_id", "name", name="uq_car_classes_season_name"),
    )
    op.create_index("ix_car_classes_season_id", "car_classes", ["season_id"])
    with op.batch_alter_table("sessions") as batch:
        batch.add_column(sa.Column("grid_from_id", Id, nullable=True))
        batch.add_column(sa.Column("grid_order", sa.Text, nullable=True))
        batch.add_column(sa.Column("starting_driver", sa.Text, nullable=True))
        batch.add_column(sa.Column("pit_window_opens_ms", sa.BigInteger, nullable=True))
        batch.add_column(sa.Column("pit_window_closes_ms", sa.BigInteger, nullable=True))
        batch.add_column(sa.Column("mandatory_stops", sa.Integer, nullable=True))
        batch.add_column(sa.Column("driver_change", sa.Boolean, nullable=True))
        batch.create_foreign_key(
            "fk_sessions_grid_from_id_sessions",
            "sessions",
            ["grid_from_id"],
            ["id"],
            ondelete="SET NULL",
        )
        batch.create_index("ix_sessions_grid_from_id", ["grid_from_id"])


def downgrade() -> None:
    with op.batch_alter_table("sessions") as batch:
        batch.drop_index("ix_sessions_grid_from_id")
        batch.drop_constraint("fk_sessions_grid_from_id_sessions", type_="foreignkey")
        batch.drop_column("grid_from_id")
        for name in _SESSION_COLUMNS:
            batch.drop_column(name)
    op.drop_index("ix_car_classes_season_id", "car_classes")
    op.drop_table("car_classes")
    with op.batch_alter_table("seasons") as batch:
        batch.drop_column("championship")
        batch.drop_column("ruleset")
