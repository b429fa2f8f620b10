"""Signups beside thousands of earlier ones read no table through (PostgreSQL, its planner deciding).

An empty database hides any statement that reads a whole table, and PostgreSQL chooses its plans by
the tables' statistics, so these play text signups (a confirmation text accepted and sent) against
3,000 earlier signups (`bench.existing`: entries, conversations, their lines and idempotency keys,
texts sent), vacuumed and analysed, and count the rows PostgreSQL read meanwhile, by sequential scans
and through indexes (`pg_stat_user_tables`). A kept text's ask, every second in every process, read
every idempotency key until migration 0009; the turn's statements now each keep one plan
(`pg_connections`), and that plan for the turn's read of listed contacts walked the whole primary
key of the waitlist (`ORDER BY id LIMIT 8`), every turn, until the LIMIT went.
"""

from __future__ import annotations

import asyncio
from datetime import timedelta
from pathlib import Path

import asyncpg
import pytest

from bench.existing import TURNS, fill
from knotty.store import Store, create_engine
from knotty.store.models import utcnow
from knotty.store.outbox import TextCaps
from tests.channels.conftest import twilio_world
from tests.channels.people import Person
from tests.channels.test_sms import text_until_done
from tests.support.fake_twilio_rest import FakeTwilioRest

EARLIER = 3000
PEOPLE = [
    Person("Ben Okafor", "ben.okafor@example.com", "", "client"),
    Person("Ada Lindqvist", "ada.l@example.net", "", "therapist"),
    Person("Chidi Nwosu", "chidi@example.org", "", "client", wants_text=False),
]


async def _rows_read(url: str) -> dict[str, tuple[int, int]]:
    """Per table: (rows read by sequential scans, rows fetched through indexes)."""
    conn = await asyncpg.connect(url.replace("+asyncpg", ""))
    try:
        rows = await conn.fetch(
            "SELECT relname, seq_tup_read, coalesce(idx_tup_fetch, 0) AS fetched FROM pg_stat_user_tables"
        )
        return {r["relname"]: (r["seq_tup_read"], r["fetched"]) for r in rows}
    finally:
        await conn.close()


async def _reset_counts(url: str) -> None:
    conn = await asyncpg.connect(url.replace("+asyncpg", ""))
    try:
        await conn.execute("SELECT pg_stat_reset()")
    finally:
        await conn.close()


async def test_text_signups_beside_3000_earlier_ones_read_no_table_through(
    database_url: str, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str]
) -> None:
    if not database_url.startswith("postgresql"):
        pytest.skip(
            "the sequential-scan counts are PostgreSQL's; SQLite's reads are counted in test_turn_reads"
        )
    await fill(database_url, EARLIER)
    async with twilio_world(database_url, tmp_path, fake_rest) as world:
        await _reset_counts(database_url)
        for k, person in enumerate(PEOPLE):
            await text_until_done(world, world.sim.texter(f"+1415555{k:04d}"), person)
        await world.settle()
        await asyncio.sleep(1.2)  # a kept text's ask at least once (every second)
        sent = {m.to for m in world.rest.messages}
    assert sent == {"+14155550000", "+14155550001"}
    await asyncio.sleep(0.1)  # the app's connections are closed: their counts are flushed
    reads = await _rows_read(database_url)
    big = {"waitlist_entries": EARLIER, "conversations": EARLIER, "messages": 2 * TURNS * EARLIER,
           "processed_turns": TURNS * EARLIER, "confirmation_texts": EARLIER // 3}  # fmt: skip
    through = {table: reads[table] for table in big if sum(reads.get(table, (0, 0))) >= big[table] // 2}
    assert through == {}, f"whole tables read (rows by scans, rows through indexes): {through}"


async def test_the_outboxs_poll_reads_the_open_texts_not_every_text_ever_sent(database_url: str) -> None:
    """Each process asks every second whether a confirmation text is due. After a few asks on one
    connection PostgreSQL kept one plan for the ask, and that plan read every text ever sent (a bench
    with 2,000 earlier signups: 126 reads of all of them in 15 s). The ask names the open texts in
    their partial index's words, so it reads those alone."""
    if not database_url.startswith("postgresql"):
        pytest.skip("PostgreSQL's plan choice; SQLite's reads are counted in test_turn_reads")
    await fill(database_url, EARLIER)
    engine = create_engine(database_url)
    store = Store(engine)
    try:
        await _reset_counts(database_url)
        now = utcnow()
        caps = TextCaps(since=now - timedelta(hours=1), hour_ago=now - timedelta(hours=1), hourly_cap=100)
        for _ in range(12):  # past the few asks after which PostgreSQL keeps one plan
            assert await store.outbox.claim("w1", limit=5, lease_s=30.0, caps=caps) == []
    finally:
        await store.aclose()
        await engine.dispose()
    await asyncio.sleep(0.1)
    read = sum((await _rows_read(database_url)).get("confirmation_texts", (0, 0)))
    assert read < 100, f"12 asks read {read} rows of {EARLIER // 2} texts sent"
