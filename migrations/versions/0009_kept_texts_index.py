"""An index of the texts kept to be answered later, among two days of idempotency keys.

Each server process asks for due kept texts every second (`deferred_texts`). They are rows of
`processed_turns` whose key starts `sms-later:`, and nothing indexed them: each ask read every key
of the last two days (PostgreSQL: 15 ms at 200,000 keys, a second at a few million). The index holds
the kept texts alone, by age, so the ask reads only them.

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

_KEPT = "\"key\" LIKE 'sms-later:%'"  # as `knotty.store.models.KEPT_TEXTS` at this revision


def upgrade() -> None:
    op.create_index(
        "ix_processed_turns_kept_texts",
        "processed_turns",
        ["created_at"],
        sqlite_where=sa.text(_KEPT),
        postgresql_where=sa.text(_KEPT),
    )


def downgrade() -> None:
    op.drop_index("ix_processed_turns_kept_texts", table_name="processed_turns")
