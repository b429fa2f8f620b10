"""Reserving a handoff text in one statement on PostgreSQL: the function `knotty_reserve_handoff`.

A caller who would rather finish by text is sent one (`knotty.handoff`); its row is written before
the text leaves, under the texts' lock (`knotty.store.text_locks`), by one conditional insert: no
handoff text to the number since the per-number window, the number not opted out, and fewer texts
(confirmations and handoffs) requested in the last hour than the cap. Through SQLAlchemy the lock was
held from its statement to COMMIT, two round trips; here it is held inside the one statement the app
sends, as the acceptance (0012) and the claim (0013) hold it. True when the row was written; a
conversation that handed off already fails on its unique row, as before.

Revision ID: 0014
Revises: 0013
"""

from __future__ import annotations

from migrations.server_functions import create_private_function, drop_function

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

RESERVE_HANDOFF = """
CREATE OR REPLACE FUNCTION knotty_reserve_handoff(
    p_conversation text, p_phone text, p_asking text, p_since timestamptz, p_hour_ago timestamptz,
    p_cap integer, p_now timestamptz
) RETURNS boolean
LANGUAGE plpgsql VOLATILE AS $fn$
DECLARE
    written integer;
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('knotty:texts'));
    INSERT INTO handoff_texts (conversation_id, phone, asking, status, created_at)
    SELECT p_conversation, p_phone, p_asking, 'sending', p_now
    WHERE NOT EXISTS (SELECT 1 FROM handoff_texts h WHERE h.phone = p_phone AND h.created_at > p_since)
        AND NOT EXISTS (SELECT 1 FROM sms_opt_outs o WHERE o.phone = p_phone AND o.opted_out)
        AND (SELECT count(*) FROM waitlist_entries e WHERE e.confirmation_sms_requested_at > p_hour_ago)
            + (SELECT count(*) FROM handoff_texts h WHERE h.created_at > p_hour_ago) < p_cap;
    GET DIAGNOSTICS written = ROW_COUNT;
    RETURN written = 1;
END
$fn$
"""

_SIGNATURE = "knotty_reserve_handoff(text, text, text, timestamptz, timestamptz, integer, timestamptz)"


def upgrade() -> None:
    create_private_function(RESERVE_HANDOFF, _SIGNATURE)


def downgrade() -> None:
    drop_function(_SIGNATURE)
