"""A Realtime call whose caller says nothing: asked again, then a polite goodbye, as on `<Gather>`.

Server VAD answers speech; a caller who says nothing (walked away, can't hear, phone in a pocket)
gave it nothing to answer, so Knotty waited in silence until Twilio ended the call, and a response
in which the model said nothing left the line just as dead. Now, once Knotty's words have played
(the last mark echoed) and `KNOTTY_VOICE_SILENCE_S` pass, the model is asked for "Are you still
there?" and its question again; the second silence in a row ends the call with a goodbye that says
truthfully whether the details are saved. Played through the simulated Twilio, a fake Media Streams
client and a fake Realtime model against the real app, with people from Faker in several locales.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

from channels import wording
from tests.channels.test_realtime import Speaker, after_stream, connected_call, realtime_world, settled
from tests.support.fake_realtime import RealtimeSession
from tests.support.fake_twilio_rest import FakeTwilioRest
from tests.unit.brains.callers import caller

LOCALES = ("en_US", "es_MX", "de_DE", "fr_FR", "en_GB", "pt_BR", "it_IT")
IDLE = {"KNOTTY_VOICE_SILENCE_S": "0.3"}
WAIT_S = 4.0


def told(event: dict[str, Any]) -> str:
    """What a `response.create` told the model to do ("" for a plain one)."""
    return str((event.get("response") or {}).get("instructions") or "")


async def next_response_asked(model: RealtimeSession, count: int) -> str:
    """The `count`-th `response.create` Knotty sent (the greeting's is the first), as instructions."""
    event = await model.wait_for("response.create", count=count, timeout=WAIT_S)
    assert (event.get("response") or {}).get("tool_choice") == "none", event
    return told(event)


async def test_a_caller_who_never_speaks_is_asked_again_then_hears_goodbye_and_the_call_ends(
    sqlite_url: str, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str]
) -> None:
    async with realtime_world(sqlite_url, tmp_path, fake_rest, **IDLE) as (world, fake):
        call, client, model = await connected_call(world, fake)
        says = Speaker(model, client)
        await says("Hi, I'm Knotty from MasseurMatch. What's your full name?")
        assert "Are you still there?" in await next_response_asked(model, 2)
        await says("Are you still there? May I have your full name?")
        goodbye = await next_response_asked(model, 3)
        assert wording.STREAM_SILENT_GOODBYE in goodbye, goodbye
        await says(wording.STREAM_SILENT_GOODBYE)
        await client.wait_closed(timeout=WAIT_S)  # Knotty hangs up once its goodbye has played

        assert (await after_stream(world, call)).find("Hangup") is not None
        conv = await settled(world, call.sid)
        assert conv.status == "abandoned"
        assert await world.store.list_entries() == []
        said = [m.content for m in await world.store.history(conv.id) if m.role == "assistant" and m.content]
        assert said[-1] == wording.STREAM_SILENT_GOODBYE


@pytest.mark.parametrize("seed", [3, 10])
async def test_silent_after_the_save_the_goodbye_says_the_details_are_saved_and_no_text_is_sent(
    sqlite_url: str, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str], seed: int
) -> None:
    person = caller(seed, LOCALES)
    async with realtime_world(sqlite_url, tmp_path, fake_rest, **IDLE) as (world, fake):
        call, client, model = await connected_call(world, fake, caller=person["phone"])
        says = Speaker(model, client)
        role = "massage therapist" if person["role"] == "therapist" else "I'm a client"
        await says.up_to_the_read_back(person, f"It's {person['full_name']}.", "this number", role)
        await model.hear("Yes, that's right.")
        assert (await model.call_tool("save_waitlist_entry", {**person}))["ok"] is True
        asked = len(model.of_type("response.create"))
        await says("You're on the list! Would you like a confirmation text?")
        assert "Are you still there?" in await next_response_asked(model, asked + 1)
        await says("Are you still there? Would you like a confirmation text?")
        goodbye = await next_response_asked(model, asked + 2)
        assert wording.STREAM_SILENT_GOODBYE_SAVED in goodbye, goodbye
        await says(wording.STREAM_SILENT_GOODBYE_SAVED)
        await client.wait_closed(timeout=WAIT_S)

        conv = await settled(world, call.sid)
        assert conv.status == "completed"
        await world.saved_as_given_and_not_texted(person)


@pytest.mark.parametrize("seed", [6])
async def test_speaking_resets_the_count_and_nothing_is_asked_while_knotty_is_still_heard(
    sqlite_url: str, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str], seed: int
) -> None:
    person = caller(seed, LOCALES)
    async with realtime_world(sqlite_url, tmp_path, fake_rest, **IDLE) as (world, fake):
        call, client, model = await connected_call(world, fake, caller=person["phone"], autoplay=False)
        await model.say(b"\x7f" * 8000, "Hi, I'm Knotty from MasseurMatch. What's your full name?")
        await asyncio.sleep(1.0)  # a second of Knotty's words still queued at Twilio, unheard
        assert len(model.of_type("response.create")) == 1, "asked again while Knotty was still speaking"
        client.autoplay = True
        await client.play(1000)  # …now it has played
        assert "Are you still there?" in await next_response_asked(model, 2)

        says = Speaker(model, client)
        await says("Are you still there? May I have your full name?")
        await model.hear(f"It's {person['full_name']}.")
        await says("Thanks! What's the best phone number for you?")
        again = await next_response_asked(model, 3)
        assert "Are you still there?" in again, "one silence after an answer is not two in a row"
        await says("Are you still there? What's the best phone number for you?")
        await model.hear("this number")
        assert not client.closed.is_set()
        await client.stop()
        conv = await settled(world, call.sid)
        assert conv.status == "abandoned" and await world.store.list_entries() == []


async def test_a_response_in_which_the_model_says_nothing_is_followed_by_a_re_ask(
    sqlite_url: str, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str]
) -> None:
    async with realtime_world(sqlite_url, tmp_path, fake_rest, **IDLE) as (world, fake):
        _, client, model = await connected_call(world, fake)
        await model.send(
            {"type": "response.created", "response": {"id": "resp_quiet", "status": "in_progress"}}
        )
        await model.send({"type": "response.done", "response": {"id": "resp_quiet", "status": "completed"}})
        assert "Are you still there?" in await next_response_asked(model, 2)
        await client.stop()
