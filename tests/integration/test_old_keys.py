"""The hourly prune of idempotency keys: it reads the keys it forgets, not every key kept (recent keys,
the tombstones of texts' keys), and it forgets them a batch at a time, so the turns of other processes do
not wait for the whole prune. A text's key is kept, emptied, as a tombstone that answers nothing."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta

from sqlalchemy import func, select

from knotty.maintenance import KEEP_KEYS_HOURS, prune_once
from knotty.store import Store, create_engine
from knotty.store.deferred_texts import LATER_KEY_PREFIX
from knotty.store.models import SPENT_KEYS, ProcessedTurn, table_of, utcnow
from knotty.store.old_keys import PRUNE_BATCH, SPENT_TURN
from knotty.store.repository import KEYWORD_KEY_PREFIX
from tests.support.query_work import statement_work, statements_sent, write_keys

_KEYS = table_of(ProcessedTurn)
OLD = utcnow() - timedelta(hours=KEEP_KEYS_HOURS + 24)
RECENT = utcnow() - timedelta(hours=1)


def _call_keys(what: str, count: int, at: datetime) -> list[tuple[str, datetime]]:
    """A call's turn keys (`voice:` + CallSid + turn), forgotten after two days."""
    return [(f"voice:CA{what}{k:05d}:1", at) for k in range(count)]


async def _keys(store: Store) -> list[str]:
    async with store.engine.connect() as conn:
        return sorted((await conn.execute(select(_KEYS.c.key))).scalars())


async def test_a_prune_reads_the_keys_it_forgets_not_every_key_kept(database_url: str) -> None:
    """Every process prunes at start-up and hourly. It read every key of two days (SQLite: 257 ms at
    800,000 keys, holding the write lock). Beside 5,000 recent keys, and beside 5,000 tombstones of
    texts' keys (one per text ever received, the oldest keys of all), it now does the work it does
    beside none."""
    await write_keys(database_url, _call_keys("old", 10, OLD))
    engine = create_engine(database_url)
    store = Store(engine)
    try:
        sent = statements_sent(engine)
        assert await prune_once(store) == 10
        statement, args = next((sql, args) for sql, args in sent if sql.lstrip().startswith("SELECT"))
        alone = await statement_work(database_url, statement, args)
        await write_keys(database_url, _call_keys("recent", 5000, RECENT))
        beside_recent = await statement_work(database_url, statement, args)
        await write_keys(
            database_url, [(f"sms:SMgone{k:05d}", OLD - timedelta(days=30)) for k in range(5000)]
        )
        assert await prune_once(store) == 5000
        beside_tombstones = await statement_work(database_url, statement, args)
    finally:
        await store.aclose()
        await engine.dispose()
    assert beside_recent <= alone + 20, (
        f"the prune did {alone} units of work alone, {beside_recent} beside 5,000 keys"
    )
    assert beside_tombstones <= alone + 20, (
        f"the prune did {alone} units of work alone, {beside_tombstones} beside 5,000 tombstones"
    )


async def test_old_keys_go_in_batches_and_opt_outs_and_waiting_texts_stay(database_url: str) -> None:
    old = _call_keys("old", 2 * PRUNE_BATCH + 500, OLD)
    kept = [(f"{KEYWORD_KEY_PREFIX}SMstop", OLD), (f"{LATER_KEY_PREFIX}SMwaiting", OLD)]
    recent = _call_keys("recent", 20, RECENT) + [(f"sms:SMrecent{k:02d}", RECENT) for k in range(20)]
    await write_keys(database_url, old + kept + recent)
    engine = create_engine(database_url)
    store = Store(engine)
    try:
        sent = statements_sent(engine)
        assert await prune_once(store) == len(old)
        assert await _keys(store) == sorted(key for key, _ in kept + recent)
    finally:
        await store.aclose()
        await engine.dispose()
    deletes = [sql for sql, _ in sent if sql.lstrip().startswith("DELETE")]
    assert len(deletes) == 3, "2,500 keys in three transactions of at most 1,000"


async def test_a_texts_key_stays_emptied_and_is_not_pruned_again(database_url: str) -> None:
    """A text's webhook carries no time: only its key tells its replay, days later, from a new text."""
    texts = [(f"sms:SMold{k:05d}", OLD) for k in range(PRUNE_BATCH + 10)]
    await write_keys(database_url, texts + _call_keys("old", 30, OLD))
    engine = create_engine(database_url)
    store = Store(engine)
    try:
        async with engine.begin() as conn:
            await conn.execute(_KEYS.update().values(result={"reply": "Got it, Ana. What's your email?"}))
        assert await prune_once(store) == len(texts) + 30
        assert await prune_once(store) == 0
        assert await _keys(store) == sorted(key for key, _ in texts)
        for key, _ in texts[:: PRUNE_BATCH // 4]:
            assert await store.processed_result(key) == SPENT_TURN, "nothing the person wrote is kept"
        async with engine.connect() as conn:
            owners = set((await conn.execute(select(_KEYS.c.conversation_id))).scalars())
        assert owners == {SPENT_KEYS}
    finally:
        await store.aclose()
        await engine.dispose()


async def test_a_write_elsewhere_waits_for_one_batch_not_the_whole_prune(stores: tuple[Store, Store]) -> None:
    """On SQLite a delete holds the one write lock, for every process: a turn elsewhere that came
    during a prune of a day's keys waited for all of them. It now gets in between two batches."""
    pruner, other = stores
    url = pruner.engine.url.render_as_string(hide_password=False)
    await write_keys(url, _call_keys("old", 10 * PRUNE_BATCH, OLD))
    counting = select(func.count()).select_from(_KEYS).where(_KEYS.c.created_at < RECENT)

    async def old_left() -> int:
        async with other.engine.connect() as conn:
            return int((await conn.execute(counting)).scalar_one())

    prune = asyncio.create_task(prune_once(pruner))
    try:
        for _ in range(5000):  # the prune has begun once a batch is gone
            if await old_left() < 10 * PRUNE_BATCH:
                break
            await asyncio.sleep(0.002)
        assert await other.claim_once("sms:SMduring")
        assert not prune.done() and await old_left() > 0, "the write waited for the whole prune"
        assert await prune == 10 * PRUNE_BATCH
    finally:
        prune.cancel()
    assert "sms:SMduring" in await _keys(other)
