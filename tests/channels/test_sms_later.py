"""Texts kept under overload: answered by the REST API over one kept connection, not one per reply, and
found by an index, not by reading every idempotency key."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from pathlib import Path

from app.runtime import Runtime
from channels.sms_later import SmsLater
from knotty.admission import TurnGate
from knotty.store import Store, create_engine
from tests.channels.conftest import ACCOUNT_SID, AUTH_TOKEN, KNOTTY_NUMBER, PUBLIC
from tests.conftest import make_settings
from tests.support.fake_twilio_rest import FakeTwilioRest
from tests.support.live_server import serve
from tests.support.query_work import statement_work, statements_sent, write_keys

TEXTERS = ("+12025550401", "+12025550402", "+12025550403")


async def test_kept_texts_are_each_answered_over_one_kept_connection(
    runtime: Runtime, database_url: str, tmp_path: Path
) -> None:
    rest = FakeTwilioRest(ACCOUNT_SID, AUTH_TOKEN)
    rest.add_number(KNOTTY_NUMBER)
    async with serve(rest) as url:
        settings = make_settings(
            database_url, tmp_path, PUBLIC_BASE_URL=PUBLIC, TWILIO_ACCOUNT_SID=ACCOUNT_SID,
            TWILIO_AUTH_TOKEN=AUTH_TOKEN, TWILIO_PHONE_NUMBER=KNOTTY_NUMBER, TWILIO_API_BASE_URL=url,
        )  # fmt: skip
        later = SmsLater(settings, runtime.ledger, runtime.agent, TurnGate(4, 1.0), poll_s=0.05)
        try:
            for n, texter in enumerate(
                TEXTERS
            ):  # one after another: each reply may reuse the last's connection
                await later.keep(texter, "Hi, I'd like to join the waitlist", f"SM{n:032d}")
                for _ in range(100):
                    if rest.messages_to(texter):
                        break
                    await asyncio.sleep(0.05)
        finally:
            await later.aclose()

    assert [len(rest.messages_to(texter)) for texter in TEXTERS] == [1, 1, 1], "each kept text answered once"
    peers = rest.post_peers
    assert len(peers) == 3 and len(set(peers)) == 1, f"one client port for every reply: {peers}"


async def test_asking_for_kept_texts_reads_them_not_two_days_of_keys(database_url: str) -> None:
    """Every server process asks for due kept texts every second. They are idempotency keys among the
    two days of turns' keys kept, and the ask read every one of them (PostgreSQL: 15 ms at 200,000
    keys, each second, in each process). Beside 5,000 other keys it now does the work it does
    beside none."""
    engine = create_engine(database_url)
    store = Store(engine)
    try:
        await store.later.keep(TEXTERS[0], "Hi, I'd like to join the waitlist", "SM1")
        sent = statements_sent(engine)
        assert [text.message_sid for text in await store.later.claim(5)] == ["SM1"]
    finally:
        await store.aclose()
        await engine.dispose()
    statement, args = next(
        (sql, args) for sql, args in sent if sql.lstrip().startswith("SELECT") and "processed_turns" in sql
    )
    alone = await statement_work(database_url, statement, args)
    older = datetime(2026, 12, 1, 10, tzinfo=UTC)  # other turns' keys, all older than the lease
    await write_keys(database_url, [(f"sms:SM{k:032d}", older) for k in range(5000)])
    beside = await statement_work(database_url, statement, args)
    assert beside <= alone + 20, f"the ask did {alone} units of work alone, {beside} beside 5,000 keys"
