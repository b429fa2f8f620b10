"""Waitlist entries: when the confirmation text was requested, so the SMS caps can count across processes.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("waitlist_entries", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("confirmation_sms_requested_at", sa.DateTime(timezone=True), nullable=True)
        )
        batch_op.create_index(
            "ix_waitlist_entries_confirmation_sms_requested_at", ["confirmation_sms_requested_at"]
        )


def downgrade() -> None:
    with op.batch_alter_table("waitlist_entries", schema=None) as batch_op:
        batch_op.drop_index("ix_waitlist_entries_confirmation_sms_requested_at")
        batch_op.drop_column("confirmation_sms_requested_at")
