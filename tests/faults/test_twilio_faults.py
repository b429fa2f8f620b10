"""A Twilio REST API that accepts slowly, hangs, blackholes or fails: every accepted text still goes out once.

Issue 13: with a slow Twilio (it accepts, then answers after the client's timeout) the old sender
re-posted the accepted message on every timeout (4 identical texts each, every entry `failed`), and
held its four send slots for the whole call. Here a send whose outcome is unknown is looked up at
Twilio before it is ever posted again.
"""

from __future__ import annotations

import asyncio
import time

import pytest

from tests.channels.conftest import TwilioWorld
from tests.faults.conftest import DELIVERY_BOUND_S, accept, exactly_once, settled

PHONES = [f"+1415555{n:04d}" for n in range(140, 146)]


async def accept_all(world: TwilioWorld) -> dict[str, int]:
    entries = {phone: await accept(world.store, phone) for phone in PHONES}
    assert world.notifier is not None
    await world.notifier.confirmation_requested(next(iter(entries.values())))
    return entries


async def test_a_slow_twilio_gets_each_text_once(fast_world: TwilioWorld) -> None:
    world = fast_world
    world.rest.misbehave("slow", slow_s=2.0)  # accepted at once, answered 4 timeouts later
    started = time.monotonic()
    entries = await accept_all(world)
    outcomes = await settled(world.store, world.rest, entries)
    assert exactly_once(outcomes), outcomes
    assert world.rest.posts == len(PHONES), "no accepted message was posted again"
    assert time.monotonic() - started < 15, "a backlog behind a slow Twilio drains in parallel"


@pytest.mark.parametrize("mode", ["hang", "blackhole"])
async def test_a_hanging_or_blackholed_twilio_delivers_once_after_it_heals(
    fast_world: TwilioWorld, mode: str
) -> None:
    world = fast_world
    world.rest.misbehave(mode)
    entries = await accept_all(world)
    await asyncio.sleep(2.0)  # timeouts, lookups that time out too, backoff
    world.rest.heal()
    healed = time.monotonic()
    outcomes = await settled(world.store, world.rest, entries)
    assert exactly_once(outcomes), outcomes
    assert time.monotonic() - healed < DELIVERY_BOUND_S


async def test_a_failing_twilio_is_retried_until_it_answers(fast_world: TwilioWorld) -> None:
    world = fast_world
    world.rest.fail_messages(10, status=503)
    world.rest.fail_messages(3, status=429, code=20429)
    entries = await accept_all(world)
    outcomes = await settled(world.store, world.rest, entries)
    assert exactly_once(outcomes), outcomes
    assert world.rest.failed_attempts == 13


async def test_texts_accepted_while_twilio_refuses_the_token_go_out_once_it_is_right_again(
    fast_world: TwilioWorld,
) -> None:
    """Before: a 401 from Twilio (the auth token rotated in the console ahead of the deploy, or a typo
    deployed) closed every text accepted meanwhile `failed` for good: the people who said yes were
    never texted once the token was put right. Now a refused token is retried with the backoff, as
    Twilio being away is, and each text goes out once when the right token is back."""
    world = fast_world
    deployed = world.rest.auth_token
    world.rest.auth_token = "rotated-in-the-console-0123456789"
    entries = await accept_all(world)
    await asyncio.sleep(2.0)  # tries refused with 401 meanwhile
    assert world.rest.messages == []
    world.rest.auth_token = deployed  # the operator deploys the right token (or rolls the console back)
    outcomes = await settled(world.store, world.rest, entries)
    assert exactly_once(outcomes), outcomes
