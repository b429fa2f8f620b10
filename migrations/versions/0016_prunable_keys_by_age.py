"""The prune's index of idempotency keys by age holds only the keys it may forget, not the tombstones.

A text's key is no longer forgotten after two days but kept, emptied, as a tombstone (`SPENT_KEYS`,
`knotty.store.old_keys`), like an erased conversation's keys (`ERASED_KEYS`): a text's webhook
carries no time, and only its key tells a replay. Tombstones are one per text ever received and
are the oldest keys: through the index of 0010 (every key by age) each batch of each hourly prune
read past all of them before the first key it could forget. The new index holds the other keys
alone, by age, so a prune reads the keys it forgets, as before.

Revision ID: 0016
Revises: 0015
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

_PRUNABLE = "conversation_id NOT IN ('erased', 'spent')"  # as `knotty.store.models.PRUNABLE_KEYS` here


def upgrade() -> None:
    op.create_index(
        "ix_processed_turns_prunable",
        "processed_turns",
        ["created_at"],
        sqlite_where=sa.text(_PRUNABLE),
        postgresql_where=sa.text(_PRUNABLE),
    )
    op.drop_index("ix_processed_turns_created_at", table_name="processed_turns")


def downgrade() -> None:
    op.create_index("ix_processed_turns_created_at", "processed_turns", ["created_at"])
    op.drop_index("ix_processed_turns_prunable", table_name="processed_turns")
