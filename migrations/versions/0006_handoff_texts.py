"""Texts that let a caller finish a call's signup by typing (issue 11), counted against the SMS caps.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "handoff_texts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("conversation_id", sa.String(length=32), nullable=False),
        sa.Column("phone", sa.String(length=20), nullable=False),
        sa.Column("asking", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("sid", sa.String(length=64), nullable=True),
        sa.Column("error", sa.String(length=200), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_handoff_texts"),
        sa.UniqueConstraint("conversation_id", name="uq_handoff_texts_conversation_id"),
    )
    op.create_index("ix_handoff_texts_phone", "handoff_texts", ["phone"])
    op.create_index("ix_handoff_texts_created_at", "handoff_texts", ["created_at"])
    if op.get_bind().dialect.name == "postgresql":  # Supabase's public API keys read none of it (as 0001)
        op.execute('ALTER TABLE "handoff_texts" ENABLE ROW LEVEL SECURITY')


def downgrade() -> None:
    op.drop_index("ix_handoff_texts_created_at", table_name="handoff_texts")
    op.drop_index("ix_handoff_texts_phone", table_name="handoff_texts")
    op.drop_table("handoff_texts")
