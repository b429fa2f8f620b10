"""Round 19, voice: a surname spelled one turn late, at the email or the role question.

Round 18 took a surname spelled a turn late at the phone question ("S-M-Y-T-H" after "Ana Smith"); a caller
who spells it one question later expects the same. At the email question the spelling had been read as the
start of the address ("I've got s m y t h so far. And after the at?") or dropped ("it's S-M-Y-T-H by the
way": "I didn't get the email address"), and at the role question dropped: "Ana Smith" was read back and a
"yes" saved it. Only the surname, at the email question: a first name spelled there ("J-O-H-N" from Jon)
may well begin the address, and a spelling with its domain is the address.

People come from Faker in several locales; the surname as first heard is this test's own one-letter change.
"""

from __future__ import annotations

import pytest

from knotty.state import Modality
from tests.unit.brains.callers import answer_to_the_read_back, caller, said_email
from tests.unit.brains.conftest import Talk

_LOCALES = ["en_US", "en_GB", "de_DE", "es_ES", "it_IT", "pl_PL", "nl_NL", "fr_FR", "pt_BR", "sv_SE", "fi_FI"]
_CASES = range(10)
_LATE = [
    "{spelled}",
    "it's {spelled} by the way",
    "{word}, {spelled}",
    "sorry, it's {word}, {spelled}",
    "Oh, and it's {word} with a {letter}. {spelled}",
]


def _as_whisper_writes(word: str) -> str:
    """A word spelled as Whisper writes it: capitals joined by hyphens, a full stop at the end."""
    return "-".join(word.upper()) + "."


def _heard(word: str) -> str:
    """The surname one letter off, as the line first heard it ("Smith" for "Smyth")."""
    at = len(word) // 2
    return word[:at] + ("y" if word[at] != "y" else "i") + word[at + 1 :]


async def _to_the_question(person: dict[str, str], heard: str, question: str) -> Talk:
    """A caller whose surname was heard as ``heard``, answered up to ``question`` ("email" or "role")."""
    t = Talk(Modality.SPOKEN, caller_number=person["phone"], silence_limit=3)
    await t.open()
    first = person["full_name"].split()[0]
    r = await t.say(f"{first} {heard.capitalize()}")
    r = await t.say("this number")
    if question == "role":
        assert "email" in r.text.lower(), r.text
        r = await t.say(said_email(person["email"]))
    assert question in r.text.lower() or "therapist" in r.text.lower(), r.text
    return t


@pytest.mark.parametrize("question", ["email", "role"])
@pytest.mark.parametrize("late", _LATE)
@pytest.mark.parametrize("case", _CASES)
async def test_a_surname_spelled_one_turn_late_is_read_back_and_saved(
    case: int, late: str, question: str
) -> None:
    person = caller(19_100 + case, _LOCALES)
    first, last = person["full_name"].split()
    t = await _to_the_question(person, _heard(last.lower()), question)
    letter = last[len(last) // 2].upper()
    r = await t.say(late.format(spelled=_as_whisper_writes(last), word=last, letter=letter))
    assert "so far" not in r.text and "didn't" not in r.text.lower(), r.text
    assert ("email" if question == "email" else "therapist") in r.text.lower(), r.text  # asked again
    r = await answer_to_the_read_back(t, r, person)
    assert f"Your name is {first} {last}" in r.text, r.text
    await t.say("yes")
    assert [(s["full_name"], s["email"]) for s in t.saves] == [(person["full_name"], person["email"])]


@pytest.mark.parametrize("case", _CASES)
async def test_a_first_name_spelled_at_the_email_question_begins_the_address(case: int) -> None:
    """Jon spelling "J-O-H-N" to the email question: john@..., the name as said."""
    person = caller(19_200 + case, _LOCALES)
    first, last = person["full_name"].split()
    t = await _to_the_question(person, last.lower(), "email")
    local = _heard(first.lower())
    r = await t.say(_as_whisper_writes(local))
    assert " ".join(local) in r.text and "after the at" in r.text, r.text
    r = await t.say("at gmail dot com")
    person = {**person, "email": f"{local}@gmail.com"}
    r = await answer_to_the_read_back(t, r, person)
    assert f"Your name is {first} {last}" in r.text, r.text
    await t.say("yes")
    assert [(s["full_name"], s["email"]) for s in t.saves] == [(person["full_name"], f"{local}@gmail.com")]


async def test_a_spelled_surname_with_its_domain_is_the_address() -> None:
    """ "S-M-Y-T-H at gmail dot com" to the email question is an address; the name stays as said."""
    t = Talk(Modality.SPOKEN, caller_number="+14155550123", silence_limit=3)
    await t.open()
    await t.say("Ana Smith")
    await t.say("this number")
    r = await t.say("S-M-Y-T-H at gmail dot com")
    r = await answer_to_the_read_back(t, r, {"phone": "+14155550123", "email": "x@y.z", "role": "client"})
    assert "Your name is Ana Smith." in r.text and "s m y t h, at gmail dot com" in r.text, r.text
