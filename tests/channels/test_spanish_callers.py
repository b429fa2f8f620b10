"""A caller speaking Spanish, through the real Twilio routes: Gather webhooks, ConversationRelay and a text.

They had heard only English, the same question again and again, until Knotty gave up in English. Now they
are told once, in Spanish, that Knotty can only help in English for now and how else to join; a caller who
then goes on in English is signed up with exactly what they said, and one who stays in Spanish hears goodbye
in Spanish with nothing saved. People come from Faker's es_ES and es_MX (see the unit tests in
`tests/unit/brains/test_scripted_spanish_callers.py` for the brain's rules).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from knotty.languages import SPANISH_NOTE_SPOKEN
from tests.channels.conftest import TwilioWorld
from tests.channels.people import Person
from tests.channels.test_realtime import connected_call, realtime_world
from tests.channels.test_relay import relay_call, relay_world
from tests.channels.test_relay_silence import answer_to_the_end
from tests.support.fake_twilio_rest import FakeTwilioRest
from tests.unit.brains.callers import caller, said_email

_NOTE = "por ahora solo puedo ayudarle en inglés"
_LOCALES = ("es_ES", "es_MX")
_SPANISH_VOICE = ("es-MX", "Polly.Mia")


@pytest.mark.parametrize("seed", [3, 8])
async def test_a_spanish_caller_on_gather_is_told_in_spanish_then_signed_up_in_english(
    twilio: TwilioWorld, seed: int
) -> None:
    person = caller(seed, _LOCALES)
    call = await twilio.sim.call(person["phone"])
    await call.press("1")
    said = await call.say("hola, quiero registrarme, no hablo mucho inglés")
    told = " ".join(said)
    assert _NOTE in told and "mensaje de texto" in told and "name" in told.lower(), told
    # The note in a Spanish voice (an English one reading Spanish is hard to follow), the question in English.
    voices = call.voices[len(call.heard) - len(said) :]
    assert [voice for line, voice in zip(said, voices, strict=True) if _NOTE in line] == [_SPANISH_VOICE], (
        said
    )
    assert "name" in said[-1].lower() and voices[-1][0] == "en-US", said
    someone = Person(person["full_name"], person["email"], said_email(person["email"]), person["role"])
    someone.wants_text = False
    for _ in range(8):
        if call.ended_by is not None:
            break
        await call.say(someone.answer(call.last_heard, spoken=True))
    await twilio.saved_as_given_and_not_texted(person)
    assert sum(_NOTE in line for line in call.heard) == 1, call.heard


async def test_a_spanish_caller_who_stays_in_spanish_on_gather_hears_goodbye_in_spanish(
    twilio: TwilioWorld,
) -> None:
    person = caller(5, _LOCALES)
    call = await twilio.sim.call(person["phone"])
    await call.press("1")
    for said in ("hola buenos días", "no entiendo", "no hablo inglés", "¿qué?", "por favor", "perdón"):
        if call.ended_by is not None:
            break
        await call.say(said)
    assert call.ended_by is not None, call.heard
    assert "adiós" in call.heard[-1] or "adiós" in call.heard[-2], call.heard
    assert all(
        voice == _SPANISH_VOICE
        for line, voice in zip(call.heard, call.voices, strict=True)
        if "adiós" in line
    )
    assert sum(_NOTE in line for line in call.heard) == 1, call.heard
    assert await twilio.store.list_entries() == []


@pytest.mark.parametrize("seed", [4, 11])
async def test_a_spanish_caller_on_conversation_relay_is_told_in_spanish_then_signed_up(
    sqlite_url: str, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str], seed: int
) -> None:
    person = caller(seed, _LOCALES)
    someone = Person(person["full_name"], person["email"], said_email(person["email"]), person["role"])
    someone.wants_text = False
    async with relay_world(sqlite_url, tmp_path, fake_rest) as world:
        _, relay = await relay_call(world, caller=person["phone"])
        await relay.reply(count=1)
        told = await relay.ask("hola, buenas tardes, ¿habla español?")
        assert _NOTE in told and "name" in told.lower(), told
        await answer_to_the_end(relay, someone, told)
        await world.saved_as_given_and_not_texted(person)


@pytest.mark.parametrize("seed", [2, 9, 13])
async def test_on_conversation_relay_the_spanish_note_is_spoken_in_spanish_and_the_question_in_english(
    sqlite_url: str, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str], seed: int
) -> None:
    """ConversationRelay had been sent the whole reply for its English voice to read, the Spanish note
    included. Each run now goes out with its `lang`, declared in the TwiML; so does the note said again
    after line noise."""
    person = caller(seed, _LOCALES)
    async with relay_world(sqlite_url, tmp_path, fake_rest) as world:
        call, relay = await relay_call(world, caller=person["phone"])
        assert call.connect is not None
        [declared] = call.connect.iter("ConversationRelay")
        assert declared.get("language") == "en-US"
        assert [lang.get("code") for lang in declared.iter("Language")] == ["es-MX"]
        await relay.reply(count=1)
        for said in ("hola, ¿habla español?", ""):  # then line noise: the note and question said again
            before = len(relay.spoken)
            if said:
                told = await relay.ask(said)
            else:
                await relay.say(said)
                told = await relay.reply()
            assert _NOTE in told and "name" in told.lower(), told
            spoken = relay.spoken[before:]
            assert [lang for lang, token in spoken if _NOTE in token] == ["es-MX"], spoken
            assert all(lang == "en-US" for lang, token in spoken if _NOTE not in token), spoken
            assert "name" in spoken[-1][1].lower(), spoken
        assert relay.errors == []
        await relay.close()


async def test_the_realtime_model_is_told_the_spanish_note_and_hears_spanish(
    sqlite_url: str, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str]
) -> None:
    """On Realtime the model speaks, in a voice that speaks Spanish: it had never been told that Knotty
    helps in English only, nor the note, so a Spanish caller got whatever the model made up. It is now
    told the offline brain's words and when to say them; its transcription is not pinned to English."""
    person = caller(6, _LOCALES)
    async with realtime_world(sqlite_url, tmp_path, fake_rest) as (world, fake):
        _, client, model = await connected_call(world, fake, caller=person["phone"])
        session = (await model.wait_for("session.update"))["session"]
        assert "language" not in session["audio"]["input"]["transcription"]
        [note] = [e for e in model.of_type("conversation.item.create") if e["item"].get("role") == "system"]
        told = note["item"]["content"][0]["text"]
        assert f'in Spanish, with a Spanish accent: "{SPANISH_NOTE_SPOKEN}"' in told, told
        assert "question again, in English" in told, told
        await client.stop()


async def test_a_spanish_text_is_answered_in_spanish_once(twilio: TwilioWorld) -> None:
    person = caller(6, _LOCALES)
    phone = twilio.sim.texter(person["phone"])
    [first] = await phone.send("Hola, quiero apuntarme a la lista de espera")
    assert _NOTE in first and "traductor" in first and "name" in first.lower(), first
    [second] = await phone.send("no entiendo")
    assert _NOTE not in second and "solo puedo ayudarle en inglés" in second, second
    assert await twilio.store.list_entries() == []
