"""One index for a sender's newest conversation, in place of one on the channel and one on the sender.

Every turn reads the newest conversation of its channel and sender (`channel = ? AND external_id = ?
ORDER BY created_at DESC LIMIT 1`). PostgreSQL keeps one plan per statement for the turn's
connections; a plan made while the table held a few hundred rows and had no statistics chose the
channel's index, which holds every conversation of the channel, and kept reading all of them as the
table grew (3,202 rows for one lookup beside 6,400 conversations). SQLite made the same choice without
statistics. With (channel, external_id, created_at) the lookup is one index entry whatever the planner
knows, and each new conversation writes one index entry instead of two.

Revision ID: 0011
Revises: 0010
"""

from __future__ import annotations

from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_conversations_sender", "conversations", ["channel", "external_id", "created_at"])
    op.drop_index("ix_conversations_channel", table_name="conversations")
    op.drop_index("ix_conversations_external_id", table_name="conversations")


def downgrade() -> None:
    op.create_index("ix_conversations_external_id", "conversations", ["external_id"])
    op.create_index("ix_conversations_channel", "conversations", ["channel"])
    op.drop_index("ix_conversations_sender", table_name="conversations")
