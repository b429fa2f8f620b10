"""A deploy's graceful restart while confirmation texts are at Twilio: the next process sends each once.

SIGTERM stops the old process's worker: attempts under way get a moment, the ones Twilio has not
answered by then are cut off, and their leases are handed back due now (`Outbox.release`). The new
process claims them at once: a text whose POST left is looked up at Twilio before it is posted again.
"""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

from tests.channels.conftest import twilio_world
from tests.faults.conftest import DELIVERY_BOUND_S, accept, exactly_once, settled
from tests.support.fake_twilio_rest import FakeTwilioRest

PHONES = [f"+1415555{n:04d}" for n in range(180, 186)]


async def test_a_graceful_restart_mid_send_delivers_each_text_once(
    database_url: str, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str]
) -> None:
    rest = fake_rest[0]
    async with twilio_world(database_url, tmp_path, fake_rest) as old:
        assert old.notifier is not None
        old.notifier.timeout_s, old.notifier.lease_s, old.notifier.poll_s = 10.0, 30.0, 0.2
        rest.misbehave("slow", slow_s=8.0)  # Twilio takes each message and answers after the stop
        entries = {phone: await accept(old.store, phone) for phone in PHONES}
        await old.notifier.confirmation_requested(next(iter(entries.values())))
        deadline = time.monotonic() + 10
        while rest.posts < len(PHONES):
            assert time.monotonic() < deadline, rest.posts
            await asyncio.sleep(0.05)
        await old.notifier.aclose(timeout_s=0.5)  # SIGTERM: the sends are cut off, their leases handed back
    rest.heal()
    async with twilio_world(database_url, tmp_path, fake_rest) as new:
        assert new.notifier is not None
        new.notifier.poll_s = 0.2
        started = time.monotonic()
        outcomes = await settled(new.store, rest, entries)
    assert exactly_once(outcomes), outcomes
    assert rest.posts == len(PHONES), "no message Twilio took was posted again"
    assert time.monotonic() - started < DELIVERY_BOUND_S / 3, "taken over at once, not after a lease"
