"""ConversationRelay with the streaming OpenAI brain: a goodbye to someone staying is never spoken.

On Gather, SMS and the web chat a model's plain-words farewell said to a person who is staying, with
nothing saved, is refused before anyone sees it (`goodbye_before_save`, `Agent._answer`). On the relay the
reply streams as it is written, and the refusal came only once the turn was over: the caller had heard
"Okay, thank you. Goodbye, and have a great day!" and then the offline brain's next question. The
streaming brain now holds a farewell back (only when a goodbye would be refused: nothing saved and the
caller not leaving) until the reply either asks something (then it is not a goodbye and goes out) or
ends (then it is refused before a word of the farewell is spoken). The clean words before it stream as
they come, so a reply's first words are not delayed; a goodbye after the save, or to a caller who is
leaving, streams and ends the call as before.

The model is a loopback server speaking the real Chat Completions protocol (streamed) to the real
`openai` client; the relay is a WebSocket client speaking Twilio's protocol to the real app. People
from Faker in many locales.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.channels.conftest import TwilioWorld
from tests.channels.test_relay import relay_call, relay_world, streaming_openai
from tests.support.fake_openai import ModelAnswer, text_answer, tool_answer
from tests.support.fake_relay import FakeRelay
from tests.support.fake_twilio_rest import FakeTwilioRest
from tests.unit.brains.callers import caller, said_email

LOCALES = ("en_US", "es_MX", "pt_BR", "fr_FR", "de_DE", "it_IT", "pl_PL", "en_GB")
GREETING = "Hi! I'm Knotty from MasseurMatch. What's your full name?"
FAREWELLS = (
    "Goodbye, and have a great day!",
    "Take care!",
    "Bye for now.",
    "¡Adiós, que tengas un buen día!",
    "Bonne journée !",
    "Talk to you soon.",
)
LEADS = ("Okay, thank you, {first}. ", "Got it. ", "")


def _users(request: dict[str, Any]) -> list[str]:
    return [str(m.get("content") or "").strip().lower() for m in request["messages"] if m["role"] == "user"]


def _heard(relay: FakeRelay, since: int) -> str:
    return "".join(token for _lang, token in relay.spoken[since:])


async def _conversation_status(world: TwilioWorld, call_sid: str) -> str:
    conv = await world.store.latest_conversation("voice", call_sid)
    assert conv is not None
    return str(conv.status)


@pytest.mark.parametrize("case", range(12))
async def test_a_streamed_goodbye_to_a_caller_who_is_staying_is_never_spoken(
    sqlite_url: str, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str], case: int
) -> None:
    who = caller(300 + case, LOCALES)
    first = who["full_name"].split()[0]
    farewell = FAREWELLS[case % len(FAREWELLS)]
    lead = LEADS[case % len(LEADS)].format(first=first)

    def model(request: dict[str, Any]) -> ModelAnswer:
        return text_answer(f"{lead}{farewell}" if _users(request) else GREETING)

    async with (
        relay_world(sqlite_url, tmp_path, fake_rest) as world,
        streaming_openai(world, model),
    ):
        call, relay = await relay_call(world, who["phone"])
        assert await relay.reply(count=1) == GREETING
        before = len(relay.spoken)
        reply = await relay.ask(f"Hi, I'd like to join the waitlist. I'm {who['full_name']}")
        heard = _heard(relay, before)
        assert farewell.split()[0].strip("¡,.!") not in heard, f"the caller heard a goodbye: {heard!r}"
        assert "?" in reply, f"the signup carries on with a question: {reply!r}"
        assert relay.ended is None, "the call went on after the goodbye was refused"
        assert lead.strip() in heard, "the clean words before the goodbye were spoken"
        assert await _conversation_status(world, call.sid) == "active"
        assert await world.store.list_entries() == []
        await relay.close()


@pytest.mark.parametrize("case", range(4))
async def test_a_farewell_word_in_a_reply_that_asks_something_streams_as_written(
    sqlite_url: str, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str], case: int
) -> None:
    who = caller(320 + case, LOCALES)
    first = who["full_name"].split()[0]
    reply_text = (
        f"Thanks, {first}. Before we say goodbye, what's the best email for you?",
        f"No need to say bye yet, {first}! Are you a massage therapist or a client?",
        f"Take care with the spelling, {first}: what's your email address?",
        f"Thanks, {first}. Talk to you soon about the app, but first, what's your phone number?",
    )[case]

    def model(request: dict[str, Any]) -> ModelAnswer:
        return text_answer(reply_text if _users(request) else GREETING)

    async with (
        relay_world(sqlite_url, tmp_path, fake_rest) as world,
        streaming_openai(world, model),
    ):
        _call, relay = await relay_call(world, who["phone"])
        await relay.reply(count=1)
        assert await relay.ask(f"I'm {who['full_name']}") == reply_text
        assert relay.ended is None
        await relay.close()


async def test_a_goodbye_to_a_caller_who_is_leaving_streams_and_ends_the_call(
    sqlite_url: str, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str]
) -> None:
    who = caller(330, LOCALES)
    farewell = f"No problem, {who['full_name'].split()[0]}. Have a great day!"

    def model(request: dict[str, Any]) -> ModelAnswer:
        return text_answer(farewell if _users(request) else GREETING)

    async with (
        relay_world(sqlite_url, tmp_path, fake_rest) as world,
        streaming_openai(world, model),
    ):
        _call, relay = await relay_call(world, who["phone"])
        await relay.reply(count=1)
        assert await relay.ask("Actually, never mind. I'm not interested, bye!") == farewell
        await relay.wait_end()
        assert await world.store.list_entries() == []


@pytest.mark.parametrize("case", range(3))
async def test_a_goodbye_after_the_save_streams_and_ends_the_call(
    sqlite_url: str, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str], case: int
) -> None:
    who = caller(340 + case, LOCALES)
    first = who["full_name"].split()[0]
    farewell = f"You're on the waitlist, {first}! {FAREWELLS[case]}"
    read_back = (
        f"Let me read that back: {who['full_name']}, this number, {who['email']}, "
        f"a {who['role']}. Is that right?"
    )

    def model(request: dict[str, Any]) -> ModelAnswer:
        messages, users = request["messages"], _users(request)
        if messages[-1]["role"] == "tool":
            return text_answer(farewell if json.loads(messages[-1]["content"]).get("ok") else read_back)
        if not users:
            return text_answer(GREETING)
        if users[-1].startswith("yes"):
            return tool_answer(
                "save_waitlist_entry", {k: who[k] for k in ("full_name", "phone", "email", "role")}
            )
        return text_answer(read_back)

    role = "a massage therapist" if who["role"] == "therapist" else "a client"
    async with (
        relay_world(sqlite_url, tmp_path, fake_rest) as world,
        streaming_openai(world, model),
    ):
        _call, relay = await relay_call(world, who["phone"])
        await relay.reply(count=1)
        details = f"I'm {who['full_name']}, {role}, use this number, my email is {said_email(who['email'])}"
        assert await relay.ask(details) == read_back
        assert await relay.ask("yes, that's right") == farewell
        await relay.wait_end()
        saved = [(e.full_name, e.phone, e.email, e.role) for e in await world.store.list_entries()]
        assert saved == [(who["full_name"], who["phone"], who["email"], who["role"])]
