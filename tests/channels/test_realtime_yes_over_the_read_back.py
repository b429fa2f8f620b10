"""A Realtime caller who says "yes" over the read-back confirms only the details they heard.

The caller hears their name, cuts in with "yes" (barge-in: Twilio's queue is cleared, the item truncated
where they stopped hearing it), and the model saves. The stored line of Knotty's was the model's whole
transcript of the read-back, so the save's read-back check found all four details read and the yes
after them: the email and role the caller never heard were saved. A line cut by the caller now counts,
for the tools, as the share of its words its heard audio covers (rounded down), as the relay and Gather
lines cut a read-back to what was heard; the model is told to read all four back, and a yes after the
whole read-back saves.

Played through the simulated Twilio (its playback queue and marks), a fake Media Streams client and a
fake Realtime model against the real app, with people from Faker in several locales.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from tests.channels.test_realtime import Speaker, connected_call, noise, realtime_world
from tests.support.fake_twilio_rest import FakeTwilioRest
from tests.unit.brains.callers import caller, said_email

LOCALES = ("en_US", "es_MX", "de_DE", "fr_FR", "en_GB", "pt_BR", "it_IT", "pl_PL")
READ_BACK_MS = 4000


@pytest.mark.parametrize("case", range(5))
async def test_a_yes_over_the_read_back_confirms_only_what_was_heard(
    sqlite_url: str, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str], case: int
) -> None:
    person = caller(900 + case, LOCALES)
    read_back = f"{person['full_name']}, this number, {person['email']}, a {person['role']}. Is that right?"
    async with realtime_world(sqlite_url, tmp_path, fake_rest) as (world, fake):
        _call, client, model = await connected_call(world, fake, caller=person["phone"])
        says = Speaker(model, client)
        await says("Hi, I'm Knotty from MasseurMatch. What's your full name?")
        await model.hear(f"It's {person['full_name']}.")
        await says("What's the best phone number for you?")
        await model.hear("this number")
        await says("And your email?")
        await model.hear(said_email(person["email"]))
        await says("Are you a massage therapist or a client?")
        await model.hear("a massage therapist" if person["role"] == "therapist" else "I'm a client")

        client.autoplay = False
        await model.say(noise(READ_BACK_MS * 8), read_back)
        await asyncio.sleep(0.1)
        await client.play(300 + 200 * case)  # the name, at most: far from the email and the role
        await asyncio.sleep(0.1)
        await model.hear("Yes.")  # said over the rest
        client.autoplay = True
        await asyncio.sleep(0.2)
        refused = await model.call_tool("save_waitlist_entry", {**person})
        assert refused["ok"] is False, f"saved on a yes said after {300 + 200 * case} ms of the read-back"
        assert await world.store.list_entries() == []

        await says(read_back, ms=READ_BACK_MS)  # read back again, heard whole
        await model.hear("Yes, that's right.")
        saved = await model.call_tool("save_waitlist_entry", {**person})
        assert saved["ok"] is True, saved
        [entry] = await world.store.list_entries()
        assert (entry.full_name, entry.email, entry.role) == (
            person["full_name"],
            person["email"],
            person["role"],
        )
        await client.stop()
