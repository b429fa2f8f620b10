"""A model stuck on one line never sends it to a person again and again: the offline brain carries on.

Found with the real small model (SmolLM2-135M, round 16): answered in Indonesian, Tagalog or Vietnamese
it said "Hello, this is Knotty with MasseurMatch. I'm glad to hear that. What's your full name?" five to
seven turns in a row while the person gave their name, number, email and role. The guard found nothing
wrong with the line, and the watch saw the fields move at every turn (the person's words are read), so
it never took over: the person met the same question until they gave up, and nothing was saved.
"""

from __future__ import annotations

import random

from knotty.agent import Inbound
from knotty.brains.scripted.transcript import infer_asking
from knotty.store import Store
from tests.corpus.people import Person
from tests.corpus.strangers import make_strangers
from tests.integration.test_model_guards import model_agent
from tests.support.fake_openai import ModelAnswer, text_answer

SEED = 1612164
STUCK = [
    "Hello, this is Knotty with MasseurMatch. I'm glad to hear that. What's your full name?",
    "Hello, I'm Knotty with MasseurMatch. I'd love to get you on our early-access waitlist. May I have your "
    "full name?",
    "Thanks! Could you tell me your full name, please?",
]
"""Lines the real small model sent turn after turn (the first two word for word)."""
MAX_TURNS = 12


def _answer(asked: str, p: Person) -> str:
    """What the person says to a line asking `asked` (`infer_asking`)."""
    return {
        "full_name": f"My name is {p.full_name}",
        "phone": p.phone,
        "email": p.email,
        "role": f"I'm a {p.role}",
        "confirm": "Yes, that's all correct",
        "sms": "No thanks",
    }.get(asked, f"My name is {p.full_name}")


async def test_a_line_the_model_keeps_sending_reaches_the_person_once_and_they_are_signed_up(
    store: Store,
) -> None:
    rng = random.Random(SEED)
    people = make_strangers(len(STUCK) * 2, rng.randrange(2**32))
    stuck = {p.phone: STUCK[i % len(STUCK)] for i, p in enumerate(people)}
    current = [""]

    def model(request: dict[str, object]) -> ModelAnswer:
        return text_answer(stuck[current[0]])

    wrong = []
    async with model_agent(store, model) as (agent, _):
        for n, p in enumerate(people):
            current[0] = p.phone
            sender = f"+1202557{n:04d}"
            said, heard = "Hi, I'd like to join the waitlist", []
            for _ in range(MAX_TURNS):
                result = await agent.turn(Inbound("sms", sender, said, caller_number=sender))
                heard.append(result.reply)
                if result.done:
                    break
                said = _answer(infer_asking(result.reply), p)
            entries = [
                (e.full_name, e.phone, e.email, e.role)
                for e in await store.list_entries()
                if e.phone == p.phone
            ]
            again = sum(line == stuck[p.phone] for line in heard)
            if again > 1 or entries != [(p.full_name, p.phone, p.expected_email, p.role)]:
                wrong.append((p.full_name, f"the stuck line heard {again} times", entries, heard[-1]))
    assert wrong == [], f"{len(wrong)} of {len(people)}: {wrong[:3]}"


NEAR = [
    (
        "Hello, this is Knotty with MasseurMatch. I'm glad to hear that. What's your full name?",
        "Hello, this is Knotty with MasseurMatch. I'm happy to hear that. What's your full name?",
    ),
    (
        "Thanks! Could you tell me your full name, please?",
        "Thanks! Could you tell me your full name?",
    ),
]
"""A stuck line of the real small model's, and the same with a word changed, added or left out."""


async def test_a_stuck_line_with_a_word_changed_is_not_heard_again(store: Store) -> None:
    people = make_strangers(len(NEAR) * 2, random.Random(SEED + 1).randrange(2**32))
    lines = {p.phone: NEAR[i % len(NEAR)] for i, p in enumerate(people)}
    current, calls = [""], [0]

    def model(request: dict[str, object]) -> ModelAnswer:
        calls[0] += 1
        return text_answer(lines[current[0]][calls[0] % 2])

    wrong = []
    async with model_agent(store, model) as (agent, _):
        for n, p in enumerate(people):
            current[0], calls[0] = p.phone, 0
            sender = f"+1202558{n:04d}"
            said, heard = "Hi, I'd like to join the waitlist", []
            for _ in range(MAX_TURNS):
                result = await agent.turn(Inbound("sms", sender, said, caller_number=sender))
                heard.append(result.reply)
                if result.done:
                    break
                said = _answer(infer_asking(result.reply), p)
            entries = [
                (e.full_name, e.phone, e.email, e.role)
                for e in await store.list_entries()
                if e.phone == p.phone
            ]
            again = sum(line in lines[p.phone] for line in heard)
            if again > 1 or entries != [(p.full_name, p.phone, p.expected_email, p.role)]:
                wrong.append((p.full_name, f"the stuck line heard {again} times", entries, heard[:3]))
    assert wrong == [], f"{len(wrong)} of {len(people)}: {wrong[:3]}"
