"""SQLite: `entry_ids`, the stand-in for PostgreSQL's sequence of waitlist entry ids.

A new entry's id was planned as the highest id read plus one. Two server processes saving at the
same moment planned the same id; one turn's write failed, ran again, could collide again, and the
person was told to try later. An id is now taken by a write (`Store._new_entry_id`), as PostgreSQL's
`nextval` takes one, so no two turns in any process plan the same. The table holds the last id taken.
PostgreSQL keeps its sequence: nothing to do there.

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("CREATE TABLE entry_ids (id INTEGER NOT NULL, CONSTRAINT pk_entry_ids PRIMARY KEY (id))")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE entry_ids")
