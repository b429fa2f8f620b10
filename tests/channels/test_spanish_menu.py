"""A Spanish speaker on a real line, through the real Twilio routes, on every voice mode.

The recognisers listen in English (`<Gather language="en-US">`, ConversationRelay's `en-US`), so a caller
who spoke Spanish mostly never reached the agent as Spanish, and heard only English in an English voice.
Now the menu (the same `<Gather>` on every voice mode) ends with "Para español, oprima nueve." said by a
Spanish voice; pressing 9 (or saying "español") gets a note in Spanish, in that voice (Knotty can only help
in English for now; the website or a text to this number), then the English menu once more: 1 goes on in
English on the call's own mode, and silence ends the call with a goodbye in Spanish, nothing stored.
People come from Faker's es_ES and es_MX.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.channels.conftest import TwilioWorld
from tests.channels.people import Person
from tests.channels.test_realtime import realtime_world
from tests.channels.test_relay import relay_world
from tests.support.fake_twilio_rest import FakeTwilioRest
from tests.support.twilio_sim import Call
from tests.unit.brains.callers import caller, said_email

_LOCALES = ("es_ES", "es_MX")
_OFFER = "Para español, oprima nueve."
_NOTE = "solo puedo ayudarle en inglés"
_SPANISH_VOICE = ("es-MX", "Polly.Mia")


def _in_spanish(call: Call, words: str) -> list[tuple[str, str]]:
    """The voices that said a line containing `words`."""
    return [voice for line, voice in zip(call.heard, call.voices, strict=True) if words in line]


async def _pressed_nine(call: Call) -> None:
    assert _in_spanish(call, _OFFER) == [_SPANISH_VOICE], list(zip(call.heard, call.voices, strict=True))
    assert all(
        voice[0] == "en-US" for line, voice in zip(call.heard, call.voices, strict=True) if _OFFER not in line
    )
    await call.press("9")
    assert _in_spanish(call, _NOTE) == [_SPANISH_VOICE], call.transcript
    assert "press 1" in call.last_heard and call.voices[-1][0] == "en-US", call.transcript
    assert call.waiting and call.connect is None, call.transcript


@pytest.mark.parametrize("seed", [2, 9])
async def test_nine_on_gather_gets_the_note_in_a_spanish_voice_then_signs_up_in_english(
    twilio: TwilioWorld, seed: int
) -> None:
    person = caller(seed, _LOCALES)
    call = await twilio.sim.call(person["phone"])
    await _pressed_nine(call)
    await call.press("1")
    someone = Person(person["full_name"], person["email"], said_email(person["email"]), person["role"])
    someone.wants_text = False
    for _ in range(10):
        if call.ended:
            break
        await call.say(someone.answer(call.last_heard, spoken=True))
    await twilio.saved_as_given_and_not_texted(person)


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
@pytest.mark.parametrize("said", ["español", "Spanish please", "espanol"])
async def test_saying_spanish_at_the_menu_then_nothing_ends_in_spanish_with_nothing_stored(
    twilio: TwilioWorld, said: str
) -> None:
    call = await twilio.sim.call(caller(3, _LOCALES)["phone"])
    await call.say(said)
    assert _in_spanish(call, _NOTE) == [_SPANISH_VOICE], call.transcript
    await call.stay_silent()
    assert call.ended_by == "hangup", call.transcript
    assert "Adiós" in call.last_heard and call.voices[-1] == _SPANISH_VOICE, call.transcript
    assert await twilio.store.list_entries() == []
    assert await twilio.store.latest_conversation("voice", call.sid) is None


async def test_nine_then_one_on_conversation_relay_goes_on_in_english_on_the_relay(
    sqlite_url: str, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str]
) -> None:
    async with relay_world(sqlite_url, tmp_path, fake_rest) as world:
        call = await world.sim.call(caller(4, _LOCALES)["phone"])
        await _pressed_nine(call)
        await call.press("1")
        assert call.connect is not None and call.connect.find("ConversationRelay") is not None, (
            call.transcript
        )


async def test_nine_then_one_on_realtime_goes_on_in_english_on_the_stream(
    sqlite_url: str, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str]
) -> None:
    async with realtime_world(sqlite_url, tmp_path, fake_rest) as (world, _):
        call = await world.sim.call(caller(7, _LOCALES)["phone"])
        await _pressed_nine(call)
        await call.press("1")
        assert call.connect is not None and call.connect.find("Stream") is not None, call.transcript
