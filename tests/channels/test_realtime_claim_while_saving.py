"""A Realtime model that says "you're on the list" while the save is still being written is not heard.

The core plans the entry (the conversation's state holds its id) and then writes it with the
conversation; the write can wait (another process holds the database's lock, PostgreSQL fails over)
and then fail. Meanwhile the model speaks on its own: the caller said "hello?" and server VAD started a
response, or a weak model claims success in the same breath as the call. The reply guard read the
planned state, let "You're all signed up!" through, and the write then failed: the caller was told
something the database does not say. The guard now reads what is stored until the write is done. A
claim after the write succeeded plays as before.

Played through the simulated Twilio, a fake Media Streams client and a fake Realtime model against the
real app on PostgreSQL, whose entry insert takes a second and then fails (a trigger), as a lock wait or
a fail-over would. (On SQLite the write runs on the event loop, so nothing is spoken meanwhile.)
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from channels.realtime.journal import STORAGE_ERROR
from tests.channels.failing_writes import pg_url, refuse_entries_slowly
from tests.channels.test_realtime import Speaker, connected_call, realtime_world
from tests.support.fake_twilio_rest import FakeTwilioRest
from tests.unit.brains.callers import caller

__all__ = ["pg_url"]  # the fixture, used by name

LOCALES = ("en_US", "es_MX", "de_DE", "fr_FR", "en_GB", "pt_BR", "it_IT")
BYTES_PER_CHAR = 533
CLAIMS = (
    "You're all signed up, {first}!",
    "You're on the list, {first}. Would you like a confirmation text?",
    "Great news, {first}, you're all set.",
)


@pytest.mark.parametrize("case", range(3))
async def test_a_claim_spoken_while_the_save_is_written_and_then_fails_is_never_heard(
    pg_url: str, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str], case: int
) -> None:
    person = caller(700 + case, LOCALES)
    first = person["full_name"].split()[0]
    claim = CLAIMS[case].format(first=first)
    async with realtime_world(pg_url, tmp_path, fake_rest) as (world, fake):
        _call, client, model = await connected_call(world, fake, caller=person["phone"])
        says = Speaker(model, client)
        role = "massage therapist" if person["role"] == "therapist" else "I'm a client"
        await says.up_to_the_read_back(person, f"It's {person['full_name']}.", "this number", role)
        await model.hear("Yes, that's right.")
        await refuse_entries_slowly(world, 1.0)  # the entry's write takes a second, then fails

        saving = asyncio.create_task(model.call_tool("save_waitlist_entry", {**person}))
        await asyncio.sleep(0.4)  # the entry is planned; its write is under way
        assert not saving.done()
        await model.hear("Hello?")
        before = len(client.audio_out)
        await model.speak(claim, bytes_per_char=BYTES_PER_CHAR)
        await asyncio.sleep(0.2)
        heard = bytes(client.audio_out[before:])
        assert await saving == STORAGE_ERROR
        assert await world.store.list_entries() == []
        clean = claim.lower().find("you're")
        assert len(heard) <= clean * BYTES_PER_CHAR, (
            f"{len(heard)} bytes of {claim!r} heard while nothing was saved"
        )
        await client.stop()


@pytest.mark.parametrize("case", range(2))
async def test_a_claim_after_the_save_is_written_plays(
    sqlite_url: str, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str], case: int
) -> None:
    person = caller(710 + case, LOCALES)
    claim = CLAIMS[case].format(first=person["full_name"].split()[0])
    async with realtime_world(sqlite_url, tmp_path, fake_rest) as (world, fake):
        _call, client, model = await connected_call(world, fake, caller=person["phone"])
        says = Speaker(model, client)
        role = "massage therapist" if person["role"] == "therapist" else "I'm a client"
        await says.up_to_the_read_back(person, f"It's {person['full_name']}.", "this number", role)
        await model.hear("Yes, that's right.")
        assert (await model.call_tool("save_waitlist_entry", {**person}))["ok"] is True
        before = len(client.audio_out)
        _, audio = await model.speak(claim, bytes_per_char=BYTES_PER_CHAR)
        played = await client.wait_for_audio(before + len(audio))
        assert played[before:] == audio
        await client.stop()
