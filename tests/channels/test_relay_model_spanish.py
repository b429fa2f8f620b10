"""ConversationRelay with the streaming OpenAI brain: Spanish the model writes is spoken in a Spanish voice.

The offline brain's Spanish note goes out as its own `text` token with `lang` (`es-MX`, declared as a
`<Language>` in the TwiML). A model's reply went out as it was written, every token in the session's
English: its Spanish ("Lo siento, por ahora solo puedo ayudarle en inglés.") was read by the English
voice, hard to follow for the very person it was for. Each streamed sentence's first words are now held
until its language is known, and a Spanish sentence goes out with `lang: es-MX`; the English after it
with `en-US`. English replies stream as before, names in any language included ("Thanks, María de la
Cruz.").

The model is a loopback server speaking the real Chat Completions protocol (streamed) to the real
`openai` client; the relay is a WebSocket client speaking Twilio's protocol, which refuses a `lang` the
TwiML did not declare. Names from Faker in many locales.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.channels.test_relay import relay_call, relay_world, streaming_openai
from tests.support.fake_openai import ModelAnswer, text_answer
from tests.support.fake_twilio_rest import FakeTwilioRest
from tests.unit.brains.callers import fake_for

LOCALES = ("es_MX", "es_ES", "es_CO", "fr_FR", "pt_BR", "de_DE", "en_US", "it_IT", "pl_PL")
SPANISH_NOTE = "Lo siento, por ahora solo puedo ayudarle en inglés."
GREETING = "Hi! I'm Knotty from MasseurMatch. What's your full name?"


def _model(replies: list[str]) -> Any:
    """A model that greets, then answers each caller line with the next of `replies`."""

    def answer(request: dict[str, Any]) -> ModelAnswer:
        users = [m for m in request["messages"] if m["role"] == "user"]
        return text_answer(replies[len(users) - 1] if users else GREETING)

    return answer


def _voices(spoken: list[tuple[str, str]], words: str) -> set[str]:
    """The languages the pieces of `words` (a sentence of a reply) were spoken in."""
    return {lang for lang, token in spoken if token.strip() and token.strip() in words}


@pytest.mark.parametrize("seed", range(3))
async def test_spanish_a_model_writes_is_spoken_in_spanish_and_its_english_in_english(
    sqlite_url: str, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str], seed: int
) -> None:
    fake = fake_for(seed, LOCALES)
    name = fake.name()
    spanish = f"{SPANISH_NOTE} ¿Prefiere seguir en inglés, {name.split()[0]}?"
    english = f"Thanks, {name}. What's the best phone number to reach you?"
    both = f"{spanish} {english}"
    async with (
        relay_world(sqlite_url, tmp_path, fake_rest) as world,
        streaming_openai(world, _model([both, english, f"Gracias, {name}. {english}"])) as _model_server,
    ):
        _call, relay = await relay_call(world)
        assert await relay.reply(count=1) == GREETING
        assert _voices(relay.spoken, GREETING) == {"en-US"}

        before = len(relay.spoken)
        assert await relay.ask("hola, quiero registrarme, me llamo " + name) == both
        spoken = relay.spoken[before:]
        assert _voices(spoken, spanish) == {"es-MX"}, spoken
        assert _voices(spoken, english) == {"en-US"}, spoken
        assert not relay.errors, relay.errors

        before = len(relay.spoken)  # English again: the English voice, name and all
        assert await relay.ask("okay, English") == english
        assert _voices(relay.spoken[before:], english) == {"en-US"}, relay.spoken[before:]

        before = len(relay.spoken)
        await relay.ask("sí")
        spoken = relay.spoken[before:]
        assert _voices(spoken, f"Gracias, {name}.") == {"es-MX"}, spoken
        assert _voices(spoken, english) == {"en-US"}, spoken
        await relay.close()


@pytest.mark.parametrize("seed", range(4))
async def test_an_english_reply_with_a_name_from_anywhere_streams_in_english(
    sqlite_url: str, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str], seed: int
) -> None:
    fake = fake_for(seed + 10, LOCALES)
    names = [fake.name() for _ in range(3)]
    replies = [f"Thanks, {n}. So that's {n}, is that right? And what's your email?" for n in names]
    async with (
        relay_world(sqlite_url, tmp_path, fake_rest) as world,
        streaming_openai(world, _model(replies)) as _model_server,
    ):
        _call, relay = await relay_call(world)
        await relay.reply(count=1)
        for n, reply in zip(names, replies, strict=True):
            assert await relay.ask(f"my name is {n}") == reply
        assert {lang for lang, token in relay.spoken if token.strip()} == {"en-US"}, relay.spoken
        assert all("lang" not in m for m in relay.text_messages()), "English alone goes out as before"
        await relay.close()
