"""A question about the therapists Knotty has is no role.

"do you have therapists near me", asked at any question, set the role to client without asking; at the role
question it set it to therapist (the bare word "therapists"). It asks about the service, and says nothing of
who the person is: the role is asked for, and the person's own answer saved. People come from Faker in
several locales (`tests.corpus.strangers`).
"""

from __future__ import annotations

import pytest

from knotty.fields import extract_role
from tests.corpus.strangers import make_strangers
from tests.unit.brains.conftest import Talk

QUESTIONS = (
    "do you have therapists near me",
    "do you have any massage therapists in my area?",
    "are there any masseuses near me",
    "can you find me a therapist",
    "do u have therapists",
)
"""The tester's question, and the same question asked the ways people ask it."""
PEOPLE = make_strangers(len(QUESTIONS), seed=2611)


@pytest.mark.parametrize("question", QUESTIONS)
@pytest.mark.parametrize("expecting", [False, True])
def test_a_question_about_therapists_names_no_role(question: str, expecting: bool) -> None:
    assert extract_role(question, expecting=expecting).role is None


@pytest.mark.parametrize("at", range(4))
@pytest.mark.parametrize("index", range(len(QUESTIONS)))
async def test_the_role_is_still_asked_and_the_persons_own_saved(index: int, at: int) -> None:
    """The question asked before the name, the phone, the email or the role."""
    question, p = QUESTIONS[index], PEOPLE[index]
    t = Talk()
    await t.open()
    answers = [p.full_name, p.phone, p.email]
    for k, answer in enumerate(answers):
        if k == at:
            await t.say(question)
        await t.say(answer)
    r = await t.say(question) if at == 3 else None
    if r is not None:
        assert "joining as" not in r.text and "therapist" in r.text and "client" in r.text, r.text
    r = await t.say(p.role)
    assert "joining as" in r.text, r.text
    await t.say("yes")
    assert t.saves and t.saves[-1] == p.typed_signup()
