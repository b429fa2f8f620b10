"""A Realtime caller's words transcribed after the model's answer to them: a goodbye is judged by them.

Realtime transcribes the caller's audio apart from answering it, so
`conversation.item.input_audio_transcription.completed` may come before or after the response's
events (the SDK's own words). A caller who said "that's all, bye" and whose transcript came after the
model's spoken goodbye had that goodbye refused as one "to a caller who is staying" (the bridge still
judged by their words before): they heard nothing, then silence, the model told off for saying
goodbye. Now a goodbye judged while a turn of the caller's is still untranscribed is held, unheard,
until that transcript comes (or a short wait runs out): a caller leaving hears it whole and the call
ends; a caller staying never hears it. Played through the simulated Twilio, a fake Media Streams client
and a fake Realtime model against the real app, with people from Faker in several locales.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

from channels.realtime.bridge import FAREWELL_WAIT_S
from tests.channels.test_realtime import Speaker, after_stream, connected_call, realtime_world, settled
from tests.support.fake_twilio_rest import FakeTwilioRest
from tests.unit.brains.callers import caller

LOCALES = ("en_US", "es_MX", "de_DE", "fr_FR", "en_GB", "pt_BR", "it_IT", "pl_PL")
BYTES_PER_CHAR = 533
LEAVING = (
    "That's all, bye.",
    "Actually I'm not interested, goodbye.",
    "Never mind, I have to go. Bye bye.",
)
FAREWELLS = (
    "Okay, {first}. Have a great day!",
    "No problem, {first}. Take care, bye!",
    "Alright. Goodbye, {first}!",
)


@pytest.mark.parametrize("case", range(3))
async def test_a_caller_leaving_whose_words_come_after_the_goodbye_hears_it_and_the_call_ends(
    sqlite_url: str, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str], case: int
) -> None:
    person = caller(1540 + case, LOCALES)
    farewell = FAREWELLS[case].format(first=person["full_name"].split()[0])
    async with realtime_world(sqlite_url, tmp_path, fake_rest, KNOTTY_VOICE_SILENCE_S="0.4") as (world, fake):
        call, client, model = await connected_call(world, fake, caller=person["phone"])
        says = Speaker(model, client)
        await says("Hi, I'm Knotty from MasseurMatch. What's your full name?")
        told = len(model.of_type("conversation.item.create"))
        item = await model.hear(None)  # committed; its transcript is still on its way
        _, audio = await model.speak(farewell, bytes_per_char=BYTES_PER_CHAR)
        await asyncio.sleep(0.1)
        await model.transcribe(item, LEAVING[case])
        try:
            await client.wait_closed(timeout=3.0)
        except TimeoutError:
            told_now = [e["item"] for e in model.of_type("conversation.item.create")[told:]]
            pytest.fail(
                f"the caller said {LEAVING[case]!r} and was kept on the line; the model was told {told_now}"
            )
        assert bytes(client.audio_out).endswith(audio), "the goodbye was not heard whole"
        assert (await after_stream(world, call)).find("Hangup") is not None
        conv = await settled(world, call.sid)
        assert conv.status == "abandoned"
        assert await world.store.list_entries() == []
        lines = [(m.role, m.content) for m in await world.store.history(conv.id) if m.content]
        assert lines[-2:] == [("user", LEAVING[case]), ("assistant", farewell)]


@pytest.mark.parametrize("case", range(3))
async def test_a_caller_staying_whose_words_come_after_a_goodbye_never_hears_it(
    sqlite_url: str, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str], case: int
) -> None:
    person = caller(1550 + case, LOCALES)
    first = person["full_name"].split()[0]
    farewell = FAREWELLS[case].format(first=first)
    async with realtime_world(sqlite_url, tmp_path, fake_rest, KNOTTY_VOICE_SILENCE_S="0.4") as (world, fake):
        call, client, model = await connected_call(world, fake, caller=person["phone"])
        says = Speaker(model, client)
        await says("Hi, I'm Knotty from MasseurMatch. What's your full name?")
        said = await _goodbye_refused_for_late_words(
            world, call, client, model, farewell, f"It's {person['full_name']}."
        )
        assert f"It's {person['full_name']}." in said


@pytest.mark.parametrize("case", range(3))
async def test_a_caller_who_said_bye_then_stayed_never_hears_a_goodbye_before_their_words_come(
    sqlite_url: str, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str], case: int
) -> None:
    """The caller said they were leaving, was asked to stay, and gave their name; its transcript comes
    after the model's goodbye. Judged by their words before ("bye"), the goodbye played and the call
    ended on someone signing up; it waits for the words that are still on their way."""
    person = caller(1560 + case, LOCALES)
    first = person["full_name"].split()[0]
    farewell = FAREWELLS[case].format(first=first)
    async with realtime_world(sqlite_url, tmp_path, fake_rest, KNOTTY_VOICE_SILENCE_S="0.4") as (world, fake):
        call, client, model = await connected_call(world, fake, caller=person["phone"])
        says = Speaker(model, client)
        await says("Hi, I'm Knotty from MasseurMatch. What's your full name?")
        await model.hear(LEAVING[case])
        await says("Before you go, it only takes a minute: could I get your full name?")
        await _goodbye_refused_for_late_words(
            world, call, client, model, farewell, f"Oh fine. It's {person['full_name']}."
        )


async def test_a_goodbye_held_for_words_that_never_come_is_stopped_and_the_call_goes_on(
    sqlite_url: str, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str]
) -> None:
    """The caller's turn is never transcribed: the held goodbye is judged by what is known within
    `FAREWELL_WAIT_S` (nothing saved, no leaving heard: stopped), and the model told to carry on."""
    person = caller(1570, LOCALES)
    farewell = FAREWELLS[0].format(first=person["full_name"].split()[0])
    async with realtime_world(sqlite_url, tmp_path, fake_rest) as (world, fake):
        _call, client, model = await connected_call(world, fake, caller=person["phone"])
        says = Speaker(model, client)
        await says("Hi, I'm Knotty from MasseurMatch. What's your full name?")
        told = len(model.of_type("conversation.item.create"))
        await model.hear(None)
        before = len(client.audio_out)
        await model.speak(farewell, bytes_per_char=BYTES_PER_CHAR)
        event = await model.wait_for("conversation.item.create", count=told + 1, timeout=FAREWELL_WAIT_S + 2)
        assert event["item"]["role"] == "system" and "goodbye" in event["item"]["content"][0]["text"]
        heard = len(client.audio_out) - before
        assert heard <= (farewell.index(".") + 1) * BYTES_PER_CHAR, "the goodbye played"
        assert not client.closed.is_set()
        await client.stop()


async def _goodbye_refused_for_late_words(
    world: Any, call: Any, client: Any, model: Any, farewell: str, words: str
) -> list[str]:
    """The model says `farewell` while the caller's `words` are still being transcribed, then they come: the
    goodbye is refused, no more of it than its first sentence heard, the call goes on. The stored lines."""
    told = len(model.of_type("conversation.item.create"))
    item = await model.hear(None)
    before = len(client.audio_out)
    await model.speak(farewell, bytes_per_char=BYTES_PER_CHAR)
    await asyncio.sleep(0.1)
    await model.transcribe(item, words)
    event = await model.wait_for("conversation.item.create", count=told + 1, timeout=3)
    assert event["item"]["role"] == "system" and "goodbye" in event["item"]["content"][0]["text"]
    await asyncio.sleep(0.2)
    heard = len(client.audio_out) - before
    lead = farewell.index(".") + 1 if "." in farewell else 0
    assert heard <= lead * BYTES_PER_CHAR, f"{heard} bytes heard of {farewell!r}: the goodbye played"
    assert not client.closed.is_set(), "the call ended on a goodbye to someone staying"
    await client.stop()
    conv = await settled(world, call.sid)
    said = [m.content for m in await world.store.history(conv.id) if m.content]
    assert farewell not in said
    return said


TRANSCRIPT_WAIT_S = 5.0
"""The journal's wait for a caller's words (`channels.realtime.journal.TRANSCRIPT_WAIT_S`)."""
CARRY_ON = "Sorry, could I get your full name?"


@pytest.mark.parametrize("case", range(3))
async def test_a_caller_leaving_whose_words_come_after_the_goodbye_was_stopped_hears_it_and_the_call_ends(
    sqlite_url: str, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str], case: int
) -> None:
    """The words come after `FAREWELL_WAIT_S` but inside the journal's wait: the goodbye was stopped and
    the model carried on. A caller who said "that's all, bye" then heard the question again, then "are
    you still there?", never a goodbye. Now Knotty stops what it went on with and says goodbye, and the
    call ends after it."""
    person = caller(1580 + case, LOCALES)
    farewell = FAREWELLS[case].format(first=person["full_name"].split()[0])
    async with realtime_world(sqlite_url, tmp_path, fake_rest) as (world, fake):
        call, client, model = await connected_call(world, fake, caller=person["phone"])
        says = Speaker(model, client)
        await says("Hi, I'm Knotty from MasseurMatch. What's your full name?")
        told = len(model.of_type("conversation.item.create"))
        item = await model.hear(None)  # committed; its transcript comes late
        await model.speak(farewell, bytes_per_char=BYTES_PER_CHAR)
        await model.wait_for("conversation.item.create", count=told + 1, timeout=FAREWELL_WAIT_S + 2)
        asked = len(model.of_type("response.create"))
        await model.speak(CARRY_ON, bytes_per_char=BYTES_PER_CHAR)  # the model carries on, as told
        await asyncio.sleep(1.0)  # past FAREWELL_WAIT_S since the hold, inside the journal's wait
        await model.transcribe(item, LEAVING[case])
        try:
            event = await model.wait_for("response.create", count=asked + 1, timeout=TRANSCRIPT_WAIT_S - 3)
        except TimeoutError:
            pytest.fail(f"the caller said {LEAVING[case]!r} and no goodbye was asked for")
        assert farewell in event["response"]["instructions"]
        before = len(client.audio_out)
        _, audio = await model.speak(farewell, bytes_per_char=BYTES_PER_CHAR)
        try:
            await client.wait_closed(timeout=3.0)
        except TimeoutError:
            pytest.fail(f"the caller said {LEAVING[case]!r}, heard the goodbye and was kept on the line")
        assert bytes(client.audio_out[before:]).endswith(audio), "the goodbye was not heard whole"
        assert (await after_stream(world, call)).find("Hangup") is not None
        conv = await settled(world, call.sid)
        assert conv.status == "abandoned"
        assert await world.store.list_entries() == []
        lines = [(m.role, m.content) for m in await world.store.history(conv.id) if m.content]
        assert ("user", LEAVING[case]) in lines and lines[-1] == ("assistant", farewell)


async def test_a_caller_staying_whose_words_come_after_the_goodbye_was_stopped_is_never_told_goodbye(
    sqlite_url: str, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str]
) -> None:
    """The same late words, giving a name: the call goes on, no goodbye is asked for."""
    person = caller(1590, LOCALES)
    farewell = FAREWELLS[0].format(first=person["full_name"].split()[0])
    async with realtime_world(sqlite_url, tmp_path, fake_rest) as (world, fake):
        _call, client, model = await connected_call(world, fake, caller=person["phone"])
        says = Speaker(model, client)
        await says("Hi, I'm Knotty from MasseurMatch. What's your full name?")
        told = len(model.of_type("conversation.item.create"))
        item = await model.hear(None)
        await model.speak(farewell, bytes_per_char=BYTES_PER_CHAR)
        await model.wait_for("conversation.item.create", count=told + 1, timeout=FAREWELL_WAIT_S + 2)
        await model.speak(CARRY_ON, bytes_per_char=BYTES_PER_CHAR)
        asked = len(model.of_type("response.create"))
        await asyncio.sleep(1.0)
        await model.transcribe(item, f"It's {person['full_name']}.")
        await asyncio.sleep(0.5)
        assert not [e for e in model.of_type("response.create")[asked:] if farewell in str(e)], (
            "a goodbye was asked for a caller who is staying"
        )
        assert not client.closed.is_set()
        await client.stop()
