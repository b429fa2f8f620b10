"""ConversationRelay on a noisy line: a final prompt with no words is noise, never silence.

Twilio sends no `prompt` at all while the caller is silent; a final prompt whose `voicePrompt` is
empty or blank is the recogniser hearing sound it could not make words of (traffic, a crackling
line). Counted as silence, two of them ended the call ("I can't seem to hear you… Goodbye!") and lost
what the caller had given. Played through the simulated Twilio and a fake ConversationRelay client
against the real app, with people from Faker in several locales.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from channels import wording
from tests.channels.people import Person
from tests.channels.test_relay import relay_call, relay_world
from tests.support.fake_twilio_rest import FakeTwilioRest
from tests.unit.brains.callers import caller, said_email

LOCALES = ("en_US", "es_MX", "de_DE", "fr_FR", "en_GB", "pt_BR")
NOISE = ("", " ", "  \n", "\t")
"""What the recogniser hands over for a burst of noise: nothing, or only blanks."""


@pytest.mark.parametrize("seed", [2, 9, 21])
async def test_noise_between_every_answer_gets_a_re_ask_and_the_signup_goes_through(
    sqlite_url: str, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str], seed: int
) -> None:
    person = caller(seed, LOCALES)
    someone = Person(person["full_name"], person["email"], said_email(person["email"]), person["role"])
    async with relay_world(sqlite_url, tmp_path, fake_rest) as world:
        _, relay = await relay_call(world, caller=person["phone"])
        reply = await relay.reply(count=1)
        for turn in range(14):
            if relay.ended is not None:
                break
            # Three bursts of noise before every answer, the read-back's included.
            for burst in range(3):
                asked_again = await relay.ask(NOISE[(turn + burst) % len(NOISE)])
                assert relay.ended is None, f"the call ended on line noise: {asked_again!r}"
                assert asked_again.startswith(wording.VOICE_NOISE), asked_again
                assert asked_again.endswith(reply), (asked_again, reply)  # what it had asked, again
            reply = await relay.ask(someone.answer(reply, spoken=True))
        await relay.wait_end()
        await relay.close()

        [entry] = await world.store.list_entries()
        assert (entry.full_name, entry.phone, entry.email, entry.role) == (
            person["full_name"], person["phone"], person["email"], person["role"],
        )  # fmt: skip
        conv = await world.store.latest_conversation("voice", relay.call_sid)
        assert conv is not None and conv.status == "completed" and conv.entry_id == entry.id
        said = [m.content for m in await world.store.history(conv.id) if m.role == "user"]
        assert all(line.strip() for line in said), "noise is not stored as something the caller said"


async def test_noise_while_a_reply_is_under_way_is_not_answered_twice(
    sqlite_url: str, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str]
) -> None:
    person = caller(5, LOCALES)
    async with relay_world(sqlite_url, tmp_path, fake_rest) as world:
        _, relay = await relay_call(world, caller=person["phone"])
        await relay.reply(count=1)
        await relay.say(person["full_name"])
        await relay.say(" ")  # noise right behind the answer: its reply is the one to hear
        reply = await relay.reply(count=2)
        await asyncio.sleep(0.3)
        assert len(relay.replies) == 2 and not reply.startswith(wording.VOICE_NOISE), relay.replies
        await relay.close()
