"""ConversationRelay calls whose caller hangs up the moment they have said what was needed.

People say "yes, that's right, thanks, bye" at the read-back and hang up before Knotty's answer: the
save their "yes" asked for must still happen. Played through the simulated Twilio and a fake
ConversationRelay client against the real app, with the streaming OpenAI brain on a loopback model
that, like a real one, takes a moment before it asks for the save.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

from knotty.store.models import WaitlistEntry
from tests.channels.conftest import TwilioWorld
from tests.channels.test_relay import GREETING, relay_call, relay_world, streaming_openai
from tests.support.fake_openai import ModelAnswer, text_answer
from tests.support.fake_twilio_rest import FakeTwilioRest
from tests.unit.brains.callers import caller, said_email

LOCALES = ("en_US", "es_MX", "de_DE", "fr_FR", "it_IT", "pt_BR")
GOODBYES = (
    "Yes, that's right, thanks, bye",
    "yes that's all correct bye",
    "Yep, perfect. Thank you, goodbye!",
)


def saving_model(person: dict[str, str]) -> Any:
    """Reads the details back; on the caller's yes, thinks a little, then asks for the save."""

    def answer(request: dict[str, Any]) -> ModelAnswer:
        messages = request["messages"]
        users = [m["content"] for m in messages if m["role"] == "user"]
        if messages[-1]["role"] == "tool":
            return text_answer("You're on the list! Would you like a confirmation text?")
        if not users:
            return text_answer(GREETING)
        if users[-1].lower().startswith("y"):
            return ModelAnswer(tool_calls=[("save_waitlist_entry", person)], delay_s=0.4)
        return text_answer(f"{person['full_name']}, this number, {person['email']}, {person['role']}. Right?")

    return answer


async def saved_entries(world: TwilioWorld, timeout: float = 10.0) -> list[WaitlistEntry]:
    """The waitlist once something is on it (the turn finishes after the socket closed)."""
    async with asyncio.timeout(timeout):
        while True:
            entries = await world.store.list_entries()
            if entries:
                return entries
            await asyncio.sleep(0.05)


@pytest.mark.parametrize("seed", [3, 10, 17])
async def test_a_caller_who_says_yes_and_hangs_up_at_once_is_still_signed_up(
    sqlite_url: str, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str], seed: int
) -> None:
    person = caller(seed, LOCALES)
    async with (
        relay_world(sqlite_url, tmp_path, fake_rest) as world,
        streaming_openai(world, saving_model(person)),
    ):
        _, relay = await relay_call(world, caller=person["phone"])
        await relay.reply(count=1)
        details = (
            f"I'm {person['full_name']}, a {'massage therapist' if person['role'] == 'therapist' else 'client'}."
            f" Use this number. My email is {said_email(person['email'])}."
        )
        assert "Right?" in await relay.ask(details)
        await relay.say(GOODBYES[seed % len(GOODBYES)])
        await asyncio.sleep(0.05)
        await relay.close()  # the caller hangs up before Knotty answers

        [entry] = await saved_entries(world)
        assert (entry.full_name, entry.phone, entry.email, entry.role) == (
            person["full_name"], person["phone"], person["email"], person["role"],
        )  # fmt: skip
