"""Round 19, voice: "the last name is with two Ls" at the read-back, as Whisper writes it.

The note after the label was taken for the surname itself: "Ana With Two L's" read back, and a "yes" saved
it; without "the" ("Last name is with two Ls", "No, Mitchell with two Ls") its "two" was a digit, and the
whole phone number was asked again. The note is applied to the surname when it says plainly where (one L in "Mitchel": Mitchell), and
otherwise names nothing: the name stays as it was.
"""

from __future__ import annotations

import re

import pytest

from knotty.state import Modality
from tests.unit.brains.callers import answer_to_the_read_back, caller
from tests.unit.brains.conftest import Talk

_LOCALES = ["en_US", "en_GB", "de_DE", "it_IT", "nl_NL", "fi_FI", "sv_SE", "pl_PL"]


def _doubled_surnames() -> list[tuple[dict[str, str], str, str]]:
    """Faker callers whose surname has one double letter and no other of it; the surname heard single."""
    found = []
    for seed in range(19_300, 19_700):
        person = caller(seed, _LOCALES)
        last = person["full_name"].split()[1].lower()
        doubles = [c for c in set(last) if c * 2 in last and last.count(c) == 2]
        if len(doubles) == 1:
            found.append((person, last.replace(doubles[0] * 2, doubles[0]), doubles[0]))
        if len(found) == 10:
            break
    return found


@pytest.mark.parametrize(
    "note",
    [
        "The last name is with two {l}'s.",
        "My surname is with a double {l}.",
        "Last name is with two {l}s.",  # the note's "two" had been a digit: the whole number asked again
        "It's with two {l}'s.",
        "The last name has two {l}'s.",
        "No, {word} with two {l}s.",
    ],
)
@pytest.mark.parametrize(("person", "heard", "letter"), _doubled_surnames())
async def test_a_doubled_letter_noted_at_the_read_back_is_applied_to_the_surname(
    person: dict[str, str], heard: str, letter: str, note: str
) -> None:
    first = person["full_name"].split()[0]
    t = Talk(Modality.SPOKEN, caller_number=person["phone"], silence_limit=3)
    await t.open()
    r = await answer_to_the_read_back(t, await t.say(f"{first} {heard.capitalize()}"), person)
    assert f"Your name is {first} {heard.capitalize()}" in r.text, r.text
    r = await t.say(note.format(l=letter.upper(), word=person["full_name"].split()[1]))
    assert f"Your name is {person['full_name']}" in r.text, r.text
    await t.say("yes")
    assert [s["full_name"] for s in t.saves] == [person["full_name"]]


@pytest.mark.parametrize("surname", ["Lil", "Lilla", "Ellis"])
async def test_a_note_that_fits_no_one_place_is_never_the_name(surname: str) -> None:
    """ "Ana Lil", "the last name is with two L's": where the second L goes is not said; never "With Two"."""
    t = Talk(Modality.SPOKEN, caller_number="+14155550123", silence_limit=3)
    await t.open()
    person = {"phone": "+14155550123", "email": "ana@gmail.com", "role": "client"}
    await answer_to_the_read_back(t, await t.say(f"Ana {surname}"), person)
    r = await t.say("The last name is with two L's.")
    assert not re.search(r"\bwith\b|\btwo\b", r.text.split("Your phone")[0], re.IGNORECASE), r.text
    await t.say("yes")
    assert [s["full_name"] for s in t.saves] in ([], [f"Ana {surname}"])
