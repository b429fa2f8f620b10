"""The last words of a Realtime line are marked when they play, so Knotty knows it finished speaking.

The reply guard holds a line's last words (after its last pause) until the whole transcript is in,
and Realtime sends `response.output_audio.done` before `response.output_audio_transcript.done`. The
end-of-item mark went out at the audio's end, before that tail was let out; the tail (any audio after
the last 100 ms mark) was never marked, so the bridge believed Knotty was still speaking: a caller who
then said nothing was never asked "Are you still there?", and a goodbye with `end_conversation` hung up
only after the 20 s safety timeout. Lines of every length (the tests elsewhere speak whole 100 ms
blocks, which hid it), spoken the way Realtime streams them: words, then their audio. Played through
the simulated Twilio, a fake Media Streams client and a fake Realtime model against the real app.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from tests.channels.test_realtime import after_stream, connected_call, realtime_world
from tests.channels.test_realtime_silence import next_response_asked
from tests.support.fake_twilio_rest import FakeTwilioRest
from tests.unit.brains.callers import caller

LOCALES = ("en_US", "es_MX", "de_DE", "fr_FR", "en_GB", "pt_BR", "it_IT")
IDLE = {"KNOTTY_VOICE_SILENCE_S": "0.3"}


@pytest.mark.parametrize("case", range(6))
async def test_a_caller_silent_after_a_line_of_any_length_is_asked_if_still_there(
    sqlite_url: str, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str], case: int
) -> None:
    person = caller(600 + case, LOCALES)
    first = person["full_name"].split()[0]
    line = (
        f"Thanks, {first}! What's the best phone number for you?",
        "Got it. And what's your email address?",
        f"Nice to meet you, {first}. Are you a massage therapist, or a client looking for one?",
    )[case % 3]
    async with realtime_world(sqlite_url, tmp_path, fake_rest, **IDLE) as (world, fake):
        _call, client, model = await connected_call(world, fake, caller=person["phone"])
        await model.speak(
            f"Hi, I'm Knotty from MasseurMatch. What's your full name, {first}?", bytes_per_char=531 + case
        )
        asked = await next_response_asked(model, 2)
        assert "Are you still there?" in asked, asked
        await model.hear(f"It's {person['full_name']}.")
        await model.speak(line, bytes_per_char=527 + case)
        asked = await next_response_asked(model, 3)
        assert "Are you still there?" in asked, asked
        await client.stop()


@pytest.mark.parametrize("case", range(3))
async def test_a_goodbye_with_end_conversation_hangs_up_once_it_has_played(
    sqlite_url: str, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str], case: int
) -> None:
    person = caller(610 + case, LOCALES)
    async with realtime_world(sqlite_url, tmp_path, fake_rest) as (world, fake):
        call, client, model = await connected_call(world, fake, caller=person["phone"])
        await model.speak(
            "Hi, I'm Knotty from MasseurMatch. What's your full name?", bytes_per_char=529 + case
        )
        await model.hear("Actually, I don't want to sign up. Bye.")
        await asyncio.sleep(0.1)
        await model.speak("Okay, no problem.", bytes_per_char=523 + case)
        assert (await model.call_tool("end_conversation", {}))["ok"] is True
        await client.wait_closed(timeout=3.0)
        assert (await after_stream(world, call)).find("Hangup") is not None
