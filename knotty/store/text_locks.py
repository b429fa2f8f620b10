"""The one lock every decision to send a text takes, so the caps hold across server processes.

Reserving a handoff text and claiming texts from the outbox each count the texts of the last hour
and of the number, then write (a confirmation text's acceptance reads them without it and is written
with its turn: the claim holds the caps for it). Two processes doing that at once would both
count the same total and both pass the cap: they take turns instead. Texts are rare next to turns, so
one lock for all of them costs nothing that matters.

PostgreSQL: a transaction-level advisory lock. A claim from the outbox takes it inside one
statement (the function of migration 0013), so it is never held across a round
trip, however busy the event loop or far the database. SQLite: the database's write lock taken before the
first read (a write that changes nothing), so the reads see every earlier decision and another
process waits for this transaction to end.
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

__all__ = ["SQLITE_TEXT_LOCK", "take_text_turn"]

SQLITE_TEXT_LOCK = "UPDATE confirmation_texts SET id = id WHERE 0"
"""The statement that takes SQLite's lock."""
_PG_LOCK = text("SELECT pg_advisory_xact_lock(hashtext('knotty:texts'))")
"""The same lock the claim's function takes (migration 0013)."""
_SQLITE_WRITE_LOCK = text(SQLITE_TEXT_LOCK)


async def take_text_turn(conn: AsyncConnection) -> None:
    """Wait for this transaction's turn to decide about texts (call first in the transaction)."""
    if conn.dialect.name == "postgresql":
        await conn.execute(_PG_LOCK)
    else:
        await conn.execute(_SQLITE_WRITE_LOCK)
