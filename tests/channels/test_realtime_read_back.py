"""A Realtime model saves only what it read back and the caller confirmed, like every other brain.

A speech-to-speech model can call `save_waitlist_entry` the moment it hears the role: every field is
in the caller's words, so the core used to save it, and a misheard value went to the list without
the caller hearing it back. The core refuses such a save, and one made before the caller's yes to the
read-back, with nothing written; the same model reading back and hearing a yes saves. Played through
the simulated Twilio, a fake Media Streams client and a fake Realtime model against the real app.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.channels.test_realtime import Speaker, connected_call, realtime_world, saved_as
from tests.support.fake_twilio_rest import FakeTwilioRest
from tests.unit.brains.callers import caller, said_email, said_phone

LOCALES = ("en_US", "es_ES", "pl_PL", "nl_NL", "sv_SE", "en_IN")


@pytest.mark.parametrize("seed", [3, 8, 15])
async def test_a_realtime_save_needs_the_read_back_and_the_callers_yes(
    sqlite_url: str, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str], seed: int
) -> None:
    person = caller(seed, LOCALES)
    role = "massage therapist" if person["role"] == "therapist" else "I'm a client"
    async with realtime_world(sqlite_url, tmp_path, fake_rest) as (world, fake):
        call, client, model = await connected_call(world, fake)
        says = Speaker(model, client)
        await says("Hi, I'm Knotty from MasseurMatch. What's your full name?")
        await model.hear(f"It's {person['full_name']}.")
        await says("What's the best phone number for you?")
        await model.hear(said_phone(person["phone"]))
        await says("And your email?")
        await model.hear(said_email(person["email"]))
        await says("Are you a massage therapist or a client?")
        await model.hear(role)

        # Saved straight after the role: nothing was read back.
        refused = await model.call_tool("save_waitlist_entry", person)
        assert refused["ok"] is False and "yes" in refused["instruction"], refused
        assert await world.store.list_entries() == []

        # Read back, but saved before the caller said it was right.
        await says(
            f"{person['full_name']}, {person['phone']}, {person['email']}, {person['role']}. Is that right?"
        )
        await model.hear("Hmm, hold on a second.")
        refused = await model.call_tool("save_waitlist_entry", person)
        assert refused["ok"] is False and "yes" in refused["instruction"], refused
        assert await world.store.list_entries() == []

        # The caller's yes to the read-back: saved.
        await model.hear("Yes, that's right.")
        saved = await model.call_tool("save_waitlist_entry", person)
        assert saved["ok"] is True, saved
        await client.stop()

        await saved_as(world, call.sid, person)


async def test_a_field_changed_after_the_read_back_is_read_back_again(
    sqlite_url: str, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str]
) -> None:
    person = {**caller(5, LOCALES), "role": "client"}
    other = caller(6, LOCALES)
    async with realtime_world(sqlite_url, tmp_path, fake_rest) as (world, fake):
        _call, client, model = await connected_call(world, fake, caller=person["phone"])
        says = Speaker(model, client)
        await says.up_to_the_read_back(
            person, f"It's {person['full_name']}.", "This number is fine.", "I'm a client"
        )
        # The caller gives another number at the read-back; the model saves it without reading it back.
        await model.hear(f"No, use {said_phone(other['phone'])}.")
        await says("Got it.")
        await model.hear("Yes.")
        changed = {**person, "phone": other["phone"]}
        refused = await model.call_tool("save_waitlist_entry", changed)
        assert refused["ok"] is False and "read" in refused["instruction"].lower(), refused
        assert await world.store.list_entries() == []

        await says(
            f"So that's {person['full_name']}, {said_phone(other['phone'])}, {person['email']}, client. Right?"
        )
        await model.hear("Yes, that's right.")
        saved = await model.call_tool("save_waitlist_entry", changed)
        assert saved["ok"] is True, saved
        [entry] = await world.store.list_entries()
        assert entry.phone == other["phone"]
        await client.stop()
