"""Claiming due confirmation texts in one statement on PostgreSQL: the function `knotty_claim_texts`.

The outbox's claim takes the texts' lock (`knotty.store.text_locks`) so that the hourly cap and the
per-number checks hold across processes. Through SQLAlchemy it held the lock from the lock's
statement to COMMIT: the read of the due rows, an update per row the caps close, the update of the
rows claimed, each a round trip, each waiting for a busy event loop. Every acceptance of a text
(migration 0012) waited behind it. Here the claim is the one statement the app sends, in autocommit,
and the lock is held for the server's own work only.

The rules are those of `Outbox.claim` on SQLite, row by row in the same order: a row waits while the
hour's cap is reached (unless an earlier attempt may have been posted); a number that opted out
closes its row `opted_out`; a number texted by another row since the per-number window closes it
`capped`; a number with another text in flight, or already taken in this claim, waits. The rows
claimed come back with their attempt counted.

Revision ID: 0013
Revises: 0012
"""

from __future__ import annotations

from migrations.server_functions import create_private_function, drop_function

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

_DUE = """t.status IN ('pending', 'sending')
        AND ((t.status = 'pending' AND t.due_at <= p_now) OR (t.status = 'sending' AND t.lease_until < p_now))"""
_IN_FLIGHT = "{0}.status = 'sending' AND {0}.posted_at IS NULL AND {0}.lease_until >= p_now"

CLAIM_TEXTS = f"""
CREATE OR REPLACE FUNCTION knotty_claim_texts(
    p_owner text, p_limit integer, p_lease_until timestamptz, p_since timestamptz, p_hour_ago timestamptz,
    p_cap integer, p_now timestamptz
) RETURNS TABLE (
    text_id integer, text_entry_id integer, text_phone varchar, text_attempts integer,
    text_posted_at timestamptz, text_body varchar, text_sid varchar, text_created_at timestamptz
)
LANGUAGE plpgsql VOLATILE AS $fn$
DECLARE
    r record;
    posted bigint;
    taken text[] := '{{}}';
    chosen integer[] := '{{}}';
BEGIN
    IF NOT EXISTS (SELECT 1 FROM confirmation_texts t WHERE {_DUE}) THEN
        RETURN;  -- the usual poll: nothing due, no lock taken
    END IF;
    PERFORM pg_advisory_xact_lock(hashtext('knotty:texts'));
    SELECT count(*) INTO posted FROM confirmation_texts c
    WHERE c.posted_at > p_hour_ago OR ({_IN_FLIGHT.format("c")});
    FOR r IN
        SELECT t.id, t.entry_id, t.phone, t.attempts, t.posted_at,
            (SELECT o.opted_out FROM sms_opt_outs o WHERE o.phone = t.phone) AS opted_out,
            EXISTS (SELECT 1 FROM confirmation_texts x
                    WHERE x.phone = t.phone AND x.id <> t.id AND x.posted_at > p_since) AS texted_elsewhere,
            EXISTS (SELECT 1 FROM confirmation_texts x
                    WHERE x.phone = t.phone AND x.id <> t.id AND {_IN_FLIGHT.format("x")}) AS in_flight_elsewhere
        FROM confirmation_texts t
        WHERE {_DUE}
        ORDER BY t.due_at, t.id
        LIMIT p_limit
        FOR UPDATE OF t SKIP LOCKED
    LOOP
        IF r.posted_at IS NULL AND posted >= p_cap THEN
            CONTINUE;  -- the hourly cap holds at claim time too: it waits, nothing is lost
        END IF;
        IF r.opted_out OR r.texted_elsewhere THEN
            UPDATE confirmation_texts SET
                status = CASE WHEN r.opted_out THEN 'opted_out' ELSE 'capped' END,
                lease_owner = NULL, lease_until = NULL, updated_at = p_now,
                last_error = CASE WHEN r.opted_out THEN 'the number opted out (STOP)'
                                  ELSE 'another text went to this number recently' END
            WHERE id = r.id;
            UPDATE waitlist_entries SET
                confirmation_sms_status = CASE WHEN r.opted_out THEN 'opted_out' ELSE 'failed' END,
                confirmation_sms_attempts = r.attempts, updated_at = p_now
            WHERE id = r.entry_id;
            CONTINUE;
        END IF;
        IF r.in_flight_elsewhere OR r.phone = ANY (taken) THEN
            CONTINUE;  -- another text to this number is being sent: this one waits for its outcome
        END IF;
        taken := taken || r.phone::text;
        IF r.posted_at IS NULL THEN
            posted := posted + 1;
        END IF;
        chosen := chosen || r.id;
    END LOOP;
    RETURN QUERY
        WITH claimed AS (
            UPDATE confirmation_texts t SET status = 'sending', lease_owner = p_owner, lease_until = p_lease_until,
                attempts = t.attempts + 1, updated_at = p_now
            WHERE t.id = ANY (chosen)
            RETURNING t.id, t.entry_id, t.phone, t.attempts, t.posted_at, t.body, t.sid, t.created_at
        )
        SELECT * FROM claimed c ORDER BY array_position(chosen, c.id);  -- in the order they go
END
$fn$
"""  # noqa: S608 - constants only; the values are the function's parameters


_SIGNATURE = "knotty_claim_texts(text, integer, timestamptz, timestamptz, timestamptz, integer, timestamptz)"


def upgrade() -> None:
    create_private_function(CLAIM_TEXTS, _SIGNATURE)


def downgrade() -> None:
    drop_function(_SIGNATURE)
