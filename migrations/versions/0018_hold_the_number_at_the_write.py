"""A confirmation text's acceptance holds the per-number window in its turn's write: `knotty_hold_number_text`.

An acceptance reads the caps without a lock and is written with its turn (0017). Two people sharing a
number (an entry kept apart beside a listed one) who say "yes" at the same moment in two processes both
read the number untexted, both were told a text was on its way, and the outbox closed one as `capped`.
The turn's statement now calls this function when it accepts a text: under the texts' lock, which it
holds to the end of the statement's transaction, it reads (in a snapshot of its own, taken after the
lock) whether another entry of the number had a text accepted since the window's start, and raises
`serialization_failure` if so: the turn's write is refused and the turn runs again, reading the number
texted. True otherwise.

Revision ID: 0018
Revises: 0017
"""

from __future__ import annotations

from migrations.server_functions import create_private_function, drop_function

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None

HOLD_NUMBER_TEXT = """
CREATE OR REPLACE FUNCTION knotty_hold_number_text(p_phone text, p_entry integer, p_since timestamptz)
RETURNS boolean
LANGUAGE plpgsql VOLATILE AS $fn$
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('knotty:texts'));
    IF EXISTS (
        SELECT 1 FROM waitlist_entries e
        WHERE e.phone = p_phone AND e.id <> p_entry AND e.confirmation_sms_requested_at > p_since
    ) THEN
        RAISE EXCEPTION 'another text to this number was accepted meanwhile'
            USING ERRCODE = 'serialization_failure';
    END IF;
    RETURN true;
END
$fn$
"""
_SIGNATURE = "knotty_hold_number_text(text, integer, timestamptz)"


def upgrade() -> None:
    create_private_function(HOLD_NUMBER_TEXT, _SIGNATURE)


def downgrade() -> None:
    drop_function(_SIGNATURE)
