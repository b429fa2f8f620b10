"""The model taking the person's part never reaches them: the offline brain answers instead.

Found with the real small model (SmolLM2-135M through llama.cpp, round 17, seed 1717171, `--patient`):
told "kenji murphy" it answered "I'm Kenji Murphy, MasseurMatch's assistant. How can I assist you
today?", and to a caller who asked "sorry?" it said "I'm sorry, I don't have an account. Can you help me
with something?" Both reached the person: the guard refused only "my name is ..." and the person's last
message said back word for word. A person told their own name as Knotty's, or asked for help by the
agent they called, has nothing to answer. These are its replies (and lines of the same kind), each
answered to a generated stranger from Faker's locales.
"""

from __future__ import annotations

import random

import pytest

from knotty.reply_guard import check_reply
from knotty.state import ConversationState
from knotty.store import Store
from tests.corpus.strangers import make_strangers
from tests.integration.test_model_overreach import each_reaches_the_person

SEED = 1717174

_AS_THEM = [
    "I'm {name}, MasseurMatch's assistant. How can I assist you today?",
    "Hi, I am {name}. How can I help you?",
]
"""The model introducing itself by the name the person just gave (the first word for word)."""
_THEIR_PART = [
    "I'm sorry, I don't have an account. Can you help me with something?",
    "Hi, I'd like to sign up as a therapist.",
    "Hello! I want to join the waitlist. How do I sign up?",
    "I'm a licensed massage therapist and I'd love to be on the list.",
    "Sure. My email is kenji.murphy@example.com.",
    "Thanks! I'm looking for a massage therapist near me.",
    "Could you please add me to the early-access list?",
]
"""What only a person signing up says (the first the real model's, word for word)."""


async def test_the_model_introducing_itself_by_the_persons_name_never_reaches_them(store: Store) -> None:
    people = make_strangers(40, random.Random(SEED).randrange(2**32))
    cases = [
        (said, _AS_THEM[i % len(_AS_THEM)].format(name=p.full_name))
        for i, p in enumerate(people)
        for said in [p.full_name.lower() if i % 2 else f"I'm {p.full_name}"]
    ]
    shown = await each_reaches_the_person(store, cases, {"echoes_the_person"})
    assert shown == [], f"{len(shown)} of {len(cases)} reached the person: {shown[:4]}"
    assert await store.list_entries() == []


async def test_the_model_speaking_the_persons_part_never_reaches_them(store: Store) -> None:
    rng = random.Random(f"{SEED}-part")
    people = make_strangers(len(_THEIR_PART) * 3, rng.randrange(2**32))
    cases = [
        (rng.choice([p.full_name, p.email, f"sorry? it's {p.full_name}"]), _THEIR_PART[n % len(_THEIR_PART)])
        for n, p in enumerate(people)
    ]
    shown = await each_reaches_the_person(store, cases, {"echoes_the_person"})
    assert shown == [], f"{len(shown)} of {len(cases)} reached the person: {shown[:4]}"


@pytest.mark.parametrize(
    ("said", "reply"),
    [
        ("Kenji Murphy", "Thanks, Kenji Murphy! What's your phone number?"),
        ("kenji murphy", "I'm Knotty. Did I get that right: Kenji Murphy?"),
        ("sorry?", "I'm sorry, I didn't catch that. What's your full name?"),
        ("hi", "Hi! I'd love to get you on our early-access waitlist. What's your full name?"),
        ("I'm a therapist", "I'm glad to hear it. Can you tell me your email?"),
        ("Happy Lee", "I'm happy to help, Happy. What's your phone number?"),
        ("hi", "I'm here to help you sign up. Are you a therapist or a client?"),
        ("Ana Lima", "I'd like to confirm your details: Ana Lima. Is that right?"),
    ],
)
def test_knottys_own_lines_are_not_the_persons(said: str, reply: str) -> None:
    assert check_reply(reply, ConversationState(), said=[said]) is None
