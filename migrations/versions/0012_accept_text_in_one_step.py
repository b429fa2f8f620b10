"""Accepting a confirmation text in one statement on PostgreSQL: the function `knotty_accept_text`.

Every decision to send a text takes one lock (`knotty.store.text_locks`), so the caps hold across
server processes. An acceptance used to hold it from the lock's statement to COMMIT: two round trips,
each waiting its turn on a busy event loop. At 570 webhooks/s the lock was waited for 138 times in
15 s, 73 ms on average, and the turns behind it made the tail. In a function the lock is taken and
released inside the one statement the app sends (in autocommit): it is held for the server's own
work only. What the caps refuse, and the same acceptance again, is answered before the lock.

Each statement of a volatile PL/pgSQL function takes its own snapshot, so the decision under the lock
sees every acceptance committed before the lock was granted. The SQL is written out here, not
imported: a migration is what it was when it ran. SQLite has no functions; its acceptance is one job
on its own write lock (`knotty.store.text_decisions`).

Revision ID: 0012
Revises: 0011
"""

from __future__ import annotations

from migrations.server_functions import create_private_function, drop_function

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

_CAPS = """EXISTS (SELECT 1 FROM confirmation_texts WHERE entry_id = p_entry AND status IN ('pending', 'sending')),
        EXISTS (SELECT 1 FROM waitlist_entries WHERE phone = p_phone AND confirmation_sms_requested_at > p_since),
        (SELECT count(*) FROM waitlist_entries WHERE confirmation_sms_requested_at > p_hour_ago)
            + (SELECT count(*) FROM handoff_texts WHERE created_at > p_hour_ago)"""

ACCEPT_TEXT = f"""
CREATE OR REPLACE FUNCTION knotty_accept_text(
    p_phone text, p_since timestamptz, p_hour_ago timestamptz, p_entry integer, p_cap integer, p_now timestamptz
) RETURNS TABLE (was_queued boolean, was_texted boolean, was_written boolean)
LANGUAGE plpgsql VOLATILE AS $fn$
DECLARE
    queued boolean;
    texted boolean;
    requested bigint;
    written integer;
BEGIN
    SELECT {_CAPS} INTO queued, texted, requested;
    IF queued OR texted OR requested >= p_cap THEN
        RETURN QUERY SELECT queued, texted, false;  -- settled without the lock: nothing to write
        RETURN;
    END IF;
    PERFORM pg_advisory_xact_lock(hashtext('knotty:texts'));
    SELECT {_CAPS} INTO queued, texted, requested;  -- again, now that no other decision is under way
    IF queued OR texted OR requested >= p_cap THEN
        RETURN QUERY SELECT queued, texted, false;
        RETURN;
    END IF;
    UPDATE waitlist_entries SET confirmation_sms_status = 'requested', confirmation_sms_requested_at = p_now,
        confirmation_sms_attempts = 0, updated_at = p_now
    WHERE id = p_entry;
    GET DIAGNOSTICS written = ROW_COUNT;
    IF written = 1 THEN
        INSERT INTO confirmation_texts (entry_id, phone, status, attempts, due_at, created_at, updated_at)
        VALUES (p_entry, p_phone, 'pending', 0, p_now, p_now, p_now);
    END IF;
    RETURN QUERY SELECT false, false, written = 1;
END
$fn$
"""  # noqa: S608 - constants only; the values are the function's parameters


_SIGNATURE = "knotty_accept_text(text, timestamptz, timestamptz, integer, integer, timestamptz)"


def upgrade() -> None:
    create_private_function(ACCEPT_TEXT, _SIGNATURE)


def downgrade() -> None:
    drop_function(_SIGNATURE)
