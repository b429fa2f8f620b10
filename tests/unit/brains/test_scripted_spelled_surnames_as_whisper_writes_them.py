"""Surnames spelled on a call, written the way a real recogniser writes a spelling (round 16, voice).

Whisper tiny.en, given espeak-ng's "Ana Smith, that's s m i t h" over an 8 kHz line, writes the letters
in capitals joined by hyphens or commas and ends the sentence with a dot: "Ana Smith, that's S-M-I-T-H.",
"Peter Quinn, ask, Q, U, I, N, N.". The corpus' own lines spell in lower case without a dot, so nobody
had met it:

- the dot after the last letter was read as an initial: "Ana Smith, that's S-M-I-T-H." was "Ana Smit H.",
  and Knotty said "Thanks, Ana. And your last name, please?" to a caller who had just spelled it; at the
  read-back, "the last name is Smith, S-M-I-T-H." was read back "Ana Smit H.";
- at the read-back of a misheard surname ("Ana Smyth"), "no, it's Smith, S-M-I-T-H." took Smith for a
  first name alone: "Could I have your last name too?".

People come from Faker in several locales; the surname misheard is this test's own one-letter change.
"""

from __future__ import annotations

import pytest

from knotty.state import Modality
from tests.unit.brains.callers import answer_to_the_read_back, caller
from tests.unit.brains.conftest import Reply, Talk

_LOCALES = ["en_US", "en_GB", "de_DE", "es_ES", "it_IT", "pl_PL", "nl_NL", "fr_FR", "pt_BR", "sv_SE"]
_CASES = range(16)


def _as_whisper_writes(word: str, case: int) -> str:
    """A word spelled as Whisper writes it: capitals, joined by hyphens or by commas, a dot at the end."""
    return ("-" if case % 2 else ", ").join(word.upper()) + "."


def _misheard(word: str) -> str:
    """The surname one letter off, as the line first heard it ("Smith" as "Smyth")."""
    at = len(word) // 2
    return word[:at] + ("y" if word[at] != "y" else "i") + word[at + 1 :]


def _spoken() -> Talk:
    return Talk(Modality.SPOKEN, caller_number="+14155550100", silence_limit=3)


async def _to_the_read_back(t: Talk, name: str, person: dict[str, str]) -> Reply:
    """The caller gives `name`, then the rest, as Knotty asks; the read-back."""
    await t.open()
    return await answer_to_the_read_back(t, await t.say(name), person)


@pytest.mark.parametrize("case", _CASES)
async def test_a_name_said_then_spelled_as_whisper_writes_it_is_read_whole(case: int) -> None:
    person = caller(16_100 + case, _LOCALES)
    first, last = person["full_name"].split()
    said = f"{first} {last}, {'that is ' if case % 3 else ''}{_as_whisper_writes(last, case)}"
    t = _spoken()
    r = await _to_the_read_back(t, said, person)
    assert f"Your name is {first} {last}" in r.text, (said, r.text)
    assert "last name" not in t.history[2].content.lower(), f"{said!r}: the spelled surname was asked again"
    await t.say("yes")
    assert [s["full_name"] for s in t.saves] == [f"{first} {last}"]


@pytest.mark.parametrize("case", _CASES)
async def test_a_surname_put_right_by_its_spelling_at_the_read_back_is_taken(case: int) -> None:
    person = caller(16_200 + case, _LOCALES)
    first, last = person["full_name"].split()
    heard = _misheard(last).capitalize()
    t = _spoken()
    await _to_the_read_back(t, f"{first} {heard}", person)
    fix = f"{'No, ' if case % 2 else ''}it's {last}, {_as_whisper_writes(last, case)}"
    r = await t.say(fix)
    assert f"Your name is {first} {last}" in r.text, (heard, fix, r.text)
    await t.say("yes")
    assert [s["full_name"] for s in t.saves] == [f"{first} {last}"]


_THATS_HEARD_AS = ("at", "and", "next", "ask")
"""What Whisper tiny.en wrote for espeak-ng's "that's" between a name and its spelling (tier runs)."""


@pytest.mark.parametrize("case", _CASES)
async def test_a_name_spelled_after_a_that_heard_as_another_word_is_read_whole(case: int) -> None:
    """ "Patrick Johnson at J-O-H-N-S-O-N." had been taken for the start of an address ("I missed your name"),
    "Andree Lenoir, and L-E-N-O-I-R." for two people ("Lenoir can sign up separately afterwards")."""
    person = caller(16_400 + case, _LOCALES)
    first, last = person["full_name"].split()
    cue = _THATS_HEARD_AS[case % len(_THATS_HEARD_AS)]
    said = f"{first} {last}{',' if case % 3 == 0 else ''} {cue} {_as_whisper_writes(last, case)}"
    t = _spoken()
    r = await _to_the_read_back(t, said, person)
    assert "separately" not in t.history[2].content, f"{said!r}: {t.history[2].content!r}"
    assert f"Your name is {first} {last}" in r.text, (said, r.text)
    await t.say("yes")
    assert [s["full_name"] for s in t.saves] == [f"{first} {last}"]


@pytest.mark.parametrize("case", range(6))
async def test_an_address_spelled_after_a_name_like_word_keeps_its_at(case: int) -> None:
    """The same shape inside an address ("smith at s m i t h dot com") is the address, never a spelling."""
    person = caller(16_500 + case, _LOCALES)
    last = person["full_name"].split()[1]
    t = _spoken()
    await _to_the_read_back(t, person["full_name"], person)
    spelled = " ".join(last.lower()) if case % 2 else "-".join(last.lower())
    r = await t.say(f"no, my email is {last.lower()} at {spelled} dot com")
    address = f"{last.lower()}@{last.lower()}.com"
    assert f"Your email is {' '.join(last.lower())}, at" in r.text, r.text
    assert f"Your name is {person['full_name']}" in r.text, r.text
    await t.say("yes")
    assert [(s["full_name"], s["email"]) for s in t.saves] == [(person["full_name"], address)]
