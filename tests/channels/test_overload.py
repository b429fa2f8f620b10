"""Bounded work under overload, through the real app: one turn slot, a slow brain, two people at once.

The process admits `KNOTTY_MAX_TURNS_IN_FLIGHT` turns; a webhook that finds none free within
`KNOTTY_TURN_QUEUE_S` is answered at once without losing anything: a caller hears "one moment" and
comes back with what they said, a text is kept and answered later through the REST API.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from channels import wording
from knotty.brains.base import BrainContext, BrainStep
from knotty.brains.scripted.brain import ScriptedBrain
from knotty.errors import Unavailable
from tests.channels.conftest import TwilioWorld, twilio_world
from tests.support.fake_twilio_rest import FakeTwilioRest, SentMessage

SLOW_S = 1.2


class SlowScripted(ScriptedBrain):
    """The offline brain, taking `delay` seconds per step while a test says so."""

    delay = 0.0

    async def step(self, ctx: BrainContext) -> BrainStep:
        if self.delay:
            await asyncio.sleep(self.delay)
        return await super().step(ctx)


@pytest.fixture
async def one_slot(
    database_url: str, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str]
) -> AsyncIterator[tuple[TwilioWorld, SlowScripted]]:
    """A Twilio world whose process runs one turn at a time and waits 0.3 s for a slot."""
    env = {"KNOTTY_MAX_TURNS_IN_FLIGHT": "1", "KNOTTY_TURN_QUEUE_S": "0.3"}
    async with twilio_world(database_url, tmp_path, fake_rest, **env) as world:
        brain = SlowScripted()
        world.runtime.agent.brain = world.runtime.agent.fallback = brain
        yield world, brain


async def _lines(world: TwilioWorld, channel: str, external_id: str, role: str) -> list[str]:
    conv = await world.store.latest_conversation(channel, external_id)
    assert conv is not None
    return [m.content for m in await world.store.history(conv.id) if m.role == role]


async def test_a_call_past_the_limit_hears_one_moment_and_keeps_what_it_said(
    one_slot: tuple[TwilioWorld, SlowScripted],
) -> None:
    world, brain = one_slot
    busy, held = await world.sim.call("+12025550101"), await world.sim.call("+12025550102")
    for call in (busy, held):
        await call.press("1")
    brain.delay = SLOW_S
    started = time.perf_counter()
    slow = asyncio.create_task(busy.say("my name is Ann Busy"))
    await asyncio.sleep(0.1)
    await held.say("my name is Bob Held")
    await slow
    assert wording.VOICE_HOLD_ON in held.heard  # held, not queued into Twilio's timeout
    assert not held.ended and not held.errors and not busy.errors
    assert await _lines(world, "voice", held.sid, "user") == [
        "my name is Bob Held"
    ]  # said once, kept through the holds
    assert await _lines(world, "voice", busy.sid, "user") == ["my name is Ann Busy"]
    assert "Bob" in held.last_heard
    assert max(seconds for _, seconds in world.sim.timings) < SLOW_S + 1.0
    assert time.perf_counter() - started < 5 * SLOW_S


async def test_a_text_past_the_limit_is_kept_and_answered_later(
    one_slot: tuple[TwilioWorld, SlowScripted],
) -> None:
    world, brain = one_slot
    busy, kept = world.sim.texter("+12025550201"), world.sim.texter("+12025550202")
    brain.delay = SLOW_S
    slow = asyncio.create_task(busy.send("Hi, I'd like to join the waitlist"))
    await asyncio.sleep(0.1)
    started = time.perf_counter()
    assert await kept.send("Hi, I'd like to join too") == []  # answered at once, nothing lost
    assert time.perf_counter() - started < 1.0
    [busy_reply] = await slow
    brain.delay = 0.0
    for _ in range(100):
        if world.rest.messages_to(kept.number):
            break
        await asyncio.sleep(0.1)
    [later] = world.rest.messages_to(kept.number)
    assert await _lines(world, "sms", kept.number, "user") == ["Hi, I'd like to join too"]
    assert later.body == (await _lines(world, "sms", kept.number, "assistant"))[-1]
    assert busy_reply and world.rest.messages_to(busy.number) == []
    assert await world.store.later.waiting() == 0


async def test_a_kept_text_sent_again_by_twilio_is_answered_once(
    one_slot: tuple[TwilioWorld, SlowScripted],
) -> None:
    world, brain = one_slot
    busy, kept = world.sim.texter("+12025550301"), world.sim.texter("+12025550302")
    brain.delay = SLOW_S
    slow = asyncio.create_task(busy.send("Hi there"))
    await asyncio.sleep(0.1)
    assert await kept.send("Hello, waitlist please") == []
    assert await kept.retry_last() == []  # the same webhook again, while still overloaded
    await slow
    brain.delay = 0.0
    await asyncio.sleep(2.5)
    assert len(world.rest.messages_to(kept.number)) == 1
    assert await _lines(world, "sms", kept.number, "user") == ["Hello, waitlist please"]


async def answered_later(world: TwilioWorld, number: str) -> SentMessage:
    """The one text the REST API sent `number` once its kept text was answered (waits up to 5 s)."""
    for _ in range(100):
        if world.rest.messages_to(number):
            break
        await asyncio.sleep(0.05)
    [later] = world.rest.messages_to(number)
    return later


def busy_once(world: TwilioWorld, monkeypatch: pytest.MonkeyPatch) -> None:
    """The next turn's read finds the database busy (as SQLite's lock timeout under load); then it is free."""
    store = world.runtime.agent.store
    load = store.load_for_turn
    busy = {"left": 1}

    async def busy_then_free(*args: object, **kwargs: object) -> object:
        if busy["left"]:
            busy["left"] -= 1
            raise Unavailable("database is locked")
        return await load(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(store, "load_for_turn", busy_then_free)


async def test_a_text_whose_turn_finds_the_database_busy_is_kept_and_answered_later(
    database_url: str, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Under twice the load a machine sustains, a turn's SQLite write can time out on the lock: the text
    was answered "Please text again in a few minutes" and the person's "yes" at the read-back was gone.
    Now it is kept and answered later, like a text past the turn limit; nothing to type again."""
    async with twilio_world(database_url, tmp_path, fake_rest) as world:
        busy_once(world, monkeypatch)
        texter = world.sim.texter("+12025550501")
        assert await texter.send("Hi, I'd like to join the waitlist") == []  # no apology, no reply yet
        later = await answered_later(world, texter.number)
        assert wording.SMS_UNAVAILABLE not in later.body
        assert await _lines(world, "sms", texter.number, "user") == ["Hi, I'd like to join the waitlist"]
        assert later.body == (await _lines(world, "sms", texter.number, "assistant"))[-1]
        assert await world.store.later.waiting() == 0


async def test_a_yes_at_the_read_back_whose_turn_finds_the_database_busy_is_kept_and_saved_later(
    database_url: str, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same for the "yes" that saves a signup (seen in `bench.run`): "yes" is Twilio's opt-in
    keyword for a number that texted STOP, so it was taken for a keyword, not kept, and the person
    was told to text again in a few minutes. It is a keyword only for a number that opted out."""
    async with twilio_world(database_url, tmp_path, fake_rest) as world:
        texter = world.sim.texter("+12025550502")
        await texter.send("Hi, I'm a massage therapist, ana.lima@example.com, 202 555 0502")
        [read_back] = await texter.send("Ana Lima")
        assert "ana.lima@example.com" in read_back and await world.store.list_entries() == []
        busy_once(world, monkeypatch)
        assert await texter.send("yes") == []  # no apology: kept
        later = await answered_later(world, texter.number)
        assert wording.SMS_UNAVAILABLE not in later.body
        [entry] = await world.store.list_entries()
        assert (entry.full_name, entry.email) == ("Ana Lima", "ana.lima@example.com")
