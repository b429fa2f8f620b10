"""The OpenAI brain through the real `openai` client, against a loopback server speaking Chat Completions."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from knotty.agent import Agent, Inbound
from knotty.brains.base import BrainStep
from knotty.brains.openai import MAX_REPLY_TOKENS, OpenAIBrain
from knotty.prompt import knotty_prompt
from knotty.state import Modality
from knotty.store import Store
from tests.support.brains import FunctionBrain
from tests.support.fake_openai import FakeOpenAI, ModelAnswer, text_answer, tool_answer
from tests.support.live_server import serve
from tests.support.notifiers import RecordingNotifier

ANA = {"full_name": "Ana Lima", "phone": "415-555-0100", "email": "ana@example.com", "role": "client"}


def last_tool_result(request: dict[str, Any]) -> dict[str, Any] | None:
    tools = [m for m in request["messages"] if m["role"] == "tool"]
    return json.loads(tools[-1]["content"]) if tools else None


def signup_model(arguments: dict[str, str]) -> Any:
    """A model that asks for everything, reads `arguments` back, then saves them (a save needs the
    read-back and the person's yes to it) and reports what the tool said."""
    read_back = "Let me read that back: {full_name}, {phone}, {email}, {role}. Is that right?".format(
        **arguments
    )

    def respond(request: dict[str, Any]) -> ModelAnswer:
        users = [m for m in request["messages"] if m["role"] == "user"]
        result = last_tool_result(request)
        if request["messages"][-1]["role"] == "tool":
            return text_answer(
                "You're all set!" if result and result["ok"] else "Sorry, could you repeat your email?"
            )
        if len(users) < 2:
            return text_answer("Hi! What's your name, phone, email and role?")
        if len(users) == 2:
            return text_answer(read_back)
        return tool_answer("save_waitlist_entry", arguments)

    return respond


async def run_conversation(store: Store, fake: FakeOpenAI, lines: list[str], **agent_kw: Any) -> list[str]:
    async with serve(fake) as base:
        brain = OpenAIBrain(
            api_key="sk-test", model="gpt-test", base_url=f"{base}/v1", timeout_s=agent_kw.pop("timeout_s", 5)
        )
        fallback = FunctionBrain(lambda ctx: BrainStep(text="offline answer"), name="scripted")
        agent = Agent(store, brain, fallback, agent_kw.pop("notifier", RecordingNotifier()), **agent_kw)
        replies = []
        for line in lines:
            replies.append((await agent.turn(Inbound("voice", "CA1", line, Modality.SPOKEN))).reply)
        await brain.aclose()
        return replies


async def test_model_signup_is_saved_through_the_tools(store: Store) -> None:
    fake = FakeOpenAI(signup_model(ANA))
    replies = await run_conversation(
        store,
        fake,
        [
            "hello",
            "Ana Lima, four one five five five five zero one zero zero, ana at example dot com, a client",
            "Yes, that's right.",
        ],
    )
    assert replies[0] == "Hi! What's your name, phone, email and role?" and replies[2] == "You're all set!"
    [entry] = await store.list_entries()
    assert (entry.full_name, entry.phone, entry.email, entry.role) == (
        "Ana Lima",
        "+14155550100",
        "ana@example.com",
        "client",
    )
    first = fake.requests[0]
    assert first["messages"][0] == {"role": "system", "content": knotty_prompt()}
    assert {t["function"]["name"] for t in first["tools"]} >= {"save_waitlist_entry", "send_confirmation_sms"}
    assert last_tool_result(fake.requests[-1]) == {
        "ok": True,
        "saved": {
            "full_name": "Ana Lima",
            "phone": "+14155550100",
            "email": "ana@example.com",
            "role": "client",
        },
        "next": "Confirm the signup, then offer a confirmation text.",
    }


async def test_model_that_invents_an_email_is_refused(store: Store) -> None:
    fake = FakeOpenAI(signup_model({**ANA, "email": "ana.lima@gmail.com"}))
    replies = await run_conversation(
        store, fake, ["hi", "Ana Lima, 415 555 0100, my email is ana at example dot com, client", "yes"]
    )
    assert replies[-1] == "Sorry, could you repeat your email?"
    assert await store.list_entries() == []
    refusal = last_tool_result(fake.requests[-1])
    assert refusal is not None and refusal["ok"] is False and set(refusal["errors"]) == {"email"}


async def test_model_error_is_answered_offline(store: Store) -> None:
    fake = FakeOpenAI(lambda request: ModelAnswer(status=500))
    assert await run_conversation(store, fake, ["hello"]) == ["offline answer"]


async def test_model_over_budget_is_answered_offline(store: Store) -> None:
    fake = FakeOpenAI(lambda request: ModelAnswer(content="late", delay_s=3))
    assert await run_conversation(store, fake, ["hello"], budget_s=0.3, timeout_s=0.3) == ["offline answer"]


async def test_a_model_that_rambles_past_its_length_limit_is_not_said(store: Store) -> None:
    """A model that writes on and on (here a thousand words) had no limit from Knotty: on a phone line it
    spent the turn's budget, and a server's own cut gave half a sentence. Each step asks for at most
    `MAX_REPLY_TOKENS`; a reply cut there is not said, and the offline brain answers that turn."""
    rambling = " ".join(["and"] * 1000) + " what is your name?"
    fake = FakeOpenAI(lambda request: text_answer(rambling))
    assert await run_conversation(store, fake, ["hello"]) == ["offline answer"]
    assert fake.requests[0]["max_tokens"] == MAX_REPLY_TOKENS


async def test_a_reply_written_with_html_character_references_is_said_as_plain_text(store: Store) -> None:
    """Some servers' chat templates escape the conversation for HTML and the model answers in kind: "I&#39;m
    glad" reached the person as it was written."""
    fake = FakeOpenAI(lambda request: text_answer("Hi, I&#39;m Knotty. What&#39;s your full name?"))
    assert await run_conversation(store, fake, ["hello"]) == ["Hi, I'm Knotty. What's your full name?"]


async def test_transcript_with_tool_calls_is_replayed_to_the_model(store: Store, tmp_path: Path) -> None:
    fake = FakeOpenAI(signup_model(ANA))
    await run_conversation(
        store, fake, ["hello", "Ana Lima 415 555 0100 ana@example.com client", "yes, correct", "thanks"]
    )
    [third_turn] = [r for r in fake.requests if r["messages"][-1] == {"role": "user", "content": "thanks"}]
    roles = [m["role"] for m in third_turn["messages"]]
    assert roles == [
        "system",
        "system",
        "user",
        "assistant",
        "user",
        "assistant",
        "user",
        "assistant",
        "tool",
        "assistant",
        "user",
    ]
