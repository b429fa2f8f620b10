"""A caller who says "yes" to the read-back and hangs up while that turn is still being answered, on Gather.

Twilio posts the caller's "yes" to the turn route and, the moment they hang up, the status callback, which
closes the conversation. Two races, both seen (brain slowed to a model's pace, or the close's write held):

- The close landed first: it gave the conversation a new version, the turn's write (checked against the
  version it read) failed, and its retry found the call's conversation closed and opened a new one with
  a greeting. The caller had said yes to every detail and was not on the list.
- The turn saved first, between the close's read and its write: the conversation said "abandoned" (the
  admin's "Left before the end") while it held the saved entry.

Now the close leaves the version alone and writes "completed" when the conversation holds an entry by
then; a turn's write keeps a closed conversation closed (completed once it saved). The entry is saved
whole, once, on one conversation, and no text goes to someone who was never offered one. On SQLite and
PostgreSQL, through the real Twilio routes; people from Faker.
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from sqlmodel import select

from knotty.store.models import Conversation
from tests.channels.call_steps import at_the_read_back, call_ended_status
from tests.channels.conftest import TwilioWorld
from tests.support.twilio_sim import Call
from tests.unit.brains.callers import caller

LOCALES = ("en_US", "es_MX", "fr_FR", "de_DE", "pt_BR", "pl_PL")


async def _outcome(twilio: TwilioWorld, call: Call) -> tuple[list[tuple[str, str, str, str]], list[Any]]:
    entries = [(e.full_name, e.phone, e.email, e.role) for e in await twilio.store.list_entries()]
    async with twilio.store._session() as s:
        convs = (await s.exec(select(Conversation).where(Conversation.external_id == call.sid))).all()
    return entries, [(c.status, c.entry_id is not None) for c in convs]


@pytest.mark.parametrize("seed", range(3))
async def test_the_call_ending_while_the_yes_is_answered_still_saves(twilio: TwilioWorld, seed: int) -> None:
    person = caller(seed, LOCALES)
    call = await at_the_read_back(twilio, person)
    brain = twilio.runtime.agent.brain
    thinking = brain.step

    async def slow(ctx: Any) -> Any:  # a model's pace: the hang-up lands while the turn runs
        await asyncio.sleep(0.3)
        return await thinking(ctx)

    brain.step = slow  # type: ignore[method-assign]

    async def hang_up_soon() -> int:
        await asyncio.sleep(0.1)
        return await call_ended_status(twilio, call)

    try:
        _said, status = await asyncio.gather(call.say("yes"), hang_up_soon())
    finally:
        brain.step = thinking  # type: ignore[method-assign]
    assert status == 200
    fields = (person["full_name"], person["phone"], person["email"], person["role"])
    assert await _outcome(twilio, call) == ([fields], [("completed", True)])
    await twilio.settle()
    assert twilio.rest.messages == []  # never offered a text: none sent


@pytest.mark.parametrize("seed", range(3))
async def test_a_conversation_closed_as_its_entry_is_saved_says_completed(
    twilio: TwilioWorld, seed: int
) -> None:
    person = caller(seed + 10, LOCALES)
    call = await at_the_read_back(twilio, person)
    store = twilio.runtime.agent.store
    closing = store.set_status
    saved = asyncio.Event()

    async def late(conversation_id: str, status: str) -> None:  # read before the save, written after it
        await saved.wait()
        await closing(conversation_id, status)

    store.set_status = late  # type: ignore[method-assign]

    async def yes() -> list[str]:
        await asyncio.sleep(0.05)
        try:
            return await call.say("yes")
        finally:
            saved.set()

    try:
        status, _said = await asyncio.gather(call_ended_status(twilio, call), yes())
    finally:
        store.set_status = closing  # type: ignore[method-assign]
    assert status == 200
    fields = (person["full_name"], person["phone"], person["email"], person["role"])
    assert await _outcome(twilio, call) == ([fields], [("completed", True)])
