"""Accepting a listed entry's confirmation text: the texts' lock, the caps, the write.

Through Core the acceptance took about seven round trips (the pool's ping, BEGIN, the lock, three
statements, COMMIT), each waiting for the event loop, while it held the one lock every decision
about a text shares (`text_locks`): under load, people answering "yes" to the text offer queued
behind each other for it for up to seconds. Now the lock is held for no round trip at all. On
SQLite the whole transaction is one job (`sqlite_on_loop`: on the loop, or in one hop to the
driver's thread). On PostgreSQL it is one statement in autocommit, the function `knotty_accept_text`
(migration 0012): it reads the caps, and only when they allow the text takes the lock, reads them
again and writes the acceptance with its outbox row, all inside the server.
"""

from __future__ import annotations

import enum
import sqlite3
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncEngine

from knotty.statuses import EntryTextStatus
from knotty.store.entry_reads import TEXT_DECISION
from knotty.store.entry_write import SQLITE_TEXT_INSERT
from knotty.store.text_locks import SQLITE_TEXT_LOCK
from knotty.store.turn_sql import PostgresTurnSql, SqliteTurnSql, TurnSql, sqlite_args

__all__ = ["TextDecision", "accept_text", "settled"]


class TextDecision(enum.Enum):
    """What the caps made of an acceptance."""

    ACCEPTED = "accepted"
    """Written now, or queued already (the same acceptance again, from a re-run turn)."""
    TEXTED_RECENTLY = "texted_recently"
    HOURLY_CAP = "hourly_cap"


_REQUESTED = EntryTextStatus.REQUESTED.value

PG_ACCEPT_TEXT = "SELECT * FROM knotty_accept_text($1, $2, $3, $4::int, $5::int, $6)"
"""One acceptance, the lock inside (migration 0012): $1 phone, $2 per-number since, $3 hour ago, $4 entry,
$5 cap, $6 now; (queued, texted, written). Sent outside a transaction, it commits as it returns."""

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
        TEXT_DECISION.sqlite, (phone, since, hour_ago, cap, entry_id)
    ).fetchone()
    if (done := settled(queued, texted, int(requested), cap)) is not None:
        return done
    if conn.execute(_SQLITE_REQUEST, (stamp, stamp, entry_id)).rowcount != 1:
        return decided(False, False, written=False)
    conn.execute(SQLITE_TEXT_INSERT, (entry_id, phone, stamp, stamp, stamp))
    conn.commit()
    return TextDecision.ACCEPTED


async def accept_text(
    turns: TurnSql | None,
    reader: AsyncEngine,
    entry_id: int,
    phone: str,
    *,
    since: datetime,
    hour_ago: datetime,
    hourly_cap: int,
    now: datetime,
) -> TextDecision | None:
    """Accept the entry's confirmation text if the caps allow it, under the texts' lock (`text_locks`).

    PostgreSQL: one statement, on the driver or through `reader` (an autocommit engine, as behind
    Supabase's pooler). SQLite: one job on the driver. None: SQLite through Core, which the caller
    decides on its own (in-memory databases only).
    """
    if isinstance(turns, SqliteTurnSql):
        args = sqlite_args((phone, since, hour_ago, entry_id, hourly_cap, now))  # times as SQLite keeps them
        return await turns.run(sqlite_accept_text, *args)
    if reader.dialect.name != "postgresql":
        return None
    pg_args = (phone, since, hour_ago, entry_id, hourly_cap, now)
    if isinstance(turns, PostgresTurnSql):
        [(queued, texted, written)] = await turns.fetch(PG_ACCEPT_TEXT, *pg_args)
    else:
        async with reader.connect() as conn:
            queued, texted, written = tuple((await conn.exec_driver_sql(PG_ACCEPT_TEXT, pg_args)).one())
    return decided(queued, texted, written)
