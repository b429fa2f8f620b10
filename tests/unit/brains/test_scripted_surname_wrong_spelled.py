"""Round 19, voice: "Last name is wrong, S-M-Y-T-H." at the read-back, as Whisper writes a spelling.

Whisper joins the letters of a spelled word with hyphens. Read after "the name is wrong" as a word of the new
name, the spelling kept its hyphens: "Ana S-M-Y-T-H" was read back, and a "yes" saved it. Letters joined by
hyphens are the word they spell; hyphenated names ("Smith-Jones", "Mary-Jane") are kept as they are.
"""

from __future__ import annotations

import re

import pytest

from knotty.state import Modality
from tests.unit.brains.callers import answer_to_the_read_back, caller
from tests.unit.brains.conftest import Talk

_LOCALES = ["en_US", "en_GB", "de_DE", "es_ES", "it_IT", "pl_PL", "nl_NL", "fr_FR", "pt_BR", "sv_SE", "fi_FI"]


def _heard(word: str) -> str:
    """The surname one letter off, as the line first heard it ("Smith" for "Smyth")."""
    at = len(word) // 2
    return word[:at] + ("y" if word[at] != "y" else "i") + word[at + 1 :]


@pytest.mark.parametrize(
    "fix", ["Last name is wrong, {spelled}.", "Surname is wrong: {spelled}.", "Last name wrong, {spelled}."]
)
@pytest.mark.parametrize("case", range(10))
async def test_a_spelling_after_the_surname_is_wrong_is_the_surname_it_spells(case: int, fix: str) -> None:
    person = caller(19_800 + case, _LOCALES)
    first, last = person["full_name"].split()
    t = Talk(Modality.SPOKEN, caller_number=person["phone"], silence_limit=3)
    await t.open()
    r = await answer_to_the_read_back(t, await t.say(f"{first} {_heard(last.lower()).capitalize()}"), person)
    r = await t.say(fix.format(spelled="-".join(last.upper())))
    assert f"Your name is {first} {last}" in r.text, r.text
    await t.say("yes")
    assert [s["full_name"] for s in t.saves] == [person["full_name"]]


@pytest.mark.parametrize("name", ["Ana Smith-Jones", "Mary-Jane Lima"])
async def test_a_hyphenated_name_is_kept(name: str) -> None:
    t = Talk(Modality.SPOKEN, caller_number="+14155550123", silence_limit=3)
    await t.open()
    person = {"phone": "+14155550123", "email": "ana@gmail.com", "role": "client"}
    r = await answer_to_the_read_back(t, await t.say(name), person)
    assert f"Your name is {name}" in r.text, r.text


@pytest.mark.parametrize(
    "fix",
    [
        "No, the last name is wrong. It's {spelled}.",
        "The last name is wrong. {spelled}.",
        "No, the surname's wrong, it's {spelled}.",
        "It's spelled {spelled}.",
    ],
)
@pytest.mark.parametrize("case", range(6))
async def test_a_spelling_said_apart_from_the_label_is_the_word_it_spells(case: int, fix: str) -> None:
    """Round 20, voice: the spelling as its own sentence ("...is wrong. It's S-M-Y-T-H.") had cleared the name
    and the full name was asked again; with no label, it had been "I didn't quite catch that"."""
    person = caller(20_800 + case, _LOCALES)
    first, last = person["full_name"].split()
    t = Talk(Modality.SPOKEN, caller_number=person["phone"], silence_limit=3)
    await t.open()
    r = await answer_to_the_read_back(t, await t.say(f"{first} {_heard(last.lower()).capitalize()}"), person)
    r = await t.say(fix.format(spelled="-".join(last.upper())))
    assert f"Your name is {first} {last}" in r.text, r.text
    await t.say("yes")
    assert [s["full_name"] for s in t.saves] == [person["full_name"]]


async def test_a_first_name_spelled_after_its_label_fixes_the_first_name() -> None:
    t = Talk(Modality.SPOKEN, caller_number="+14155550123", silence_limit=3)
    await t.open()
    person = {"full_name": "Anna Lima", "phone": "+14155550123", "email": "ana@gmail.com", "role": "client"}
    await answer_to_the_read_back(t, await t.say("Ana Lima"), person)
    r = await t.say("The first name is wrong. It's A-N-N-A.")
    assert "Your name is Anna Lima" in r.text, r.text
    await t.say("yes")
    assert [s["full_name"] for s in t.saves] == ["Anna Lima"]


@pytest.mark.parametrize("heard_for_wrong", ["Ron", "run", "Rong"])
@pytest.mark.parametrize("case", range(4))
async def test_wrong_heard_as_a_word_after_the_label_gives_way_to_the_spelling(
    case: int, heard_for_wrong: str
) -> None:
    """Round 20, voice: Whisper wrote "So, the last name is Ron, it's M-E-I-E-R." for "...is wrong, it's M-E-I-E-R":
    "Ron" was taken for a surname added ("Lukas Mayer Ron" read back), the spelling ignored."""
    person = caller(20_900 + case, _LOCALES)
    first, last = person["full_name"].split()
    t = Talk(Modality.SPOKEN, caller_number=person["phone"], silence_limit=3)
    await t.open()
    await answer_to_the_read_back(t, await t.say(f"{first} {_heard(last.lower()).capitalize()}"), person)
    r = await t.say(f"So, the last name is {heard_for_wrong}, it's {'-'.join(last.upper())}.")
    assert re.search(rf"Your name is {first} {last}[,.]", r.text), r.text
    await t.say("yes")
    assert [s["full_name"] for s in t.saves] == [person["full_name"]]
