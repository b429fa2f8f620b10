"""The confirmation texts' outbox: one row per accepted offer, claimed and sent by a worker in every process.

Texts still `requested` on their entry (accepted under the old in-memory sender, not sent yet) get a
`pending` row, so the first worker to start sends them.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

_OPEN = "status IN ('pending', 'sending')"


def upgrade() -> None:
    op.create_table(
        "confirmation_texts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entry_id", sa.Integer(), nullable=False),
        sa.Column("phone", sa.String(length=20), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("lease_owner", sa.String(length=64), nullable=True),
        sa.Column("lease_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("posted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("body", sa.String(length=1600), nullable=True),
        sa.Column("sid", sa.String(length=64), nullable=True),
        sa.Column("twilio_status", sa.String(length=16), nullable=True),
        sa.Column("last_error", sa.String(length=200), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["entry_id"],
            ["waitlist_entries.id"],
            name="fk_confirmation_texts_entry_id_waitlist_entries",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_confirmation_texts"),
    )
    op.create_index("ix_confirmation_texts_entry_id", "confirmation_texts", ["entry_id"])
    op.create_index("ix_confirmation_texts_phone", "confirmation_texts", ["phone"])
    op.create_index("ix_confirmation_texts_posted_at", "confirmation_texts", ["posted_at"])
    op.create_index("ix_confirmation_texts_sid", "confirmation_texts", ["sid"])
    op.create_index("ix_confirmation_texts_due", "confirmation_texts", ["status", "due_at"])
    op.create_index(
        "uq_confirmation_texts_open_entry",
        "confirmation_texts",
        ["entry_id"],
        unique=True,
        sqlite_where=sa.text(_OPEN),
        postgresql_where=sa.text(_OPEN),
    )
    if op.get_bind().dialect.name == "postgresql":  # Supabase's public API keys read none of it (as 0001)
        op.execute('ALTER TABLE "confirmation_texts" ENABLE ROW LEVEL SECURITY')
    op.execute(
        "INSERT INTO confirmation_texts (entry_id, phone, status, attempts, due_at, created_at, updated_at) "
        "SELECT id, phone, 'pending', 0, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP "
        "FROM waitlist_entries WHERE confirmation_sms_status = 'requested'"
    )


def downgrade() -> None:
    op.drop_index("uq_confirmation_texts_open_entry", table_name="confirmation_texts")
    op.drop_index("ix_confirmation_texts_due", table_name="confirmation_texts")
    op.drop_index("ix_confirmation_texts_sid", table_name="confirmation_texts")
    op.drop_index("ix_confirmation_texts_posted_at", table_name="confirmation_texts")
    op.drop_index("ix_confirmation_texts_phone", table_name="confirmation_texts")
    op.drop_index("ix_confirmation_texts_entry_id", table_name="confirmation_texts")
    op.drop_table("confirmation_texts")
