"""`kill -9` of the server while texts are at Twilio, then an immediate restart: each text still goes out once.

Issue 13: after `kill -9` and a restart, 0 of 8 promised texts were sent in the next 150 s (one
start-up scan skipped anything changed in the last 120 s). Here the texts live in the outbox; the
restarted process takes the dead one's rows over once their lease expires, finds at Twilio the ones
whose POST had left, and sends the others.
"""

from __future__ import annotations

import asyncio
import time
from contextlib import AbstractAsyncContextManager
from pathlib import Path

import pytest

from app.migrate import migrate_async
from knotty.store import Store, create_engine
from tests.channels.conftest import ACCOUNT_SID, AUTH_TOKEN, KNOTTY_NUMBER
from tests.faults.conftest import DELIVERY_BOUND_S, accept, exactly_once, settled
from tests.support.fake_twilio_rest import FakeTwilioRest
from tests.support.serve_process import free_port, knotty_serve_process

pytestmark = pytest.mark.slow

PHONES = [f"+1415555{n:04d}" for n in range(160, 166)]
LEASE_S = 15.0
"""The worker's lease: a dead process's rows are taken over after it."""


def knotty_serve(
    database_url: str, rest_url: str, port: int
) -> AbstractAsyncContextManager[asyncio.subprocess.Process]:
    """`knotty serve` in its own process, texting through the fake REST API."""
    env = {
        "DATABASE_URL": database_url,
        "PUBLIC_BASE_URL": f"http://127.0.0.1:{port}",
        "TWILIO_ACCOUNT_SID": ACCOUNT_SID,
        "TWILIO_AUTH_TOKEN": AUTH_TOKEN,
        "TWILIO_PHONE_NUMBER": KNOTTY_NUMBER,
        "TWILIO_API_BASE_URL": rest_url,
    }
    return knotty_serve_process(port, env)


async def test_texts_under_way_survive_kill_9_and_a_restart(
    tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str]
) -> None:
    rest, rest_url = fake_rest
    url = f"sqlite+aiosqlite:///{tmp_path}/killed.db"
    await migrate_async(url)
    engine = create_engine(url)
    store = Store(engine)
    port = free_port()
    try:
        rest.misbehave("hang")  # Twilio takes each message and never answers: the worst moment to die
        async with knotty_serve(url, rest_url, port) as first:
            entries = {phone: await accept(store, phone) for phone in PHONES[:4]}
            deadline = time.monotonic() + 10
            while rest.posts < 4:
                assert time.monotonic() < deadline, "the worker did not pick the texts up"
                await asyncio.sleep(0.05)
            first.kill()  # kill -9, mid-send
            await first.wait()
        rest.heal()
        entries |= {phone: await accept(store, phone) for phone in PHONES[4:]}  # accepted while it was down
        killed = time.monotonic()
        async with knotty_serve(url, rest_url, port):
            outcomes = await settled(store, rest, entries, bound_s=LEASE_S + DELIVERY_BOUND_S)
        assert exactly_once(outcomes), outcomes
        assert rest.posts == len(PHONES), "the texts the dead process had posted were found, not posted again"
        assert time.monotonic() - killed < LEASE_S + DELIVERY_BOUND_S
    finally:
        await engine.dispose()
