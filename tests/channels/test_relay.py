"""Voice mode `relay`: calls through the simulated Twilio and a fake ConversationRelay client against the
real app on loopback; the OpenAI brain (streaming) against a loopback Chat Completions server.
"""

from __future__ import annotations

import asyncio
import json
import xml.etree.ElementTree as ET
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
import websockets

from channels.stream_token import issue_stream_token
from channels.voice_connect import RELAY_PATH
from knotty.brains.openai_stream import INTERRUPTED_REPLY, StreamingOpenAIBrain
from tests.channels.conftest import AUTH_TOKEN, PUBLIC, TwilioWorld, twilio_world
from tests.channels.people import Person
from tests.support.fake_openai import FakeOpenAI, ModelAnswer, text_answer, tool_answer
from tests.support.fake_relay import FakeRelay
from tests.support.fake_twilio_rest import FakeTwilioRest
from tests.support.live_server import serve
from tests.support.twilio_sim import Call

PUBLIC_RELAY = "wss://knotty.example.com" + RELAY_PATH
ENDED = RELAY_PATH + "/ended"
ANA = Person("Ana Lima", "ana.lima@gmail.com", "ana dot lima at gmail dot com", "therapist")
GREETING = (
    "Hi! I'm Knotty from MasseurMatch, and I can put you on the early-access list. What's your full name?"
)


@asynccontextmanager
async def relay_world(
    database_url: str, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str], **env: str
) -> AsyncIterator[TwilioWorld]:
    async with twilio_world(database_url, tmp_path, fake_rest, KNOTTY_VOICE_MODE="relay", **env) as world:
        yield world


@asynccontextmanager
async def streaming_openai(world: TwilioWorld, responder: Any) -> AsyncIterator[FakeOpenAI]:
    """The world's agent thinks with the streaming OpenAI brain, against a loopback model."""
    fake = FakeOpenAI(responder)
    async with serve(fake) as base:
        agent = world.runtime.agent
        original = agent.brain
        agent.brain = StreamingOpenAIBrain(
            api_key="sk-test", model="gpt-test", base_url=f"{base}/v1", timeout_s=5
        )
        try:
            yield fake
        finally:
            await agent.brain.aclose()
            agent.brain = original


async def relay_call(world: TwilioWorld, caller: str = "+14155550123") -> tuple[Call, FakeRelay]:
    """A call that pressed 1 and was connected to ConversationRelay."""
    call = await world.sim.call(caller)
    await call.press("1")
    assert call.connect is not None, call.transcript
    relay = call.connect.find("ConversationRelay")
    assert relay is not None and call.stream_url.startswith(PUBLIC_RELAY + "/")
    assert relay.get("interruptible") == "any" and relay.get("welcomeGreeting") is None
    assert list(relay.iter("Parameter")) == []  # the caller's number travels in the signed token only
    url = world.sim.local_ws_url(call.stream_url)
    languages = (relay.get("language", ""), *(lang.get("code", "") for lang in relay.iter("Language")))
    return call, await FakeRelay(
        url, call.stream_url, AUTH_TOKEN, call_sid=call.sid, caller=caller, languages=languages
    ).connect()


async def after_relay(world: TwilioWorld, call: Call) -> ET.Element:
    assert call.connect is not None and call.connect.get("action") == PUBLIC + ENDED
    params = {"CallSid": call.sid, "From": call.caller, "To": "+15005550006", "SessionStatus": "completed"}
    response = await world.sim.post(ENDED, params)
    assert response.status_code == 200
    return ET.fromstring(response.text)


async def test_a_signup_over_relay_ends_with_the_entry_in_the_database(
    database_url: str, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str]
) -> None:
    async with relay_world(database_url, tmp_path, fake_rest) as world:
        call, relay = await relay_call(world)
        reply = await relay.reply(count=1)  # Knotty greets from the agent, not from a fixed welcomeGreeting
        assert "name" in reply.lower()
        for _ in range(12):
            if relay.ended is not None:
                break
            reply = await relay.ask(ANA.answer(reply, spoken=True))
        end = await relay.wait_end()
        assert json.loads(end["handoffData"])["reason"] == "goodbye"
        # The offline brain answers at once: every reply is one `text` message, closed with `last`.
        texts = relay.text_messages()
        assert len(texts) == len(relay.replies) and all(m["last"] is True for m in texts)
        await relay.close()

        assert (await after_relay(world, call)).find("Hangup") is not None
        [entry] = await world.store.list_entries()
        assert (entry.full_name, entry.phone, entry.email, entry.role, entry.channel) == (
            "Ana Lima", "+14155550123", "ana.lima@gmail.com", "therapist", "voice",
        )  # fmt: skip
        conv = await world.store.latest_conversation("voice", call.sid)
        assert conv is not None and conv.status == "completed" and conv.entry_id == entry.id
        said = [m.content for m in await world.store.history(conv.id) if m.role == "assistant" and m.content]
        assert said == relay.replies
        await world.settle()
        [text] = world.rest.messages
        assert text.to == "+14155550123"


ANA_READ_BACK = (
    "Let me read that back: Ana Lima, this number, ana.lima@gmail.com, a therapist. Is that right?"
)


def streaming_signup_model(request: dict[str, Any]) -> ModelAnswer:
    messages = request["messages"]
    users = [m for m in messages if m["role"] == "user"]
    if messages[-1]["role"] == "tool":
        result = json.loads(messages[-1]["content"])
        return text_answer(
            "You're all set, Ana! Would you like a confirmation text?"
            if result["ok"]
            else "Sorry, say that again?"
        )
    if not users:
        return text_answer(GREETING)
    if len(users) == 1:
        return text_answer(ANA_READ_BACK)  # a save needs the read-back and the caller's yes to it
    return tool_answer(
        "save_waitlist_entry",
        {
            "full_name": "Ana Lima",
            "phone": "+14155550123",
            "email": "ana.lima@gmail.com",
            "role": "therapist",
        },
        content="Thank you, one moment.",
    )


async def test_the_openai_brains_reply_is_streamed_token_by_token_tools_included(
    sqlite_url: str, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str]
) -> None:
    async with (
        relay_world(sqlite_url, tmp_path, fake_rest) as world,
        streaming_openai(world, streaming_signup_model) as model,
    ):
        call, relay = await relay_call(world)
        assert await relay.reply(count=1) == GREETING
        greeting = relay.text_messages()
        assert len(greeting) > 5 and [m["last"] for m in greeting[:-1]] == [False] * (len(greeting) - 1)
        assert greeting[-1]["last"] is True
        assert model.requests[0]["stream"] is True

        reply = await relay.ask(
            "I'm Ana Lima, a massage therapist. Use this number, and my email is ana dot lima at gmail dot com."
        )
        assert reply == ANA_READ_BACK
        reply = await relay.ask("Yes, that's right.")
        assert reply == "Thank you, one moment. You're all set, Ana! Would you like a confirmation text?"
        [entry] = await world.store.list_entries()
        assert entry.email == "ana.lima@gmail.com" and entry.channel == "voice"
        conv = await world.store.latest_conversation("voice", call.sid)
        assert conv is not None
        said = [m.content for m in await world.store.history(conv.id) if m.role == "assistant" and m.content]
        assert said == [
            GREETING,
            ANA_READ_BACK,
            "Thank you, one moment.",
            "Thank you, one moment. You're all set, Ana! Would you like a confirmation text?",
        ]
        await relay.close()


async def test_an_interruption_cancels_the_reply_in_flight(
    sqlite_url: str, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str]
) -> None:
    def slow_then_quick(request: dict[str, Any]) -> ModelAnswer:
        users = [m["content"] for m in request["messages"] if m["role"] == "user"]
        if not users:
            return text_answer(GREETING)
        if users[-1] == "my name is":
            return ModelAnswer(content="A long answer nobody will hear.", delay_s=0.8)
        return text_answer("Nice to meet you, Ana Lima! What's your phone number?")

    async with (
        relay_world(sqlite_url, tmp_path, fake_rest) as world,
        streaming_openai(world, slow_then_quick) as model,
    ):
        call, relay = await relay_call(world)
        await relay.reply(count=1)
        await relay.say("my name is")
        await asyncio.sleep(0.2)
        await relay.interrupt()
        await asyncio.sleep(1.0)  # the model's answer arrives meanwhile, and is dropped
        assert len(relay.replies) == 1 and all("nobody" not in m["token"] for m in relay.text_messages())
        assert await relay.ask("Ana Lima") == "Nice to meet you, Ana Lima! What's your phone number?"
        conv = await world.store.latest_conversation("voice", call.sid)
        assert conv is not None
        lines = [(m.role, m.content) for m in await world.store.history(conv.id) if m.content]
        assert lines[1:] == [
            ("user", "my name is"), ("assistant", INTERRUPTED_REPLY),
            ("user", "Ana Lima"), ("assistant", "Nice to meet you, Ana Lima! What's your phone number?"),
        ]  # fmt: skip
        assert len(model.requests) == 3
        await relay.close()


async def test_a_new_prompt_supersedes_a_reply_still_being_thought(
    sqlite_url: str, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str]
) -> None:
    def answer(request: dict[str, Any]) -> ModelAnswer:
        users = [m["content"] for m in request["messages"] if m["role"] == "user"]
        if not users:
            return text_answer(GREETING)
        return ModelAnswer(content=f"You said {users[-1]}.", delay_s=0.5 if users[-1] == "Ana" else 0)

    async with relay_world(sqlite_url, tmp_path, fake_rest) as world, streaming_openai(world, answer):
        _, relay = await relay_call(world)
        await relay.reply(count=1)
        await relay.say("Ana")
        await asyncio.sleep(0.1)
        await relay.say("Ana Lima")  # the caller went on talking
        assert await relay.reply(count=2) == "You said Ana Lima."
        await asyncio.sleep(0.3)
        assert relay.replies == [GREETING, "You said Ana Lima."]
        await relay.close()


async def test_keypad_digits_are_taken_as_one_answer(
    sqlite_url: str, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str]
) -> None:
    async with relay_world(sqlite_url, tmp_path, fake_rest) as world:
        call, relay = await relay_call(world)
        await relay.reply(count=1)
        await relay.ask("Ana Lima")
        await relay.press("4155550188#")
        await relay.reply(count=3)
        conv = await world.store.latest_conversation("voice", call.sid)
        assert conv is not None
        assert [m.content for m in await world.store.history(conv.id) if m.role == "user"] == [
            "Ana Lima",
            "4 1 5 5 5 5 0 1 8 8",
        ]
        await relay.close()


async def test_a_database_outage_gets_an_apology_not_silence(
    sqlite_url: str, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str]
) -> None:
    async with relay_world(sqlite_url, tmp_path, fake_rest) as world:
        call = await world.sim.call("+14155550123")
        await call.press("1")
        # The conversations can no longer be read or written (the stream's claim still can).
        async with world.store.engine.begin() as db:
            await db.exec_driver_sql("ALTER TABLE conversations RENAME TO conversations_gone")
        relay = await FakeRelay(
            world.sim.local_ws_url(call.stream_url), call.stream_url, AUTH_TOKEN, call_sid=call.sid
        ).connect()
        assert "trouble" in (await relay.reply(count=1)).lower()
        await relay.close()


async def test_when_the_database_is_down_at_the_handshake_the_ended_route_apologises(
    tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str]
) -> None:
    async with relay_world("postgresql+asyncpg://nobody@127.0.0.1:1/none", tmp_path, fake_rest) as world:
        url = f"{PUBLIC_RELAY}/{issue_stream_token(AUTH_TOKEN, call_sid='CA' + '3' * 32, caller='+14155550123', mode='relay')}"
        with pytest.raises(
            websockets.InvalidStatus
        ) as refused:  # no way to know it is the call's first stream
            await FakeRelay(world.sim.local_ws_url(url), url, AUTH_TOKEN).connect()
        assert refused.value.response.status_code == 403
        response = await world.sim.post(
            ENDED, {"CallSid": "CA" + "3" * 32, "From": "+14155550123", "To": "+15005550006"}
        )
        assert response.status_code == 200 and ET.fromstring(response.text).find("Hangup") is not None
        assert "sorry" in response.text.lower()


async def test_a_relay_without_twilios_signature_is_refused(
    sqlite_url: str, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str]
) -> None:
    async with relay_world(sqlite_url, tmp_path, fake_rest) as world:
        call = await world.sim.call("+14155550123")
        await call.press("1")
        with pytest.raises(websockets.InvalidStatus) as refused:
            await FakeRelay(
                world.sim.local_ws_url(call.stream_url),
                call.stream_url,
                "not-the-auth-token",
                call_sid=call.sid,
            ).connect()
        assert refused.value.response.status_code == 403
        assert await world.store.latest_conversation("voice", call.sid) is None
