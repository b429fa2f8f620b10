"""Waitlist entries: a signup never takes over or deletes someone else's entry.

A phone or email stays unique among *listed* entries only (partial unique indexes); an entry that
shares one with another person's is kept apart with `review_reason` and `duplicate_of` for the admin.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_LISTED = "review_reason IS NULL"


def upgrade() -> None:
    with op.batch_alter_table("waitlist_entries", schema=None) as batch_op:
        batch_op.add_column(sa.Column("review_reason", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("duplicate_of", sa.Integer(), nullable=True))
        batch_op.drop_constraint("uq_waitlist_entries_phone", type_="unique")
        batch_op.drop_constraint("uq_waitlist_entries_email", type_="unique")
        batch_op.create_index("ix_waitlist_entries_phone", ["phone"], unique=False)
        batch_op.create_index("ix_waitlist_entries_email", ["email"], unique=False)
        for column in ("phone", "email"):
            batch_op.create_index(
                f"uq_waitlist_entries_listed_{column}",
                [column],
                unique=True,
                sqlite_where=sa.text(_LISTED),
                postgresql_where=sa.text(_LISTED),
            )


def downgrade() -> None:
    # Entries kept apart would break the old unique constraints, and dropping them would lose signups.
    kept_apart = op.get_bind().execute(
        sa.text("SELECT count(*) FROM waitlist_entries WHERE review_reason IS NOT NULL")
    )
    if kept_apart.scalar():
        raise RuntimeError(
            "waitlist entries are kept apart for review (review_reason): resolve them before downgrading"
        )
    with op.batch_alter_table("waitlist_entries", schema=None) as batch_op:
        for column in ("phone", "email"):
            batch_op.drop_index(f"uq_waitlist_entries_listed_{column}")
        batch_op.drop_index("ix_waitlist_entries_email")
        batch_op.drop_index("ix_waitlist_entries_phone")
        batch_op.create_unique_constraint("uq_waitlist_entries_email", ["email"])
        batch_op.create_unique_constraint("uq_waitlist_entries_phone", ["phone"])
        batch_op.drop_column("duplicate_of")
        batch_op.drop_column("review_reason")
