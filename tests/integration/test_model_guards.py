"""Issue 12: the OpenAI brain is never worse than the offline brain, whatever the model does.

A loopback model (real `openai` client, real Chat Completions wire format) misbehaves the way
SmolLM2-135M did: it texts before anything is saved and then says "you're all set", ends the
conversation on "I'd like to join", answers with its own tool syntax, JSON or the prompt, hangs,
or gets refused with 401 / 429. Each time the person must get what the offline brain would have
said, the database must hold no false entry, and the transcript and log must say who said what and why.
"""

from __future__ import annotations

import asyncio
import logging
import re
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest

from knotty.agent import Agent, Inbound, TurnResult
from knotty.brains.openai import OpenAIBrain
from knotty.brains.openai_stream import StreamingOpenAIBrain
from knotty.brains.scripted.brain import ScriptedBrain
from knotty.circuit import CircuitBreaker
from knotty.prompt import knotty_prompt
from knotty.reply_guard import check_reply
from knotty.state import ConversationState, Modality, SmsOffer
from knotty.store import Store
from knotty.streaming import TokenSink, streaming_to
from tests.channels.conftest import TwilioWorld, fake_rest, twilio_world  # noqa: F401 - fake_rest is a fixture
from tests.support.fake_openai import FakeOpenAI, ModelAnswer, text_answer, tool_answer
from tests.support.fake_twilio_rest import FakeTwilioRest
from tests.support.live_server import serve
from tests.support.tls_proxy import behind_tls_proxy

ANA_SAYS = ["Ana Lima", "415 555 0100", "ana at example dot com", "I'm a client"]
ADMIN_TOKEN = "admin-token-for-the-guard-tests-0123456789"
ANA = {"full_name": "Ana Lima", "phone": "415-555-0100", "email": "ana@example.com", "role": "client"}
Responder = Callable[[dict[str, Any]], ModelAnswer]


@asynccontextmanager
async def model_agent(
    store: Store, responder: Responder, **kw: Any
) -> AsyncIterator[tuple[Agent, FakeOpenAI]]:
    """The real OpenAI brain against a loopback model, the real offline brain as its fallback."""
    fake = FakeOpenAI(responder)
    brain_cls = kw.pop("brain_cls", OpenAIBrain)
    async with serve(fake) as base:
        brain = brain_cls(
            api_key="sk-test", model="gpt-test", base_url=f"{base}/v1", timeout_s=kw.pop("timeout_s", 5)
        )
        try:
            yield Agent(store, brain, ScriptedBrain(), **kw), fake
        finally:
            await brain.aclose()


def users(request: dict[str, Any]) -> list[str]:
    return [m["content"] for m in request["messages"] if m["role"] == "user"]


def after_tool(request: dict[str, Any]) -> bool:
    role: str = request["messages"][-1]["role"]
    return role == "tool"


def event_fields(record: logging.LogRecord) -> dict[str, Any]:
    """The fields `log_event` put on a log record; empty for any other record."""
    fields: dict[str, Any] = getattr(record, "fields", {})
    return fields


def asks_name(request: dict[str, Any]) -> ModelAnswer | None:
    """The opening (no user line yet): a normal greeting."""
    return None if users(request) else text_answer("Hi! I'm Knotty. What's your full name?")


async def texts(agent: Agent, lines: list[str], sender: str = "+12025550143") -> list[TurnResult]:
    return [await agent.turn(Inbound("sms", sender, line, caller_number=sender)) for line in lines]


async def transcript(store: Store, result: TurnResult) -> list[Any]:
    return list(await store.history(result.conversation_id))


# --- 1. a refused tool call never becomes a confirmation -------------------------------------------


def texts_then_claims(request: dict[str, Any]) -> ModelAnswer:
    """SmolLM2's worst habit: text a confirmation before anything is saved, then claim success."""
    if after_tool(request):
        return text_answer("You're all set on the list! A confirmation text is on its way.")
    return tool_answer("send_confirmation_sms", {})


async def test_a_refused_text_never_becomes_a_confirmation(store: Store) -> None:
    async with model_agent(store, texts_then_claims) as (agent, fake):
        [result] = await texts(agent, ["Hi, I'd like to join the waitlist"])
    assert "all set" not in result.reply and "on its way" not in result.reply and "list!" not in result.reply
    assert "name" in result.reply.lower(), "the offline brain carries on with the signup"
    assert result.brain == "scripted" and not result.done and result.entry_id is None
    assert await store.list_entries() == []
    lines = await transcript(store, result)
    call, refusal, reply = lines[-3:]
    assert (call.role, call.brain, call.payload["tool_calls"][0]["name"]) == (
        "assistant",
        "openai",
        "send_confirmation_sms",
    )
    assert (refusal.role, refusal.brain, refusal.payload["result"]["ok"]) == ("tool", "openai", False)
    assert (reply.role, reply.brain) == ("assistant", "scripted")
    assert reply.payload == {"guard": "refused_send_confirmation_sms", "instead_of": "openai"}
    assert len(fake.requests) == 2


def ends_at_once(request: dict[str, Any]) -> ModelAnswer:
    if after_tool(request):
        return text_answer("Goodbye! Have a great day.")
    return tool_answer("end_conversation", {})


async def test_end_conversation_before_a_save_needs_the_person_to_be_leaving(store: Store) -> None:
    async with model_agent(store, ends_at_once) as (agent, _):
        first, second = await texts(agent, ["Hi, I'd like to join the waitlist", "Ana Lima"])
        assert not first.done and not second.done
        assert second.conversation_id == first.conversation_id, "the conversation carried on"
        assert "goodbye" not in (first.reply + second.reply).lower()
        assert first.brain == second.brain == "scripted"
        conv = await store.latest_conversation("sms", "+12025550143")
        assert conv is not None and conv.status == "active"
        # Once the person does say they are leaving, the model's end is accepted.
        [bye] = await texts(agent, ["actually I have to go, bye"])
    assert bye.done and bye.brain == "openai" and bye.reply == "Goodbye! Have a great day."
    assert await store.list_entries() == []


ANA_READ_BACK = "Ana Lima, 415 555 0100, ana@example.com, client. Is that right?"
"""The model's read-back of Ana's details: every save needs one, and a yes to it."""


def saves_then_texts_unasked(request: dict[str, Any]) -> ModelAnswer:
    said = users(request)
    if after_tool(request):
        return text_answer("Saved! Anything else?" if len(said) < 4 else "Done, texted you!")
    if len(said) == 2:
        return text_answer(ANA_READ_BACK)
    if len(said) == 3:
        return tool_answer("save_waitlist_entry", ANA)
    if len(said) >= 4:
        return tool_answer("send_confirmation_sms", {})
    return text_answer("What are your name, phone, email and role?")


async def test_the_confirmation_text_needs_a_yes(store: Store) -> None:
    async with model_agent(store, saves_then_texts_unasked) as (agent, _):
        results = await texts(
            agent,
            [
                "hello",
                "Ana Lima 415 555 0100 ana@example.com, client",
                "yes, that's right",
                "what happens next?",
            ],
        )
    last = results[-1]
    [entry] = await store.list_entries()
    assert entry.confirmation_sms_status is None, "nobody said yes to a text"
    assert last.brain == "scripted" and "texted" not in last.reply.lower()
    conv = await store.latest_conversation("sms", "+12025550143")
    assert conv is not None
    state = ConversationState.model_validate(conv.state)
    assert state.sms != SmsOffer.ACCEPTED


# --- 2. replies are checked before they are sent -----------------------------------------------------

BAD_OUTPUTS = {
    "tool_syntax": "functions.send_confirmation_sms:",
    "tool_tags": '<tool_call>{"name": "save_waitlist_entry", "arguments": {}}</tool_call>',
    "json": '{"full_name": "Ana Lima"}',
    "function_name": "I will now call save_waitlist_entry for you.",
    "prompt": "Rules for interaction: 1. Speak naturally, confidently, and concisely. 2. Guide the conversation",
    "whole_prompt": knotty_prompt(),
    "false_claim": "Great news, you're on the MasseurMatch waitlist!",
    "whitespace": "   ",
}


@pytest.mark.parametrize("kind", sorted(BAD_OUTPUTS))
async def test_bad_model_output_never_reaches_the_person(store: Store, kind: str) -> None:
    bad = BAD_OUTPUTS[kind]
    async with model_agent(store, lambda request: asks_name(request) or text_answer(bad)) as (agent, _):
        opened = await agent.open(Inbound("sms", "+12025550143", caller_number="+12025550143"))
        [result] = await texts(agent, ["Ana Lima"])
    assert opened.brain == "openai" and opened.reply == "Hi! I'm Knotty. What's your full name?"
    assert result.brain == "scripted" and result.reply.strip()
    assert check_reply(result.reply, ConversationState()) is None
    for fragment in (
        "functions",
        "tool_call",
        "{",
        "save_waitlist_entry",
        "Rules for interaction",
        "waitlist!",
    ):
        assert fragment not in result.reply
    assert "phone" in result.reply.lower(), "the offline brain took the name and asked for the next field"
    nothing_shown = [
        m for m in await transcript(store, result) if m.role == "assistant" and m.brain == "openai"
    ]
    assert [m.content for m in nothing_shown] == ["Hi! I'm Knotty. What's your full name?"]


# --- 3. honest transcripts and logs --------------------------------------------------------------------


async def test_each_step_is_labelled_with_its_brain_and_the_log_says_why(
    store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    def model(request: dict[str, Any]) -> ModelAnswer:
        if after_tool(request):
            return text_answer("functions.done:")
        if len(users(request)) == 2:
            return text_answer(ANA_READ_BACK)
        if len(users(request)) >= 3:
            return tool_answer("save_waitlist_entry", ANA)
        return text_answer("What are your name, phone, email and role?")

    caplog.set_level(logging.INFO, logger="knotty")
    async with model_agent(store, model) as (agent, _):
        first, read_back, second = await texts(
            agent, ["hello", "Ana Lima 415 555 0100 ana@example.com, client", "yes, that's right"]
        )
    assert first.brain == read_back.brain == "openai" and second.brain == "scripted"
    assert second.entry_id is not None and "waitlist" in second.reply.lower(), (
        "the model's save stands; the offline brain says so"
    )
    lines = await transcript(store, second)
    assert [(m.role, m.brain) for m in lines] == [
        ("user", "openai"), ("assistant", "openai"), ("user", "openai"), ("assistant", "openai"),
        ("user", "scripted"), ("assistant", "openai"), ("tool", "openai"), ("assistant", "scripted"),
    ]  # fmt: skip
    assert lines[-1].payload == {"guard": "tool_syntax", "instead_of": "openai"}
    fallbacks = [event_fields(r) for r in caplog.records if event_fields(r).get("event") == "brain_fallback"]
    assert fallbacks == [
        {
            "event": "brain_fallback",
            "conversation": second.conversation_id,
            "brain": "openai",
            "reason": "bad_output",
            "detail": "tool_syntax",
        }
    ]


async def test_the_admin_transcript_shows_which_brain_spoke_and_why(
    database_url: str,
    tmp_path: Path,
    fake_rest: tuple[FakeTwilioRest, str],  # noqa: F811 - the fixture imported above
) -> None:
    fake = FakeOpenAI(texts_then_claims)
    async with serve(fake) as base:
        env = {
            "KNOTTY_BRAIN": "openai",
            "OPENAI_API_KEY": "sk-test",
            "OPENAI_BASE_URL": f"{base}/v1",
            "ADMIN_TOKEN": ADMIN_TOKEN,
        }
        async with twilio_world(database_url, tmp_path, fake_rest, **env) as world:
            [reply] = await world.sim.texter("+14155550177").send("Hi, I'd like to join the waitlist")
            assert "all set" not in reply.lower() and "on its way" not in reply.lower()
            conv = await world.store.latest_conversation("sms", "+14155550177")
            assert conv is not None
            page = await admin_page(world, f"/admin/conversations/{conv.id}")
    assert "Knotty · scripted" in page and "refused_send_confirmation_sms" in page
    assert "send_confirmation_sms" in page, "the model's refused call is shown as a tool call"


async def admin_page(world: TwilioWorld, path: str) -> str:
    """`path` as an operator signed in to the admin page sees it (on https, as `PUBLIC_BASE_URL` says)."""
    async with behind_tls_proxy(world.base_url) as http:
        login = await http.get("/admin")
        csrf = re.search(r'name="csrf" value="([^"]+)"', login.text)
        assert csrf, login.text[:300]
        await http.post("/admin/login", data={"token": ADMIN_TOKEN, "csrf": csrf.group(1)})
        response = await http.get(path)
    assert response.status_code == 200, response.text[:300]
    return response.text


# --- 4. the offline brain takes over a conversation the model keeps failing ----------------------------


async def test_after_three_failures_the_offline_brain_keeps_the_conversation(store: Store) -> None:
    def model(request: dict[str, Any]) -> ModelAnswer:
        said = users(request)
        if not said:
            return text_answer("Hi! I'm Knotty. What's your full name?")
        if len(said) == 1:
            return text_answer("Nice to meet you! What's your phone number?")
        return text_answer("functions.save_waitlist_entry:")

    async with model_agent(store, model) as (agent, fake):
        await agent.open(Inbound("sms", "+12025550143", caller_number="+12025550143"))
        results = await texts(agent, ANA_SAYS)
        asked = len(fake.requests)
        results += await texts(agent, ["yes"])
    assert [r.brain for r in results] == ["openai", "scripted", "scripted", "scripted", "scripted"]
    assert len(fake.requests) == asked == 5, "after the third failure the model is not asked again"
    assert "Ana Lima" in results[3].reply and "ana@example.com" in results[3].reply, (
        "read back with the name the model heard"
    )
    assert results[-1].done
    [entry] = await store.list_entries()
    assert (entry.full_name, entry.phone, entry.email, entry.role) == (
        "Ana Lima",
        "+14155550100",
        "ana@example.com",
        "client",
    )


_SMALL_TALK = [
    "Thanks! Tell me more about your role?",
    "Interesting. What do you enjoy most as a client?",
    "Nice. What else should I know about your name?",
    "Great. Anything else about your email?",
    "Lovely. Tell me a little more about your phone?",
]
"""Lines that move nothing, each new and each about the sign-up (a line said again is refused at once:
`says_again`; one that names nothing of the sign-up too: `asks_nothing`)."""


async def test_a_model_that_never_saves_is_taken_over(store: Store) -> None:
    def small_talk(request: dict[str, Any]) -> ModelAnswer:
        return text_answer(_SMALL_TALK[(len(users(request)) - 1) % len(_SMALL_TALK)])

    async with model_agent(store, small_talk) as (agent, fake):
        said = [
            "My name is Ana Lima, 415 555 0100, ana@example.com, I'm a client",
            "ok",
            "ok",
            "ok",
            "ok",
            "ok",
            "yes",
        ]
        results = await texts(agent, said)
    assert [r.brain for r in results] == ["openai"] * 5 + ["scripted"] * 2
    assert "ana@example.com" in results[5].reply, (
        "the offline brain reads back what the person gave the model"
    )
    [entry] = await store.list_entries()
    assert entry.email == "ana@example.com" and len(fake.requests) == 5


# --- 5. the circuit breaker ---------------------------------------------------------------------------


async def test_a_hanging_model_costs_one_budget_not_one_per_turn(
    store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="knotty")
    hang = ModelAnswer(content="too late", delay_s=5)
    breaker = CircuitBreaker(failures=3, cooldown_s=0.8)
    async with model_agent(store, lambda request: hang, budget_s=0.4, timeout_s=0.4, breaker=breaker) as (
        agent,
        fake,
    ):
        timings = []
        for line in ANA_SAYS[:3]:
            started = time.perf_counter()
            [result] = await texts(agent, [line])
            timings.append(time.perf_counter() - started)
            assert result.brain == "scripted"
        assert timings[0] >= 0.4 and max(timings[1:]) < 0.3, timings
        assert len(fake.requests) == 1 and breaker.state == "open"
        await asyncio.sleep(0.9)
        [probe] = await texts(agent, [ANA_SAYS[3]])
        assert probe.brain == "scripted" and len(fake.requests) == 2, (
            "after the cooldown one turn probes the model"
        )
    events = [
        (event_fields(r)["event"], event_fields(r).get("reason"))
        for r in caplog.records
        if event_fields(r).get("event", "").startswith(("circuit", "brain_fallback"))
    ]
    assert ("circuit_open", "timeout") in events and ("brain_fallback", "circuit_open") in events
    assert ("circuit_probe", "timeout") in events


@pytest.mark.parametrize(("status", "requests_before_open"), [(401, 1), (429, 3)])
async def test_refused_requests_open_the_breaker_with_their_reason(
    store: Store, caplog: pytest.LogCaptureFixture, status: int, requests_before_open: int
) -> None:
    caplog.set_level(logging.INFO, logger="knotty")
    async with model_agent(
        store, lambda request: ModelAnswer(status=status), breaker=CircuitBreaker(failures=3, cooldown_s=60)
    ) as (agent, fake):
        await agent.open(Inbound("sms", "+12025550143", caller_number="+12025550143"))
        results = await texts(agent, [*ANA_SAYS, "yes"])
    assert all(r.brain == "scripted" for r in results) and results[-1].entry_id is not None
    assert len(fake.requests) == requests_before_open
    opened = [event_fields(r) for r in caplog.records if event_fields(r).get("event") == "circuit_open"]
    assert [o["reason"] for o in opened] == [f"http_{status}"]


# --- streaming: a caller never hears what the guard refuses ---------------------------------------------


class Heard(TokenSink):
    def __init__(self) -> None:
        self.tokens: list[str] = []

    async def token(self, text: str) -> None:
        self.tokens.append(text)


async def test_streamed_tool_syntax_is_never_spoken(store: Store) -> None:
    def model(request: dict[str, Any]) -> ModelAnswer:
        return text_answer("Sure thing. functions.send_confirmation_sms: {} You're all set!")

    async with model_agent(store, model, brain_cls=StreamingOpenAIBrain) as (agent, _):
        sink = Heard()
        with streaming_to(sink):
            result = await agent.turn(Inbound("voice", "CA-guard", "Ana Lima", Modality.SPOKEN))
    heard = "".join(sink.tokens)
    assert "functions" not in heard and "all set" not in heard
    assert result.brain == "scripted" and "functions" not in result.reply
