"""Accepting a listed entry's confirmation text on the driver: the texts' lock, the caps, the write.

Through Core the acceptance took about seven round trips (the pool's ping, BEGIN, the lock, three
statements, COMMIT), each waiting for the event loop, while it held the one lock every decision
about a text shares (`text_locks`): under load, people answering "yes" to the text offer queued
behind each other for it for up to seconds. Here the lock is held for one statement: on SQLite the
whole transaction is one job (`sqlite_on_loop`: on the loop, or in one hop to the driver's thread);
on PostgreSQL it is BEGIN, the lock, one statement that reads the caps and writes the acceptance
with its outbox row, and COMMIT.
"""

from __future__ import annotations

import enum
import sqlite3
from datetime import datetime

from knotty.statuses import EntryTextStatus, TextStatus
from knotty.store.entry_reads import TEXT_DECISION
from knotty.store.entry_write import SQLITE_TEXT_INSERT
from knotty.store.text_locks import PG_TEXT_LOCK, SQLITE_TEXT_LOCK
from knotty.store.turn_sql import TurnSql, _PostgresTurnSql, _SqliteTurnSql, sqlite_args

__all__ = ["TextDecision", "accept_text", "settled"]


class TextDecision(enum.Enum):
    """What the caps made of an acceptance."""

    ACCEPTED = "accepted"
    """Written now, or queued already (the same acceptance again, from a re-run turn)."""
    TEXTED_RECENTLY = "texted_recently"
    HOURLY_CAP = "hourly_cap"


_REQUESTED = EntryTextStatus.REQUESTED.value
_PENDING = TextStatus.PENDING.value

PG_ACCEPT_TEXT = f"""WITH d AS ({TEXT_DECISION.postgres}),
upd AS (
    UPDATE waitlist_entries SET confirmation_sms_status = '{_REQUESTED}', confirmation_sms_requested_at = $6,
        confirmation_sms_attempts = 0, updated_at = $6
    WHERE id = $4 AND NOT (SELECT queued FROM d) AND NOT (SELECT texted FROM d) AND (SELECT requested FROM d) < $5
    RETURNING id
), ins AS (
    INSERT INTO confirmation_texts (entry_id, phone, status, attempts, due_at, created_at, updated_at)
    SELECT id, $1, '{_PENDING}', 0, $6, $6, $6 FROM upd
)
SELECT d.queued, d.texted, EXISTS (SELECT 1 FROM upd) FROM d"""  # noqa: S608 - constants only; values are bound
"""One acceptance, after the lock: $1 phone, $2 per-number since, $3 hour ago, $4 entry, $5 cap, $6 now."""

_SQLITE_REQUEST = (
    f"UPDATE waitlist_entries SET confirmation_sms_status = '{_REQUESTED}', "  # noqa: S608 - a constant
    "confirmation_sms_requested_at = ?, confirmation_sms_attempts = 0, updated_at = ? WHERE id = ?"
)


def settled(queued: object, texted: object, requested: int, cap: int) -> TextDecision | None:
    """The decision when what `TEXT_DECISION` read settles it with nothing to write (the same
    acceptance again, or a refusal), else None: the acceptance is to be written."""
    if queued:
        return TextDecision.ACCEPTED
    if texted:
        return TextDecision.TEXTED_RECENTLY
    return TextDecision.HOURLY_CAP if requested >= cap else None


def decided(queued: bool, texted: bool, written: bool) -> TextDecision:
    """The decision from what the caps read and whether the acceptance was written."""
    if queued or written:
        return TextDecision.ACCEPTED
    return TextDecision.TEXTED_RECENTLY if texted else TextDecision.HOURLY_CAP


def sqlite_accept_text(
    conn: sqlite3.Connection, phone: str, since: str, hour_ago: str, entry_id: int, cap: int, stamp: str
) -> TextDecision:
    """The acceptance as one SQLite transaction (one job: the caller rolls back what this leaves
    open). The write lock comes first, so the reads see every earlier decision."""
    conn.execute(SQLITE_TEXT_LOCK)
    queued, texted, requested = conn.execute(
        TEXT_DECISION.sqlite, (phone, since, hour_ago, entry_id)
    ).fetchone()
    if (done := settled(queued, texted, int(requested), cap)) is not None:
        return done
    if conn.execute(_SQLITE_REQUEST, (stamp, stamp, entry_id)).rowcount != 1:
        return decided(False, False, written=False)
    conn.execute(SQLITE_TEXT_INSERT, (entry_id, phone, stamp, stamp, stamp))
    conn.commit()
    return TextDecision.ACCEPTED


async def accept_text(
    turns: TurnSql,
    entry_id: int,
    phone: str,
    *,
    since: datetime,
    hour_ago: datetime,
    hourly_cap: int,
    now: datetime,
) -> TextDecision:
    """Accept the entry's confirmation text if the caps allow it, under the texts' lock (`text_locks`)."""
    if isinstance(turns, _SqliteTurnSql):
        args = sqlite_args((phone, since, hour_ago, entry_id, hourly_cap, now))  # times as SQLite keeps them
        return await turns.run(sqlite_accept_text, *args)
    assert isinstance(turns, _PostgresTurnSql)  # noqa: S101 - the only other driver
    [(queued, texted, written)] = await turns.fetch_locked(
        PG_TEXT_LOCK, PG_ACCEPT_TEXT, phone, since, hour_ago, entry_id, hourly_cap, now
    )
    return decided(queued, texted, written)
