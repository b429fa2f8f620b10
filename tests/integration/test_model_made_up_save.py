"""Issue 11, from playing SmolLM2-135M: a model's save of values it made up is never blamed on the person.

The real small model, asked for a name, called the save tool with an address as the name (or with
no arguments at all), was refused, and then answered nothing; the offline brain took the refusal as
its own and told the caller "that looks like an email address rather than a name" right after they
had said their name, and asked for it again. The offline brain now answers the person's words.
"""

from __future__ import annotations

from typing import Any

import pytest

from knotty.agent import Agent, Inbound
from knotty.brains.openai import OpenAIBrain
from knotty.brains.scripted.brain import ScriptedBrain
from knotty.state import Modality
from knotty.store import Store
from tests.support.fake_openai import FakeOpenAI, ModelAnswer, text_answer, tool_answer
from tests.support.live_server import serve

SENDER = "+12025550143"


def makes_up_a_save(request: dict[str, Any]) -> ModelAnswer:
    """Greets, then answers the name with a save of an address as the name, then with nothing."""
    messages = request["messages"]
    if not any(m["role"] == "user" for m in messages):
        return text_answer("Hi! I'm Knotty. What's your full name?")
    if messages[-1]["role"] == "tool":
        return text_answer("")
    return tool_answer(
        "save_waitlist_entry", {"full_name": "ana@example.com", "phone": "", "email": "", "role": ""}
    )


@pytest.mark.parametrize("modality", ["sms", "voice"])
async def test_a_name_said_is_kept_when_the_model_saves_a_made_up_one(store: Store, modality: str) -> None:
    async with serve(FakeOpenAI(makes_up_a_save)) as base:
        brain = OpenAIBrain(api_key="sk-test", model="gpt-test", base_url=f"{base}/v1", timeout_s=5)
        agent = Agent(store, brain, ScriptedBrain())
        try:
            kind = Modality.SPOKEN if modality == "voice" else Modality.WRITTEN
            inbound = Inbound(modality, "conv-1", modality=kind, caller_number=SENDER)
            await agent.open(inbound)
            result = await agent.turn(
                Inbound(modality, "conv-1", "Ana Lima", modality=kind, caller_number=SENDER)
            )
        finally:
            await brain.aclose()
    reply = result.reply.lower()
    assert result.brain == "scripted"
    assert "email address rather than a name" not in reply and "full name" not in reply
    assert "phone" in reply or "number" in reply  # her name was taken: the next question
    assert await store.list_entries() == []
