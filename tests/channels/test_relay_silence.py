"""ConversationRelay and a caller who says nothing: asked again, then a polite goodbye, as on `<Gather>`.

Twilio sends no `prompt` while the caller is silent, so a caller who walked away (or can't hear) was
never asked "Are you still there?" and the call ran until Twilio ended it. Now, once Knotty has
finished speaking (Twilio's `agentSpeaking: off`, or the reply's estimated length) and nothing comes
for `KNOTTY_VOICE_SILENCE_S`, the silence is a turn with no words, exactly as a `<Gather>` that heard
nothing: the same re-ask, and after two in a row the goodbye and ConversationRelay's `end`. Played
through the simulated Twilio and a fake ConversationRelay client against the real app over a real
WebSocket, with people from Faker in several locales; the idle time is a fraction of a second.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from pathlib import Path

import pytest

from channels.relay import call as relay_call_module
from knotty.brains.scripted.replies import _SILENCE
from tests.channels.conftest import TwilioWorld
from tests.channels.people import Person, last_question
from tests.channels.test_relay import after_relay, relay_call, relay_world
from tests.support.fake_relay import FakeRelay
from tests.support.fake_twilio_rest import FakeTwilioRest
from tests.unit.brains.callers import caller, said_email

LOCALES = ("en_US", "es_MX", "de_DE", "fr_FR", "en_GB", "pt_BR", "it_IT")
IDLE_S = 0.25
WAIT_S = 4.0
"""Long enough for a re-ask due after `IDLE_S`, far shorter than any reply's estimated speaking time."""


@pytest.fixture
def instant_speech(monkeypatch: pytest.MonkeyPatch) -> None:
    """Knotty's replies take no time to say (Twilio sends no speaker events in these calls)."""
    monkeypatch.setattr(relay_call_module, "SPOKEN_CHARS_PER_S", 1e9, raising=False)


def quiet_world(
    sqlite_url: str, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str]
) -> AbstractAsyncContextManager[TwilioWorld]:
    """A relay world whose silence timer runs out after `IDLE_S`."""
    return relay_world(sqlite_url, tmp_path, fake_rest, KNOTTY_VOICE_SILENCE_S=str(IDLE_S))


def asks_again(reply: str, before: str) -> bool:
    """The `<Gather>` line's re-ask: "Are you still there?" (or its variants), then the question again
    (rephrased: "What's your full name?" becomes "May I have your full name, please?")."""

    def asked(text: str) -> set[str]:
        return {
            w.strip("?,.'")
            for s in re.split(r"(?<=[.?!])\s+", text.lower())
            if s.endswith("?")
            for w in s.split()
        }

    shared = {w for w in asked(before) & asked(reply) if len(w) > 3} - {"your", "what", "which"}
    return reply.startswith(_SILENCE) and bool(shared)


async def silent_until_the_end(relay: FakeRelay, before: str) -> str:
    """The caller says nothing: one re-ask of `before`'s question, then the goodbye and `end`."""
    again = await relay.reply(count=len(relay.replies) + 1, timeout=WAIT_S)
    assert relay.ended is None and asks_again(again, before), (before, again)
    goodbye = await relay.reply(count=len(relay.replies) + 1, timeout=WAIT_S)
    end = await relay.wait_end(timeout=WAIT_S)
    assert '"goodbye"' in end["handoffData"]
    return goodbye


async def answer_until(relay: FakeRelay, answers: Person, asked: Callable[[str], bool]) -> str:
    """From the greeting, answer as `answers` until Knotty's last question is one `asked` picks; that reply."""
    reply = await relay.reply(count=1)
    for _ in range(12):
        if asked(last_question(reply)):
            return reply
        reply = await relay.ask(answers.answer(reply, spoken=True))
    raise AssertionError(f"the question never came: {relay.replies}")


async def answer_to_the_end(relay: FakeRelay, answers: Person, reply: str) -> None:
    """From `reply`, answer as `answers` until Knotty ends the call; then close the socket."""
    for _ in range(8):
        if relay.ended is not None:
            break
        reply = await relay.ask(answers.answer(reply, spoken=True))
    await relay.wait_end()
    await relay.close()


def someone(seed: int) -> tuple[dict[str, str], Person]:
    person = caller(seed, LOCALES)
    return person, Person(person["full_name"], person["email"], said_email(person["email"]), person["role"])


@pytest.mark.usefixtures("instant_speech")
async def test_a_caller_who_never_speaks_is_asked_again_then_the_call_ends_politely(
    sqlite_url: str, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str]
) -> None:
    async with quiet_world(sqlite_url, tmp_path, fake_rest) as world:
        call, relay = await relay_call(world)
        greeting = await relay.reply(count=1)
        goodbye = await silent_until_the_end(relay, greeting)
        assert "end the call" in goodbye and "saved" not in goodbye.lower(), goodbye
        await relay.close()
        assert (await after_relay(world, call)).find("Hangup") is not None
        conv = await world.store.latest_conversation("voice", call.sid)
        assert conv is not None and conv.status == "abandoned"
        assert await world.store.list_entries() == []


@pytest.mark.usefixtures("instant_speech")
@pytest.mark.parametrize("seed", [4, 11])
async def test_a_caller_silent_after_the_save_hears_a_goodbye_that_keeps_them_signed_up(
    sqlite_url: str, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str], seed: int
) -> None:
    person, answers = someone(seed)
    async with quiet_world(sqlite_url, tmp_path, fake_rest) as world:
        _, relay = await relay_call(world, caller=person["phone"])
        # saved, and offered the confirmation text: now the caller goes quiet
        reply = await answer_until(relay, answers, lambda asked: "text" in asked)
        goodbye = await silent_until_the_end(relay, reply)
        first = person["full_name"].split()[0]
        assert first in goodbye and "call back" not in goodbye, goodbye  # a signup's goodbye, not "call back"
        await relay.close()
        await world.saved_as_given_and_not_texted(person)


@pytest.mark.usefixtures("instant_speech")
@pytest.mark.parametrize("seed", [8])
async def test_a_caller_silent_at_the_read_back_is_not_saved_nor_told_so(
    sqlite_url: str, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str], seed: int
) -> None:
    person, answers = someone(seed)
    async with quiet_world(sqlite_url, tmp_path, fake_rest) as world:
        call, relay = await relay_call(world, caller=person["phone"])
        # the read-back: the caller walks away before saying yes
        reply = await answer_until(relay, answers, lambda asked: "right" in asked or "correct" in asked)
        goodbye = await silent_until_the_end(relay, reply)
        assert not any(w in goodbye.lower() for w in ("saved", "all set", "joining", "signed up")), goodbye
        await relay.close()
        assert await world.store.list_entries() == []
        conv = await world.store.latest_conversation("voice", call.sid)
        assert conv is not None and conv.status == "abandoned"


@pytest.mark.parametrize("seed", [2, 13])
async def test_the_silence_is_timed_from_twilios_speaker_events_and_a_caller_speaking_is_never_cut_in_on(
    sqlite_url: str, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str], seed: int
) -> None:
    """At the real speaking rate a reply's estimated length is seconds: only `agentSpeaking: off` can
    bring the re-ask within `WAIT_S`. While `clientSpeaking` is on, no silence is counted however long
    the caller takes; and one silence after an answer is not two in a row."""
    person, answers = someone(seed)
    async with quiet_world(sqlite_url, tmp_path, fake_rest) as world:
        _, relay = await relay_call(world, caller=person["phone"])
        greeting = await relay.reply(count=1)
        await relay.send({"type": "info", "name": "agentSpeaking", "value": "on"})
        await asyncio.sleep(IDLE_S * 2)
        assert len(relay.replies) == 1, "no silence is counted while Knotty is still speaking"
        await relay.send({"type": "info", "name": "agentSpeaking", "value": "off"})
        again = await relay.reply(count=2, timeout=WAIT_S)
        assert asks_again(again, greeting), again

        await relay.send({"type": "info", "name": "clientSpeaking", "value": "on"})
        await relay.send({"type": "info", "name": "agentSpeaking", "value": "off"})  # it stopped for them
        await relay.interrupt(again[:20], 900)
        await asyncio.sleep(IDLE_S * 4)  # a long answer, spelled slowly
        assert len(relay.replies) == 2 and relay.ended is None, relay.replies
        await relay.send({"type": "info", "name": "clientSpeaking", "value": "off"})
        reply = await relay.ask(answers.answer(again, spoken=True))
        assert "number" in last_question(reply) or "phone" in last_question(reply), reply

        await relay.send({"type": "info", "name": "agentSpeaking", "value": "off"})
        again = await relay.reply(count=len(relay.replies) + 1, timeout=WAIT_S)
        assert asks_again(again, reply) and relay.ended is None, again
        await relay.close()


@pytest.mark.usefixtures("instant_speech")
async def test_no_silent_turn_is_stored_after_the_caller_hangs_up(
    sqlite_url: str, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str]
) -> None:
    person, answers = someone(3)
    async with quiet_world(sqlite_url, tmp_path, fake_rest) as world:
        call, relay = await relay_call(world, caller=person["phone"])
        greeting = await relay.reply(count=1)
        await relay.ask(answers.answer(greeting, spoken=True))
        await relay.close()
        await asyncio.sleep(IDLE_S * 4)
        conv = await world.store.latest_conversation("voice", call.sid)
        assert conv is not None
        said = [m.content for m in await world.store.history(conv.id) if m.role == "user"]
        assert said == [person["full_name"]], said
