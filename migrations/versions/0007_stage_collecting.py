"""Conversations: a conversation that never stored a turn says `collecting`, a Stage, not `greeting`.

The table's default was `greeting`, which no code ever wrote on a turn and `knotty.state.Stage` does
not have; it stayed on conversations whose first turn never committed. The default is now
`Stage.COLLECTING` (a default on the model, not in the schema) and these rows say so too. Nothing to
undo on the way down: every code version reads `collecting`.

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("UPDATE conversations SET stage = 'collecting' WHERE stage = 'greeting'")


def downgrade() -> None:
    pass
