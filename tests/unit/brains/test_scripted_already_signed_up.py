"""A person who says "I already signed up" is answered, not told their name was missed.

Asked for the name, "I already signed up" got "I'm sorry, I missed your name."; from a number on the
waitlist, asked whether to change anything, it got "I'm sorry, I didn't get that. Yes or no is fine."
Now, from a listed number, it means nothing to change: that signup stays as it is and the
conversation ends, nothing written. Otherwise Knotty cannot check an earlier signup (a contact the
person only says is never looked up, so nobody learns who is listed): it says so, that giving the
details again is fine, and asks the question again without counting a missed answer; the details
then given are saved exactly. By call and by text, through the line model on a call; people from
Faker.
"""

from __future__ import annotations

import pytest

from knotty.state import Modality
from tests.corpus.line import NoisyLine
from tests.corpus.simulator import SimulatedPerson
from tests.unit.brains.callers import caller, said_email, said_phone
from tests.unit.brains.conftest import Talk

SAYS = [
    "I already signed up",
    "I think I already signed up",
    "I've already joined the waitlist",
    "I'm already on the list",
    "didn't I already sign up?",
    "I signed up last week",
    "um I already registered",
    "I'm pretty sure I'm already on your waitlist",
]
LOCALES = ("en_US", "en_GB", "de_DE", "fr_FR", "es_MX", "pt_BR", "it_IT", "pl_PL")
NUMBER = "+14155550100"


def _answers(person: dict[str, str], spoken: bool) -> dict[str, str]:
    return {
        "full_name": person["full_name"].lower() if spoken else person["full_name"],
        "phone": said_phone(person["phone"]) if spoken else person["phone"],
        "email": said_email(person["email"]) if spoken else person["email"],
        "role": "I'm a massage therapist" if person["role"] == "therapist" else "I'm a client",
    }


@pytest.mark.parametrize("modality", [Modality.SPOKEN, Modality.WRITTEN])
@pytest.mark.parametrize("n", range(len(SAYS)))
async def test_not_listed_it_is_answered_and_the_details_are_saved(modality: Modality, n: int) -> None:
    spoken = modality is Modality.SPOKEN
    heard = NoisyLine(n, 1.0).hear(SAYS[n]) if spoken else SAYS[n]
    person = caller(n + (20 if spoken else 0), LOCALES)
    answers = _answers(person, spoken)
    t = Talk(modality, caller_number=NUMBER, silence_limit=3)
    await t.open()

    r = await t.say(heard)
    low = r.text.lower()
    assert "missed" not in low and "didn't get" not in low and "outside what" not in low, (heard, r.text)
    assert "can't check" in low and "again" in low, (heard, r.text)
    assert "already on" not in low, r.text  # never says whether anyone is listed
    assert SimulatedPerson.what_is_asked(r.text) == "full_name", r.text
    assert not r.end and t.saves == []

    for _ in range(8):
        asked = SimulatedPerson.what_is_asked(r.text)
        if asked == "readback":
            r = await t.say("yes")
            break
        r = await t.say(answers[asked])
    assert [(s["full_name"], s["phone"], s["email"], s["role"]) for s in t.saves] == [
        (person["full_name"], person["phone"], person["email"], person["role"])
    ]


@pytest.mark.parametrize("modality", [Modality.SPOKEN, Modality.WRITTEN])
@pytest.mark.parametrize("n", range(len(SAYS)))
async def test_from_a_listed_number_it_means_nothing_to_change(modality: Modality, n: int) -> None:
    spoken = modality is Modality.SPOKEN
    heard = NoisyLine(n + 50, 1.0).hear(SAYS[n]) if spoken else SAYS[n]
    t = Talk(modality, caller_number=NUMBER, silence_limit=3)
    t.state.returning, t.state.listed_contacts = True, ["phone"]
    opening = await t.open()
    assert "already on our waitlist" in opening.text, opening.text

    r = await t.say(heard)
    assert r.end and t.saves == [], (heard, r.text)
    assert "stays as it is" in r.text, (heard, r.text)
