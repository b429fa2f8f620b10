"""The database stopped and started again mid-send and mid-call (issue 13).

Before: a database error inside the background sender lost the text or recorded a delivered one as
`requested` (resent at the next restart); a 5 s blip hung up on callers after two failed turns; a
status callback that failed during the outage answered 200, so the call stayed `active` forever.
Here a PostgreSQL server of its own is stopped (`pg_ctl -m immediate`) while Twilio is answering the
sends, a caller speaks and a call ends, and started again a few seconds later.
"""

from __future__ import annotations

import asyncio
import time
import xml.etree.ElementTree as ET
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import update

from knotty.maintenance import close_idle_once
from knotty.store import Store
from knotty.store.models import Conversation, table_of, utcnow
from tests.channels.conftest import PUBLIC, twilio_world
from tests.faults.conftest import DELIVERY_BOUND_S, StoppableDatabase, accept, exactly_once, settled
from tests.support.fake_twilio_rest import FakeTwilioRest

PHONES = [f"+1415555{n:04d}" for n in range(170, 174)]
OUTAGE_S = 5.0


@pytest.mark.slow
async def test_texts_and_calls_ride_out_a_database_outage(
    stoppable_database: StoppableDatabase, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str]
) -> None:
    async with twilio_world(stoppable_database.url, tmp_path, fake_rest) as world:
        assert world.notifier is not None
        world.notifier.timeout_s, world.notifier.lease_s, world.notifier.poll_s = 2.0, 3.0, 0.2
        world.notifier.backoff_s, world.notifier.max_backoff_s = 0.1, 1.0
        call = await world.sim.call("+14155550179")
        await call.press("1")
        ending = await world.sim.call("+14155550178")
        await ending.press("1")
        assert call.waiting and ending.waiting
        world.rest.misbehave("slow", slow_s=1.0)  # the answers come back while the database is away
        entries = {phone: await accept(world.store, phone) for phone in PHONES}
        await world.notifier.confirmation_requested(next(iter(entries.values())))
        deadline = time.monotonic() + 10
        while world.rest.posts < len(PHONES):
            assert time.monotonic() < deadline
            await asyncio.sleep(0.02)

        stoppable_database.stop()
        down = time.monotonic()
        world.rest.heal()
        params = {**call._params(), "SpeechResult": "Ana Lima"}
        assert call.gather is not None, "the call is listening"
        turn = call.gather.get("action", "").removeprefix(PUBLIC)
        held = await world.sim.post(turn, params)
        assert held.status_code == 200 and "<Redirect" in held.text and "<Hangup" not in held.text
        status = await world.sim.post("/twilio/voice/status", {**ending._params(), "CallStatus": "completed"})
        assert status.status_code == 503, "a callback the database could not record is retried by Twilio"
        redirect = ET.fromstring(held.text).find("Redirect")
        assert redirect is not None
        while time.monotonic() - down < OUTAGE_S:  # the caller is held through the blip, as Twilio would
            await asyncio.sleep(3)
            answer = await world.sim.post((redirect.text or "").removeprefix(PUBLIC), call._params())
            assert answer.status_code == 200 and "<Hangup" not in answer.text, (
                "no caller hung up by a blip under 15 s"
            )
            redirect = ET.fromstring(answer.text).find("Redirect")
            if redirect is None:
                break
        stoppable_database.start()
        back = time.monotonic()

        while (
            ET.fromstring(answer.text).find("Gather") is None
        ):  # the same turn, with what was said, goes through
            assert redirect is not None
            await asyncio.sleep(1)
            answer = await world.sim.post((redirect.text or "").removeprefix(PUBLIC), call._params())
            assert answer.status_code == 200 and "<Hangup" not in answer.text
            redirect = ET.fromstring(answer.text).find("Redirect")
        history = await world.runtime.agent.transcript("voice", call.sid)
        assert ("user", "Ana Lima") in [(ln.role, ln.content) for ln in history]

        status = await world.sim.post("/twilio/voice/status", {**ending._params(), "CallStatus": "completed"})
        assert status.status_code == 200
        conv = await world.store.latest_conversation("voice", ending.sid)
        assert conv is not None and conv.status != "active"

        outcomes = await settled(world.store, world.rest, entries)
        assert exactly_once(outcomes), outcomes
        assert world.rest.posts == len(PHONES), (
            "sends answered during the outage were recorded, not posted again"
        )
        assert time.monotonic() - back < DELIVERY_BOUND_S


async def test_the_sweeper_closes_calls_whose_status_never_came(database_url: str) -> None:
    from knotty.store import create_engine

    engine = create_engine(database_url)
    store = Store(engine)
    try:
        gone = await store.create_conversation("voice", "CA" + "1" * 32, {})
        live = await store.create_conversation("voice", "CA" + "2" * 32, {})
        web = await store.create_conversation("web", "session-1", {})
        async with engine.begin() as conn:
            table = table_of(Conversation)
            await conn.execute(
                update(table)
                .where(table.c.id.in_([gone.id, web.id]))
                .values(updated_at=utcnow() - timedelta(hours=1))
            )
        assert await close_idle_once(store) == 1
        after = [await store.get_conversation(c.id) for c in (gone, live, web)]
        assert [c.status if c else None for c in after] == ["abandoned", "active", "active"]
    finally:
        await engine.dispose()
