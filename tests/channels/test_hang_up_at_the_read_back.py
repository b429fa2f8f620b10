"""A caller who hangs up during the read-back, or right after their "yes" to it, on Gather and ConversationRelay.

- Hung up before saying yes: nothing is saved, and a second call from the same number is not told it is on
  the list; it starts again from the name. What the first call collected is not read back to it: a caller
  ID proves little, and the details are only the first caller's to hear (`knotty/returning.py`).
- Hung up right after "yes": the entry is saved whole, the confirmation text is neither sent nor counted
  as accepted (it was never offered), and a second call is told the number is on the list.

A guard (these passed before this round): people from Faker in several locales.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from tests.channels.call_steps import asked
from tests.channels.conftest import TwilioWorld
from tests.channels.people import Person
from tests.channels.test_relay import relay_call, relay_world
from tests.support.fake_twilio_rest import FakeTwilioRest
from tests.support.twilio_sim import Call
from tests.unit.brains.callers import caller, said_email

_LOCALES = ("en_US", "es_MX", "en_GB", "fr_CA", "it_IT")


def _person(seed: int) -> tuple[dict[str, str], Person]:
    fields = caller(seed, _LOCALES)
    return fields, Person(fields["full_name"], fields["email"], said_email(fields["email"]), fields["role"])


async def _second_call(world: TwilioWorld, fields: dict[str, str], *, listed: bool) -> None:
    again = await world.sim.call(fields["phone"])
    await again.press("1")
    heard = again.last_heard
    assert ("already on our waitlist" in heard) is listed, heard
    assert fields["email"].split("@")[0].split(".")[0] not in heard.lower(), heard
    if not listed:
        assert "name" in heard.lower(), heard
    await again.hang_up()


async def _at_the_read_back(twilio: TwilioWorld, phone: str, someone: Person) -> Call:
    """A call from `phone` answered as `someone` up to the read-back's question."""
    call = await twilio.sim.call(phone)
    await call.press("1")
    for _ in range(10):
        if call.gather is not None and asked(call) == "confirm":
            return call
        await call.say(someone.answer(call.last_heard, spoken=True))
    raise AssertionError(call.transcript)


@pytest.mark.parametrize("seed", [1, 6])
async def test_hanging_up_during_the_read_back_on_gather_saves_nothing(
    twilio: TwilioWorld, seed: int
) -> None:
    fields, someone = _person(seed)
    call = await _at_the_read_back(twilio, fields["phone"], someone)
    await call.hang_up()
    assert await twilio.store.list_entries() == []
    await _second_call(twilio, fields, listed=False)
    assert await twilio.store.list_entries() == []


@pytest.mark.parametrize("seed", [2, 7])
async def test_hanging_up_right_after_yes_on_gather_saves_and_texts_nothing(
    twilio: TwilioWorld, seed: int
) -> None:
    fields, someone = _person(seed)
    call = await _at_the_read_back(twilio, fields["phone"], someone)
    await call.say("yes")
    assert "text" in call.last_heard.lower(), call.transcript  # the offer, unanswered
    await call.hang_up()
    await twilio.saved_as_given_and_not_texted(fields)
    [entry] = await twilio.store.list_entries()
    assert entry.confirmation_sms_requested_at is None
    await _second_call(twilio, fields, listed=True)


@pytest.mark.parametrize(("seed", "said_yes"), [(3, False), (4, True)])
async def test_hanging_up_at_the_read_back_on_relay(
    sqlite_url: str, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str], seed: int, said_yes: bool
) -> None:
    fields, someone = _person(seed)
    async with relay_world(sqlite_url, tmp_path, fake_rest) as world:
        call, relay = await relay_call(world, caller=fields["phone"])
        reply = await relay.reply(count=1)
        for _ in range(10):
            if "your name is" in reply.lower():
                break
            reply = await relay.ask(someone.answer(reply, spoken=True))
        if said_yes:
            await relay.say("yes")  # ... and hangs up before the answer
        else:
            await relay.interrupt(reply[: len(reply) // 2], 1500)
        await relay.close()
        await call.hang_up()
        if said_yes:
            for _ in range(100):  # the turn in flight finishes after the hang-up
                if await world.store.list_entries():
                    break
                await asyncio.sleep(0.05)
            await world.saved_as_given_and_not_texted(fields)
        else:
            assert await world.store.list_entries() == []
