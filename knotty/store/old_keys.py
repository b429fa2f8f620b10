"""Forgetting idempotency keys older than two days, a short batch at a time; a text's key is kept, emptied.

Twilio retries a webhook within minutes, so a key older than two days only costs space. At hundreds of
turns a second an hour's prune deletes more than a million keys; in one statement that would hold
SQLite's one write lock, and every turn of every process, for seconds. Each batch is its own
transaction of `PRUNE_BATCH` keys, found by their age's index (migration 0010), and the prune
pauses between two (a batch took 6-8 ms on SQLite here), so that other writers have the lock most
of the time. A turn waits for one batch at most, and a prune reads the keys it deletes, not every
key kept.
"""

from __future__ import annotations

import asyncio
from datetime import datetime

from sqlalchemy import delete, select, text, update
from sqlalchemy.ext.asyncio import AsyncEngine

from knotty.store.models import PRUNABLE_KEYS, SPENT_KEYS, ProcessedTurn, table_of, tombstone_turn

__all__ = ["PRUNE_BATCH", "PRUNE_PAUSE_S", "SPENT_TURN", "prune_keys"]

PRUNE_BATCH = 1000
"""Keys deleted per transaction: a few milliseconds of SQLite's write lock."""
PRUNE_PAUSE_S = 0.02
"""The pause between two batches, when every other writer gets the lock: a prune of 200,000 keys took
9 s on SQLite here, once an hour."""
_T = table_of(ProcessedTurn)

SPENT_TURN = tombstone_turn(SPENT_KEYS)
"""The answer a spent text's tombstone keeps (a `knotty.agent.TurnResult` record): nothing said, nothing
run (a replayed text gets no reply)."""


async def prune_keys(
    engine: AsyncEngine,
    before: datetime,
    kept: tuple[str, ...],
    spent: tuple[str, ...] = (),
    batch: int = PRUNE_BATCH,
) -> int:
    """Forget keys created before `before`, except those starting with a prefix in `kept` and tombstones;
    those starting with a prefix in `spent` become tombstones (`SPENT_TURN`) instead of going. How many
    were forgotten either way."""
    oldest = (
        select(_T.c.key)
        .where(
            _T.c.created_at < before,
            text(PRUNABLE_KEYS),  # in its index's words: the tombstones are never read
            *(~_T.c.key.startswith(prefix) for prefix in kept),
        )
        .order_by(_T.c.created_at)
        .limit(batch)
    )
    removed = 0
    while True:
        async with engine.begin() as conn:
            keys = [str(row[0]) for row in await conn.execute(oldest)]
            emptied = [key for key in keys if key.startswith(spent)] if spent else []
            gone = [key for key in keys if not spent or not key.startswith(spent)]
            if emptied:
                await conn.execute(
                    update(_T)
                    .where(_T.c.key.in_(emptied))
                    .values(conversation_id=SPENT_KEYS, result=SPENT_TURN)
                )
            if gone:
                await conn.execute(delete(_T).where(_T.c.key.in_(gone)))
        removed += len(keys)
        if len(keys) < batch:
            return removed
        await asyncio.sleep(PRUNE_PAUSE_S)
