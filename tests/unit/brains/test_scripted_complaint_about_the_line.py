"""A caller who says the line is bad is not giving "this line" as their phone number.

"this line is terrible, I'll try another time, bye" (a caller giving up on a bad line, at the name
question) was read as "use this line" (the number they call from): the goodbye was dropped as said
beside an answer, Knotty said "Great, thanks." and took their caller ID as the phone, and asked the
name again; at the phone question the number was taken and the call went on. A model running the
call could not end it either (the core grounds `end_conversation` in a goodbye it did not see).
Now a complaint about this line, phone, connection or call ("this line is breaking up", "this phone
keeps cutting out") is neither the number nor an answer: with a goodbye Knotty lets them go, saving
nothing; without one the question stays open. "this line is fine", "this number", "use this line"
still give the caller's number. Each at every question of a call, through the line model at two
levels; people from Faker.
"""

from __future__ import annotations

import pytest

from knotty.state import Modality
from tests.corpus.line import NoisyLine
from tests.corpus.simulator import SimulatedPerson
from tests.unit.brains.callers import caller, said_email, said_phone
from tests.unit.brains.conftest import Talk

LEAVING = [
    "this line is terrible, I'll try another time, bye",
    "this line is really bad, I'll call back later",
    "sorry this phone keeps cutting out, I have to go, bye",
    "this connection is awful, forget it, goodbye",
    "ugh this line is breaking up, bye",
    "this call is so choppy, never mind, bye",
]
COMPLAINTS = [
    "sorry this line is really bad",
    "this phone is breaking up",
    "this line keeps cutting out",
    "sorry, this connection is terrible",
    "Sorry, this line didn't really bad.",  # the real recogniser's "sorry this line is really bad"
]
QUESTIONS = ["full_name", "phone", "email", "role"]
LOCALES = ("en_US", "en_GB", "de_DE", "fr_FR", "es_MX", "pt_BR")
NUMBER = "+14155550100"


def _answers(person: dict[str, str]) -> dict[str, str]:
    return {
        "full_name": person["full_name"].lower(),
        "phone": said_phone(person["phone"]),
        "email": said_email(person["email"]),
        "role": "I'm a massage therapist" if person["role"] == "therapist" else "I'm a client",
    }


async def _leave_at(question: str, heard: str) -> str | None:
    """None if Knotty let them go (at once, or once the caller said yes to "did you want to end the
    call?") and saved nothing; else what it did."""
    t = Talk(Modality.SPOKEN, caller_number=NUMBER, silence_limit=3)
    r = await t.open()
    person = caller(len(heard) + QUESTIONS.index(question), LOCALES)
    answers = _answers(person)
    for _ in range(10):
        asked = SimulatedPerson.what_is_asked(r.text)
        if asked == question:
            r = await t.say(heard)
            if not r.end and "want to end the call" in r.text.lower():  # a goodbye beside other words: asked
                r = await t.say("yes")
            if not r.end or t.saves:
                return f"{question}: {heard!r} -> end={r.end}, saved {t.saves}: {r.text[:100]!r}"
            return None
        r = await t.say(answers[asked])
    return f"{question} was never asked"


async def _complain_at(question: str, heard: str) -> str | None:
    """None if the question stayed open and the signup then saved exactly; else what went wrong."""
    t = Talk(Modality.SPOKEN, caller_number=NUMBER, silence_limit=3)
    r = await t.open()
    person = caller(len(heard) + 7 * QUESTIONS.index(question), LOCALES)
    answers = _answers(person)
    complained = False
    for _ in range(14):
        asked = SimulatedPerson.what_is_asked(r.text)
        if asked == question and not complained:
            complained = True
            r = await t.say(heard)
            again = SimulatedPerson.what_is_asked(r.text)
            if r.end or t.saves or again != question or "great, thanks" in r.text.lower():
                return f"{question}: {heard!r} -> {again}: {r.text[:100]!r}"
            continue
        if asked == "readback":
            r = await t.say("yes")
            break
        r = await t.say(answers[asked])
    want = (person["full_name"], person["phone"], person["email"], person["role"])
    got = [(s["full_name"], s["phone"], s["email"], s["role"]) for s in t.saves]
    return None if got == [want] else f"{question}: {heard!r}: saved {got}, wanted {want}"


@pytest.mark.parametrize("level", [0.0, 1.0, 2.5])
@pytest.mark.parametrize("question", QUESTIONS)
async def test_a_caller_who_gives_up_on_the_line_is_let_go(question: str, level: float) -> None:
    line = NoisyLine(QUESTIONS.index(question) + int(level * 10), level)
    failures = [
        why for said in LEAVING if (why := await _leave_at(question, line.hear(said) if level else said))
    ]
    assert not failures, failures


@pytest.mark.parametrize("question", QUESTIONS)
async def test_a_complaint_about_the_line_is_no_answer(question: str) -> None:
    failures = [why for said in COMPLAINTS if (why := await _complain_at(question, said))]
    assert not failures, failures


@pytest.mark.parametrize(
    "said", ["this number", "this line is fine", "use this line", "the one I'm calling from"]
)
async def test_this_line_still_gives_the_callers_number(said: str) -> None:
    t = Talk(Modality.SPOKEN, caller_number=NUMBER, silence_limit=3)
    await t.open()
    await t.say("Ana Lima")
    r = await t.say(said)
    assert SimulatedPerson.what_is_asked(r.text) == "email", r.text
    await t.say("ana at example dot com")
    r = await t.say("I'm a client")
    assert "four one five, five five five, zero one zero zero" in r.text, r.text
