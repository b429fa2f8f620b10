"""A model's save needs the details read back and a yes to them, as the offline brain's always has.

Knotty's promise is to read the four fields back and save only once the person confirms. A model
brain can call `save_waitlist_entry` straight after hearing the role: every field is in the person's
words, so grounding alone let it through, and a misheard value was saved without the person's chance
to fix it. The core now refuses such a save (nothing written) and tells the model to read back first;
the same model reading back and hearing a yes saves. Played through the real `openai` client and the
real core, with people from Faker in several locales.
"""

from __future__ import annotations

import json
import re
from typing import Any

import phonenumbers
import pytest

from knotty.agent import Agent, Inbound
from knotty.brains.openai import OpenAIBrain
from knotty.brains.scripted.brain import ScriptedBrain
from knotty.state import Modality
from knotty.store import Store
from tests.support.fake_openai import FakeOpenAI, ModelAnswer, text_answer, tool_answer
from tests.support.live_server import serve
from tests.unit.brains.callers import fake_for, plain, said_email, said_phone

LOCALES = ("es_ES", "fr_FR", "de_DE", "pt_BR", "pl_PL", "en_US")
SEEDS = range(4)


def person(seed: int) -> dict[str, str]:
    """A person from Faker, accents and all, with a US or Canadian example mobile number."""
    fake = fake_for(seed, LOCALES)
    first, last = fake.first_name(), fake.last_name()
    example = phonenumbers.example_number_for_type(
        ("US", "CA")[seed % 2], phonenumbers.PhoneNumberType.MOBILE
    )
    assert example is not None
    return {
        "full_name": f"{first} {last}",
        "phone": phonenumbers.format_number(example, phonenumbers.PhoneNumberFormat.E164),
        "email": f"{letters(first)}.{letters(last)}@{fake.free_email_domain()}",
        "role": ("client", "therapist")[seed % 2],
    }


def letters(name: str) -> str:
    """A name as an address's part: plain letters only ("García-López" -> "garcialopez")."""
    return re.sub(r"[^a-z]", "", plain(name))


def answers(who: dict[str, str], spoken: bool) -> list[str]:
    """The person's answers to the greeting's question and the next three, typed or said."""
    return [
        f"I'm {who['full_name']}",
        said_phone(who["phone"]) if spoken else who["phone"],
        said_email(who["email"]) if spoken else who["email"],
        f"I'm a {who['role']}",
    ]


def model(who: dict[str, str], *, reads_back: bool) -> Any:
    """A model that asks the four questions and then saves `who`: after the role (`reads_back` False),
    or after reading the details back (the name folded, as a model may write it) and one more answer."""
    questions = ["What's your phone number?", "And your email?", "Are you a therapist or a client?"]

    def respond(request: dict[str, Any]) -> ModelAnswer:
        messages = request["messages"]
        if messages[-1]["role"] == "tool":
            result = json.loads(messages[-1]["content"])
            return text_answer("Thank you!" if result["ok"] else "Let me check your details with you.")
        users = sum(1 for m in messages if m["role"] == "user")
        if users == 0:
            return text_answer("Hi! I'm Knotty. What's your full name?")
        if users <= 3:
            return text_answer(questions[users - 1])
        if users == 4 and reads_back:
            name = plain(who["full_name"]).title()
            return text_answer(
                f"Let me read that back: {name}, {who['phone']}, {who['email']}, {who['role']}."
            )
        return tool_answer("save_waitlist_entry", who)

    return respond


async def talk(store: Store, fake: FakeOpenAI, lines: list[str], spoken: bool) -> list[dict[str, Any]]:
    """Play `lines` through the agent; the results of the model's saves."""
    kind = Modality.SPOKEN if spoken else Modality.WRITTEN
    channel = "voice" if spoken else "sms"
    async with serve(fake) as base:
        brain = OpenAIBrain(api_key="sk-test", model="gpt-test", base_url=f"{base}/v1", timeout_s=5)
        agent = Agent(store, brain, ScriptedBrain())
        try:
            await agent.open(Inbound(channel, "conv-1", modality=kind, caller_number="+12025550143"))
            for line in lines:
                await agent.turn(Inbound(channel, "conv-1", line, kind, caller_number="+12025550143"))
        finally:
            await brain.aclose()
    return [
        json.loads(m["content"])
        for request in fake.requests
        for m in request["messages"][-1:]
        if m["role"] == "tool"
    ]


@pytest.mark.parametrize("spoken", [False, True])
@pytest.mark.parametrize("seed", SEEDS)
async def test_a_save_straight_after_the_role_is_refused_and_nothing_is_saved(
    store: Store, seed: int, spoken: bool
) -> None:
    who = person(seed)
    fake = FakeOpenAI(model(who, reads_back=False))
    [refused] = await talk(store, fake, answers(who, spoken), spoken)
    assert (
        refused["ok"] is False
        and "read" in refused["instruction"].lower()
        and "yes" in refused["instruction"]
    )
    assert await store.list_entries() == []


@pytest.mark.parametrize("spoken", [False, True])
@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("answer", ["hold on, let me look", "no, that's not right"])
async def test_a_save_before_the_person_confirmed_the_read_back_is_refused(
    store: Store, seed: int, spoken: bool, answer: str
) -> None:
    who = person(seed)
    fake = FakeOpenAI(model(who, reads_back=True))
    [refused] = await talk(store, fake, [*answers(who, spoken), answer], spoken)
    assert refused["ok"] is False and "yes" in refused["instruction"]
    assert await store.list_entries() == []


@pytest.mark.parametrize("spoken", [False, True])
@pytest.mark.parametrize("seed", SEEDS)
async def test_the_same_model_reading_back_and_hearing_yes_saves(
    store: Store, seed: int, spoken: bool
) -> None:
    who = person(seed)
    fake = FakeOpenAI(model(who, reads_back=True))
    [saved] = await talk(store, fake, [*answers(who, spoken), "Yes, that's right."], spoken)
    assert saved["ok"] is True, saved
    [entry] = await store.list_entries()
    assert (entry.full_name, entry.phone, entry.email, entry.role) == (
        who["full_name"], who["phone"], who["email"], who["role"],
    )  # fmt: skip
