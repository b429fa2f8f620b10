"""What the model is told when a save shares a listed contact the conversation has not proven.

The OpenAI brain hears a save through the tool's result. Once, a signup that shared a listed phone or
email got `kept_apart` (and, for a phone, "do not offer a confirmation text: the number is on another
person's signup"), which a model turns into "that email is already on our waitlist". Membership is
never told to an unproven contact (`tests/security/test_membership_oracle.py`): the result for a
listed contact typed on the web is the result for an unlisted one. The store still keeps it apart.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from faker import Faker

from knotty.agent import Agent, Inbound
from knotty.brains.base import BrainContext, BrainStep
from knotty.store import Store
from tests.integration.test_agent_core import YES, echo, read_back
from tests.support.brains import FunctionBrain, save_call


async def save_result(store: Store, session: str, arguments: dict[str, str]) -> dict[str, Any]:
    """The save tool's result a model would get for `arguments`, typed on the web chat."""
    results: list[dict[str, Any]] = []

    def decide(ctx: BrainContext) -> BrainStep:
        if done := ctx.tool_results():
            results.append((done[-1].payload or {})["result"])
            return BrainStep(text="Saved!")
        return save_call(**arguments) if ctx.user_text == YES else BrainStep(text=read_back(arguments))

    agent = Agent(store, FunctionBrain(decide), echo())
    said = "I'm {full_name}, a {role}, {email}, {phone}".format(**arguments)
    inbound = Inbound("web", session, said)
    await agent.turn(inbound)
    await agent.turn(replace(inbound, text=YES, idempotency_key=None))
    [result] = results
    return result


@pytest.mark.parametrize("locale", ["en_US", "de_DE", "es_MX"])
async def test_a_save_sharing_a_listed_contact_tells_the_model_nothing_of_it(
    store: Store, locale: str
) -> None:
    fake = Faker(locale)
    fake.seed_instance(locale)
    phones = iter(f"415 555 01{n:02d}" for n in fake.random.sample(range(100), 5))
    listed = {
        "full_name": "Ana Lima",
        "phone": next(phones),
        "email": "ana.lima@example.com",
        "role": "therapist",
    }
    phone = "+1" + listed["phone"].replace(" ", "")
    await store.save_entry(
        full_name="Ana Lima", phone=phone, email=listed["email"], role="therapist", channel="sms"
    )
    name = f"{fake.first_name()} {fake.last_name()}"
    mine = {"full_name": name, "role": "client"}
    cases = {
        "listed email": {**mine, "phone": next(phones), "email": listed["email"]},
        "unlisted email": {**mine, "phone": next(phones), "email": "someone.new@example.org"},
        "listed phone": {**mine, "phone": listed["phone"], "email": "third@example.net"},
        "unlisted phone": {**mine, "phone": next(phones), "email": "fourth@example.net"},
    }
    got = {case: await save_result(store, case, args) for case, args in cases.items()}
    told = {case: {k: v for k, v in result.items() if k != "saved"} for case, result in got.items()}
    for case in cases:
        assert told[case] == told["unlisted email"], (case, got[case])
        assert "kept_apart" not in told[case] and "another" not in str(told[case]), (case, got[case])
    apart = [e for e in await store.list_entries() if e.review_reason]
    assert sorted(e.email for e in apart) == ["ana.lima@example.com", "third@example.net"]
