"""`knotty_accept_text` dropped: a confirmation text is accepted by the turn's own write now.

The function (0012, its counts bounded in 0015) accepted a text on its own, before the turn that heard
the "yes" was written: a "yes" whose turn then lost (another tab's "no" in another process, a refused
write) had its text sent though the stored conversation said declined. The acceptance is now written
with the turn (`knotty.store.entry_write.TextWrite`), the caps read before it and held again where the
outbox claims the text (`knotty_claim_texts`, 0013); nothing calls the function any more. The downgrade
puts back 0015's.

Revision ID: 0017
Revises: 0016
"""

from __future__ import annotations

import importlib

from migrations.server_functions import create_private_function, drop_function

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None

_ACCEPT = importlib.import_module("migrations.versions.0012_accept_text_in_one_step")
_BOUNDED = importlib.import_module("migrations.versions.0015_hourly_counts_stop_at_the_cap")


def upgrade() -> None:
    drop_function(_ACCEPT._SIGNATURE)


def downgrade() -> None:
    create_private_function(_BOUNDED._bounded(_ACCEPT.ACCEPT_TEXT), _ACCEPT._SIGNATURE)
