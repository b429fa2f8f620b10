"""A model that never asked whether the person is a therapist or a client cannot save a guessed role.

The real OpenAI brain talks to a loopback model that asks for the name, phone and email, reads them back,
and on the person's yes saves a role it guessed from something said in passing while giving the name:
"my husband is a client of yours", "my wife's a therapist", "I have clients asking about this". The
offline brain reads such a short loose answer as a role only when it has just asked for it; grounding now
does the same. The people are Faker strangers; the database must hold no entry with a role they never gave.
"""

from __future__ import annotations

import random
import re
from typing import Any

import pytest

from knotty.agent import Inbound
from knotty.store import Store
from tests.corpus.strangers import make_strangers
from tests.integration.test_model_guards import after_tool, model_agent, users
from tests.support.fake_openai import ModelAnswer, text_answer, tool_answer

SEED = 90919
_BUSINESS = re.compile(r"massag|therap|spa|bodywork|wellness|healing|touch|relax")
"""A business address reads as a therapist's, to the offline brain as to grounding: these people's do not."""
ASIDES = [
    ("{name}, my husband is a client of yours", "client"),
    ("{name}. I'm here for my wife, she's a therapist", "therapist"),
    ("{name}, I have clients asking about this", "client"),
    ("{name} - my mom used to be a therapist", "therapist"),
    ("{name}. My husband's a client", "client"),
    ("{name}, not a client of anyone yet", "therapist"),
    ("It's {name}, my sister's client sent me", "client"),
    ("{name}. My therapist friend told me", "therapist"),
]


async def test_a_role_guessed_from_an_aside_is_never_saved(store: Store) -> None:
    rng = random.Random(SEED)
    people = [p for p in make_strangers(40, rng.randrange(2**32)) if not _BUSINESS.search(p.email)]
    people = people[: 2 * len(ASIDES)]
    guessed: dict[str, str] = {}

    def model(request: dict[str, Any]) -> ModelAnswer:
        said = users(request)
        if after_tool(request):
            result = request["messages"][-1]["content"]
            return text_answer(
                "Thanks! Have a lovely day." if '"ok": true' in result else "Are you a therapist or a client?"
            )
        if not said:
            return text_answer("Hi! I'm Knotty. What's your full name?")
        if len(said) == 1:
            return text_answer("Thanks! What's your phone number?")
        if len(said) == 2:
            return text_answer("And your email address?")
        name, phone, email = guessed["name"], said[1], said[2]
        if len(said) == 3:
            return text_answer(f"Let me read that back: {name}, {phone}, {email}. Is that right?")
        args = {"full_name": name, "phone": phone, "email": email, "role": guessed["role"]}
        return tool_answer("save_waitlist_entry", args)

    saved: list[tuple[str, str]] = []
    async with model_agent(store, model) as (agent, _):
        for n, person in enumerate(people):
            aside, role = ASIDES[n % len(ASIDES)]
            guessed.update(name=person.full_name, role=role)
            sender = f"+1202555{n:04d}"
            line = aside.format(name=person.full_name)
            for said in (line, person.phone, person.email, "yes"):
                result = await agent.turn(Inbound("web", sender, said))
            if result.entry_id is not None:
                saved.append((line, role))
    entries = await store.list_entries()
    assert saved == [] and entries == [], f"{len(saved)} of {len(people)} saved a guessed role: {saved[:4]}"


@pytest.mark.parametrize(
    ("question", "answer", "role"),
    [
        ("Are you a therapist or a client?", "the first one", "therapist"),
        ("Are you joining as a provider or a customer?", "provider", "therapist"),
        ("Are you giving massages or getting one?", "getting one", "client"),
    ],
)
async def test_a_short_answer_to_the_role_question_is_saved(
    store: Store, question: str, answer: str, role: str
) -> None:
    """The other side: asked, a loose short answer is the person's role, and the save goes through."""
    person = make_strangers(1, SEED)[0]

    def model(request: dict[str, Any]) -> ModelAnswer:
        said = users(request)
        if after_tool(request):
            return text_answer("You're all set! Have a lovely day.")
        replies = ["What's your full name?", "Your phone number?", "And your email address?", question]
        if len(said) < 4:
            return text_answer(replies[len(said)])
        if len(said) == 4:
            return text_answer(
                f"Let me read that back: {person.full_name}, {said[1]}, {said[2]}. Is that right?"
            )
        args = {"full_name": person.full_name, "phone": said[1], "email": said[2], "role": role}
        return tool_answer("save_waitlist_entry", args)

    async with model_agent(store, model) as (agent, _):
        for said in (person.full_name, person.phone, person.email, answer, "yes"):
            result = await agent.turn(Inbound("web", "+12025550199", said))
    assert result.entry_id is not None, result.reply
    [entry] = await store.list_entries()
    assert entry.role == role
