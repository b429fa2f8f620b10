"""Finishing a call by text with the OpenAI brain running the call (issue 11), through the real Twilio routes.

The model is a loopback server speaking the real Chat Completions protocol to the real `openai`
client. It asks for the email again and again while the caller's answer never parses, as a model
does; it knows nothing of texts. The core counts its questions as it counts the offline brain's:
when the email failed twice, the offer to finish by text is made, and a yes ends the call and
carries the same conversation on by text, where the model reads back, saves and offers the
confirmation text as usual.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from sqlmodel import select

from knotty.state import TextHandoff
from knotty.store.models import Conversation, HandoffText
from tests.channels.conftest import TwilioWorld, twilio_world
from tests.support.fake_openai import FakeOpenAI, ModelAnswer, text_answer, tool_answer
from tests.support.fake_twilio_rest import FakeTwilioRest
from tests.support.live_server import serve

OFFER = "so you can type it instead?"
ASKS_EMAIL = "What's your email address?"
NEVER_PARSES = "hmm let me think"
NAME_AND_ROLE = "Dana Brooks, and I'm a client"


def _said(request: dict[str, Any], role: str) -> list[str]:
    return [str(m.get("content") or "") for m in request["messages"] if m["role"] == role]


def _written(request: dict[str, Any]) -> bool:
    return any("text chat" in note for note in _said(request, "system")[1:])


def _caller(request: dict[str, Any]) -> str:
    found = re.search(r"reaching you from (\+\d+)", " ".join(_said(request, "system")))
    assert found, "the channel note names the caller's number"
    return found.group(1)


def email_asker(request: dict[str, Any]) -> ModelAnswer:
    """A model that asks for the email for as long as it has none, and finishes the signup once it has."""
    users = _said(request, "user")
    last = request["messages"][-1]
    if last["role"] == "tool":
        called = request["messages"][-2]["tool_calls"][0]["function"]["name"]
        if called == "send_confirmation_sms":
            return text_answer("Done! Thanks for joining, goodbye.")
        return text_answer("You're on the waitlist! Would you like a confirmation text?")
    if not users:
        return text_answer("Hi! I'm Knotty from MasseurMatch. What's your full name?")
    if len(users) == 1:
        return text_answer("Thanks, Dana! What's the best phone number to reach you?")
    said = users[-1].strip().lower()
    address = next((u for u in reversed(users) if "@" in u), None)
    if address is None:
        return text_answer(f"Sorry, I didn't catch that. {ASKS_EMAIL}" if len(users) > 2 else ASKS_EMAIL)
    fields = {"full_name": "Dana Brooks", "phone": _caller(request), "email": address, "role": "client"}
    if "@" in said:
        return text_answer(
            f"Let me read that back: Dana Brooks, {fields['phone']}, {address}, client. Is that right?"
        )
    if said == "yes":
        return tool_answer("save_waitlist_entry", fields)
    if said.startswith("yes"):
        return tool_answer("send_confirmation_sms", {})
    return text_answer("Is there anything else I can help with?")


@asynccontextmanager
async def model_call_world(
    database_url: str, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str]
) -> AsyncIterator[tuple[TwilioWorld, FakeOpenAI]]:
    """The real app with `KNOTTY_BRAIN=openai` pointed at the loopback model, behind simulated Twilio."""
    model = FakeOpenAI(email_asker)
    async with serve(model) as base:
        env = {"KNOTTY_BRAIN": "openai", "OPENAI_API_KEY": "sk-test", "OPENAI_BASE_URL": f"{base}/v1"}
        async with twilio_world(database_url, tmp_path, fake_rest, **env) as world:
            yield world, model


async def _conversations(world: TwilioWorld) -> list[Conversation]:
    async with world.store._session() as s:
        return list((await s.exec(select(Conversation))).all())


async def _handoffs(world: TwilioWorld) -> list[HandoffText]:
    async with world.store._session() as s:
        return list((await s.exec(select(HandoffText))).all())


async def test_the_model_s_caller_whose_email_fails_twice_finishes_by_text(
    database_url: str, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str]
) -> None:
    caller = "+14155550181"
    async with model_call_world(database_url, tmp_path, fake_rest) as (world, model):
        call = await world.sim.call(caller)
        await call.press("1")
        assert "full name" in call.last_heard.lower()
        await call.say(NAME_AND_ROLE)
        await call.say("this number")
        assert call.last_heard == ASKS_EMAIL
        await call.say(NEVER_PARSES)
        assert ASKS_EMAIL in call.last_heard  # the model asks again: the second time
        asked = len(model.requests)
        await call.say(NEVER_PARSES)
        assert OFFER in call.last_heard.lower(), call.heard  # not a third identical question
        assert len(model.requests) == asked, "the offer is the core's, not the model's"
        assert sum(ASKS_EMAIL in h for h in call.heard) == 2

        await call.say("yes please")
        assert call.ended and call.ended_by == "hangup" and call.errors == []
        assert "i've just texted you; reply there with your email" in call.last_heard.lower()
        [first] = world.rest.messages
        assert first.to == caller and "what's your email address?" in first.body.lower()

        # The same conversation goes on by text, answered by the model, with the call's fields kept.
        [conv] = await _conversations(world)
        assert (conv.channel, conv.external_id, conv.status) == ("sms", caller, "active")
        assert conv.state["earlier_channels"] == ["voice"] and conv.state["text_handoff"] == TextHandoff.SENT
        phone = world.sim.texter(caller)
        [readback] = await phone.send("dana.brooks@example.com")
        assert readback.startswith("Let me read that back: Dana Brooks")
        assert await world.store.list_entries() == []  # nothing saved before the yes
        [saved] = await phone.send("yes")
        assert "waitlist" in saved.lower() and "confirmation text" in saved.lower()
        [entry] = await world.store.list_entries()
        assert (entry.full_name, entry.phone, entry.email, entry.role) == (
            "Dana Brooks", caller, "dana.brooks@example.com", "client",
        )  # fmt: skip
        await phone.send("yes please")
        await world.settle()
        assert len(world.rest.messages) == 2 and "waitlist" in world.rest.messages[1].body

        [conv] = await _conversations(world)
        assert conv.entry_id == entry.id
        history = await world.store.history(conv.id)
        spoken = [(m.role, m.brain) for m in history if m.role == "assistant" and m.content]
        assert ("assistant", "scripted") in spoken and spoken[-1] == ("assistant", "openai")
        [handoff] = await _handoffs(world)
        assert (handoff.phone, handoff.status, handoff.conversation_id) == (caller, "sent", conv.id)


async def test_a_caller_who_declines_goes_on_with_the_model(
    database_url: str, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str]
) -> None:
    async with model_call_world(database_url, tmp_path, fake_rest) as (world, model):
        call = await world.sim.call("+14155550182")
        await call.press("1")
        for said in (NAME_AND_ROLE, "this number", NEVER_PARSES, NEVER_PARSES):
            await call.say(said)
        assert OFFER in call.last_heard.lower()
        await call.say("no thanks")
        assert not call.ended and "spell" in call.last_heard.lower()  # the third way, not the same question
        asked = len(model.requests)
        await call.say("dana@example.com")
        assert len(model.requests) > asked, "after the offer the model runs the call again"
        assert "read that back" in call.last_heard.lower()
        assert world.rest.messages == []
        [conv] = await _conversations(world)
        assert conv.channel == "voice" and conv.state["text_handoff"] == TextHandoff.DECLINED


async def test_a_withheld_number_is_never_offered_a_text_by_the_model_s_call(
    database_url: str, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str]
) -> None:
    async with model_call_world(database_url, tmp_path, fake_rest) as (world, _model):
        call = await world.sim.call("anonymous", Caller="anonymous")
        await call.press("1")
        for said in (NAME_AND_ROLE, "415 555 0183", NEVER_PARSES, NEVER_PARSES):
            await call.say(said)
        assert all(OFFER not in h.lower() for h in call.heard)
        assert world.rest.messages == []
        [conv] = await _conversations(world)
        assert conv.state["text_handoff"] == TextHandoff.NOT_OFFERED
