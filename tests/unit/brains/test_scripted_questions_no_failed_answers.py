"""Questions asked while a field is pending are answered, and are no failed answers (finding f03).

"what is this?", "is it free?", "why do you need my phone?" each counted as a failed answer to the
field, and the third ended the chat with "I'm having trouble getting your name right ... goodbye!":
a dead end for someone who only asked. Only a long run of questions with no answer at all ends the
chat, politely. And after a goodbye, "wait, I do want to sign up! Maria Gonzalez" starts a new
conversation that keeps the name said in it.

People come from Faker in several locales (`tests.corpus.strangers`).
"""

from __future__ import annotations

import random

import pytest

from tests.corpus.people import Person
from tests.corpus.strangers import make_strangers
from tests.unit.brains.conftest import Talk

QUESTIONS = (
    "what is this?", "is it free?", "why do you need my phone?", "is my data safe?", "who sees it?",
    "is this a real person?", "are you AI?", "what's your name?",
)  # fmt: skip
"""The questions of the finding, as the person typed them."""
PEOPLE = make_strangers(8, seed=303)
FIELDS = ("full_name", "phone", "email", "role")


def _answers(p: Person) -> dict[str, str]:
    return {"full_name": p.full_name, "phone": p.phone, "email": p.email, "role": p.role}


@pytest.mark.parametrize("field", FIELDS)
@pytest.mark.parametrize("index", range(len(PEOPLE)))
async def test_questions_before_an_answer_do_not_end_the_signup(field: str, index: int) -> None:
    p = PEOPLE[index]
    asked = random.Random(f"{field}{index}").sample(QUESTIONS, 5)
    t = Talk()
    await t.open()
    for name in FIELDS:
        if name == field:
            for question in asked:
                r = await t.say(question)
                assert not r.end, f"{question!r} ended the chat: {r.text}"
                assert "trouble" not in r.text.lower(), r.text
        r = await t.say(_answers(p)[name])
        assert not r.end, r.text
    assert "joining as" in r.text, r.text
    await t.say("yes")
    assert t.saves and t.saves[-1] == p.typed_signup()


async def test_only_questions_and_never_an_answer_end_politely() -> None:
    t = Talk()
    await t.open()
    rng = random.Random(5)
    asked = 0
    while asked < 20:
        asked += 1
        r = await t.say(rng.choice(QUESTIONS))
        if r.end:
            break
    assert r.end and asked > 3, f"ended after {asked} questions"
    assert "trouble" not in r.text.lower() and "goodbye" in r.text.lower(), r.text
    assert not t.saves


@pytest.mark.parametrize("index", range(len(PEOPLE)))
async def test_after_a_goodbye_a_new_conversation_keeps_the_name_in_its_first_message(index: int) -> None:
    p = PEOPLE[index]
    t = Talk()
    await t.open()
    r = await t.say("bye")
    assert r.end
    again = Talk()  # the agent opens a new conversation for the next message
    r = await again.say(f"wait, I do want to sign up! {p.full_name}")
    assert "name" not in r.text.lower() and "phone" in r.text.lower(), r.text
    for said in (p.phone, p.email, p.role):
        r = await again.say(said)
    assert "joining as" in r.text, r.text
    await again.say("yes")
    assert again.saves and again.saves[-1] == p.typed_signup()
