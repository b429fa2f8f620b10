"""A Realtime model's goodbye said in words, without `end_conversation`: the call ends when it should,
and a goodbye to a caller who is staying is never heard.

The model says "You're on the list, Ana! Have a great day." after the save and calls no tool: the
caller heard the goodbye, then silence, then "Are you still there?" and another goodbye, because only
`end_conversation` ended the stream. Every text channel ends the conversation on such a farewell
(`Agent._answer`, `reply_guard.says_goodbye`) when the tool would have been allowed: a save is done, or
the caller said they are leaving. The bridge now does the same once the goodbye has played. Said to a
caller who is staying with nothing saved, the farewell's audio is held (the clean words before it
play) until the item asks something or its transcript is whole, and then stopped unheard, the model
told why, as every other reply-guard verdict. A farewell word in a line that asks something plays as
said.

Played through the simulated Twilio, a fake Media Streams client and a fake Realtime model speaking
the GA protocol against the real app, with people from Faker in several locales.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

from tests.channels.test_realtime import Speaker, after_stream, connected_call, realtime_world, settled
from tests.channels.test_realtime_dropped_after_save import saved_by_the_model
from tests.support.fake_twilio_rest import FakeTwilioRest
from tests.unit.brains.callers import caller

LOCALES = ("en_US", "es_MX", "de_DE", "fr_FR", "en_GB", "pt_BR", "it_IT", "pl_PL")
IDLE = {"KNOTTY_VOICE_SILENCE_S": "0.4"}
BYTES_PER_CHAR = 533
FAREWELLS = (
    "Have a great day.",
    "Take care, and goodbye!",
    "Bye for now.",
    "¡Adiós, que tengas un buen día!",
    "Talk to you soon.",
    "Enjoy the rest of your day!",
)


def _told(event: dict[str, Any]) -> str:
    return str((event.get("response") or {}).get("instructions") or "")


@pytest.mark.parametrize("case", range(4))
async def test_a_goodbye_in_words_after_the_save_ends_the_call_once_it_has_played(
    sqlite_url: str, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str], case: int
) -> None:
    person = caller(500 + case, LOCALES)
    farewell = f"You're on the list, {person['full_name'].split()[0]}! {FAREWELLS[case]}"
    async with realtime_world(sqlite_url, tmp_path, fake_rest, **IDLE) as (world, fake):
        call, client, model = await saved_by_the_model(world, fake, person)
        asked = len(model.of_type("response.create"))
        await model.speak(farewell, bytes_per_char=BYTES_PER_CHAR)
        try:
            await client.wait_closed(timeout=3.0)
        except TimeoutError:
            still_there = [_told(e) for e in model.of_type("response.create")[asked:]]
            pytest.fail(f"the goodbye played and the call went on; then Knotty was told: {still_there}")
        assert not any("still there" in _told(e).lower() for e in model.of_type("response.create"))
        assert (await after_stream(world, call)).find("Hangup") is not None
        conv = await settled(world, call.sid)
        assert conv.status == "completed" and conv.entry_id is not None
        said = [m.content for m in await world.store.history(conv.id) if m.role == "assistant" and m.content]
        assert said[-1] == farewell


@pytest.mark.parametrize("case", range(3))
async def test_a_goodbye_to_a_caller_who_said_they_are_leaving_ends_the_call(
    sqlite_url: str, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str], case: int
) -> None:
    person = caller(510 + case, LOCALES)
    farewell = f"No problem, {person['full_name'].split()[0]}. {FAREWELLS[case + 3]}"
    async with realtime_world(sqlite_url, tmp_path, fake_rest, **IDLE) as (world, fake):
        call, client, model = await connected_call(world, fake, caller=person["phone"])
        says = Speaker(model, client)
        await says("Hi, I'm Knotty from MasseurMatch. What's your full name?")
        await model.hear("Actually, never mind, I'm not interested. Bye.")
        await asyncio.sleep(0.1)
        _, audio = await model.speak(farewell, bytes_per_char=BYTES_PER_CHAR)
        await client.wait_closed(timeout=3.0)
        assert bytes(client.audio_out).endswith(audio), "the goodbye was heard whole"
        assert (await after_stream(world, call)).find("Hangup") is not None
        conv = await settled(world, call.sid)
        assert conv.status == "abandoned"
        assert await world.store.list_entries() == []


@pytest.mark.parametrize("case", range(6))
async def test_a_goodbye_to_a_caller_who_is_staying_is_never_heard(
    sqlite_url: str, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str], case: int
) -> None:
    person = caller(520 + case, LOCALES)
    first = person["full_name"].split()[0]
    lead = f"Okay, thank you, {first}. "
    line = lead + FAREWELLS[case]
    async with realtime_world(sqlite_url, tmp_path, fake_rest, **IDLE) as (world, fake):
        call, client, model = await connected_call(world, fake, caller=person["phone"])
        says = Speaker(model, client)
        await says("Hi, I'm Knotty from MasseurMatch. What's your full name?")
        await model.hear(f"It's {person['full_name']}.")
        await asyncio.sleep(0.1)
        before, told = len(client.audio_out), len(model.of_type("conversation.item.create"))
        await model.speak(line, bytes_per_char=BYTES_PER_CHAR)
        await asyncio.sleep(0.3)
        heard = len(client.audio_out) - before
        assert heard <= len(lead) * BYTES_PER_CHAR, f"{heard} bytes heard of {line!r}: the goodbye played"
        assert not client.closed.is_set(), "the call ended on a goodbye to someone staying"
        event = await model.wait_for("conversation.item.create", count=told + 1, timeout=3)
        assert event["item"]["role"] == "system" and "goodbye" in event["item"]["content"][0]["text"]
        await client.stop()
        conv = await settled(world, call.sid)
        said = [m.content for m in await world.store.history(conv.id) if m.role == "assistant" and m.content]
        assert line not in said, "a goodbye nobody heard was stored as said"
        assert await world.store.list_entries() == []


@pytest.mark.parametrize("case", range(3))
async def test_a_farewell_word_in_a_line_that_asks_something_plays_whole(
    sqlite_url: str, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str], case: int
) -> None:
    person = caller(530 + case, LOCALES)
    first = person["full_name"].split()[0]
    line = (
        f"Thanks, {first}. Before we say goodbye, what's the best phone number for you?",
        f"Take care with the spelling, {first}: what's your email address?",
        f"No need to say bye yet, {first}! Are you a massage therapist or a client?",
    )[case]
    async with realtime_world(sqlite_url, tmp_path, fake_rest, **IDLE) as (world, fake):
        _call, client, model = await connected_call(world, fake, caller=person["phone"])
        says = Speaker(model, client)
        await says("Hi, I'm Knotty from MasseurMatch. What's your full name?")
        await model.hear(f"It's {person['full_name']}.")
        before = len(client.audio_out)
        _, audio = await model.speak(line, bytes_per_char=BYTES_PER_CHAR)
        played = await client.wait_for_audio(before + len(audio))
        assert played[before:] == audio, line
        assert not client.closed.is_set()
        await client.stop()
