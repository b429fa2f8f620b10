"""Round 20, voice: a surname said again alone, or a letter note said alone, at the read-back of a call.

Whisper writes "Mitchell, double L." or a bare "Mitchell." when a caller puts right a surname the line heard as
"Michel"; a word alone on a call had never been a fix, and the caller was told "I didn't quite catch that" — a
"yes" then saved the name misheard. "The name is with one N." (Anna, to be Ana) lost its note to the word "is"
and was not understood either. A word that sounds like a yes ("parfect") is still no fix of the name.
"""

from __future__ import annotations

import pytest

from knotty.state import Modality
from tests.unit.brains.callers import answer_to_the_read_back, caller
from tests.unit.brains.conftest import Talk

_LOCALES = ["en_US", "en_GB", "de_DE", "es_ES", "it_IT", "pl_PL", "nl_NL", "fr_FR", "pt_BR", "sv_SE"]


def _heard(word: str) -> str:
    """The surname one letter off, as the line first heard it ("Smith" for "Smyth")."""
    at = len(word) // 2
    return word[:at] + ("y" if word[at] != "y" else "i") + word[at + 1 :]


_PEOPLE = [s for s in range(20_400, 20_440) if len(caller(s, _LOCALES)["full_name"].split()[-1]) >= 4][:8]
"""Surnames of four letters or more: one letter off a three-letter word ("Sys" for "Sas") is another word."""


async def _read_back(said: str, person: dict[str, str]) -> Talk:
    t = Talk(Modality.SPOKEN, caller_number=person["phone"], silence_limit=3)
    await t.open()
    await answer_to_the_read_back(t, await t.say(said), person)
    return t


@pytest.mark.parametrize("form", ["{last}.", "{last}", "{last}!"])
@pytest.mark.parametrize("seed", _PEOPLE)
async def test_a_surname_said_again_alone_on_a_call_puts_it_right(seed: int, form: str) -> None:
    person = caller(seed, _LOCALES)
    first, last = person["full_name"].split()
    t = await _read_back(f"{first} {_heard(last.lower()).capitalize()}", person)
    r = await t.say(form.format(last=last))
    assert f"Your name is {first} {last}" in r.text, r.text
    await t.say("yes")
    assert [s["full_name"] for s in t.saves] == [person["full_name"]]


@pytest.mark.parametrize(
    ("heard", "said"), [("Ana Michel", "Mitchell, double L."), ("Ana Mitchel", "Mitchell, double L.")]
)
async def test_a_surname_with_its_double_letter_noted_puts_it_right(heard: str, said: str) -> None:
    person = {
        "full_name": "Ana Mitchell",
        "phone": "+14155550123",
        "email": "ana@gmail.com",
        "role": "client",
    }
    t = await _read_back(heard, person)
    r = await t.say(said)
    assert "Your name is Ana Mitchell" in r.text, r.text
    await t.say("yes")
    assert [s["full_name"] for s in t.saves] == ["Ana Mitchell"]


@pytest.mark.parametrize(
    "note", ["The name is with one N.", "My first name is with one N.", "It's with one N.", "Just one N."]
)
async def test_a_note_alone_removing_a_double_letter_is_applied(note: str) -> None:
    person = {"full_name": "Ana Lima", "phone": "+14155550123", "email": "ana@gmail.com", "role": "client"}
    t = await _read_back("Anna Lima", person)
    r = await t.say(note)
    assert "Your name is Ana Lima" in r.text, r.text
    await t.say("yes")
    assert [s["full_name"] for s in t.saves] == ["Ana Lima"]


@pytest.mark.parametrize("misheard", ["Parfect.", "Corect.", "Yah."])
async def test_a_yes_misheard_is_no_fix_of_the_name(misheard: str) -> None:
    person = {
        "full_name": "Melissa Perfect",
        "phone": "+14155550123",
        "email": "ana@gmail.com",
        "role": "client",
    }
    t = await _read_back("Melissa Perfect", person)
    r = await t.say(misheard)
    assert f"Melissa {misheard.rstrip('.')}" not in r.text, r.text
    assert all(s["full_name"] == "Melissa Perfect" for s in t.saves)
