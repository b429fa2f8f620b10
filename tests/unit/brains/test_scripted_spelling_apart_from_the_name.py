"""Round 18, voice: a surname spelled apart from the name, as a real recogniser writes a call's <Gather> turns.

Whisper ends a sentence with a full stop and writes the spelling in capitals joined by hyphens; callers put
words between the name and its spelling. The name's reader took a spelling only when it ran on from the
name ("Ana Smith, that's S-M-Y-T-H"), so these were dropped and the name as first heard read back and saved:

- after a full stop: "Ana Smith. S-M-Y-T-H.", "Ana Smith. That's S-M-Y-T-H.";
- after words of their own: "Ana Smith, no, S-M-Y-T-H.", "that's with a Y, S-M-Y-T-H.", "Ana Brown with an
  E, B-R-O-W-N-E.";
- one turn late, to the phone question ("S-M-Y-T-H"): "I didn't get the whole number", the spelling lost.

What a caller expects: the spelled surname read back and saved, and, when it came late, the phone asked
again. A spelling of no word of the name ("a b c" to the phone question) is still no answer.

People come from Faker in several locales; the surname as first heard is this test's own one-letter change.
"""

from __future__ import annotations

import pytest

from knotty.state import Modality
from tests.unit.brains.callers import answer_to_the_read_back, caller
from tests.unit.brains.conftest import Talk

_LOCALES = ["en_US", "en_GB", "de_DE", "es_ES", "it_IT", "pl_PL", "nl_NL", "fr_FR", "pt_BR", "sv_SE", "fi_FI"]
_CASES = range(12)


def _as_whisper_writes(word: str) -> str:
    """A word spelled as Whisper writes it: capitals joined by hyphens, a full stop at the end."""
    return "-".join(word.upper()) + "."


def _heard(word: str) -> tuple[str, str]:
    """The surname one letter off, as the line first heard it ("Smith" for "Smyth"), and the letter changed."""
    at = len(word) // 2
    other = "y" if word[at] != "y" else "i"
    return word[:at] + other + word[at + 1 :], word[at]


def _spoken() -> Talk:
    return Talk(Modality.SPOKEN, caller_number="+14155550100", silence_limit=3)


def _shapes(first: str, heard: str, last: str, letter: str) -> list[str]:
    spelled = _as_whisper_writes(last)
    return [
        f"{first} {heard}. {spelled}",
        f"{first} {heard}. That's {spelled}",
        f"{first} {heard}, no, {spelled}",
        f"{first} {heard}, that's with a {letter.upper()}, {spelled}",
        f"{first} {heard}, sorry, it's with {'an' if letter in 'aeiou' else 'a'} {letter.upper()}. {spelled}",
        f"{first} {heard}, no, {last}, {spelled}",
    ]


@pytest.mark.parametrize("shape", range(6))
@pytest.mark.parametrize("case", _CASES)
async def test_a_surname_spelled_after_a_full_stop_or_words_between_is_read_back_and_saved(
    case: int, shape: int
) -> None:
    person = caller(18_100 + case, _LOCALES)
    first, last = person["full_name"].split()
    heard, letter = _heard(last.lower())
    said = _shapes(first, heard.capitalize(), last, letter)[shape]
    t = _spoken()
    await t.open()
    r = await answer_to_the_read_back(t, await t.say(said), person)
    assert f"Your name is {first} {last}" in r.text, (said, r.text)
    await t.say("yes")
    assert [s["full_name"] for s in t.saves] == [f"{first} {last}"], said


@pytest.mark.parametrize("case", _CASES)
async def test_a_letter_added_by_its_spelling_is_kept(case: int) -> None:
    """ "Ana Brown with an E, B-R-O-W-N-E.": the spelling has a letter the word heard has not."""
    person = caller(18_200 + case, _LOCALES)
    first, last = person["full_name"].split()
    heard, letter = last[:-1], last[-1].lower()
    said = f"{first} {heard} with {'an' if letter in 'aeiou' else 'a'} {letter.upper()}, {_as_whisper_writes(last)}"
    t = _spoken()
    await t.open()
    r = await answer_to_the_read_back(t, await t.say(said), person)
    assert f"Your name is {first} {last}" in r.text, (said, r.text)


@pytest.mark.parametrize("late", ["{spelled}", "{word}, {spelled}", "sorry, it's {word}, {spelled}"])
@pytest.mark.parametrize("case", _CASES)
async def test_a_surname_spelled_one_turn_late_at_the_phone_question_is_taken(case: int, late: str) -> None:
    person = caller(18_300 + case, _LOCALES)
    first, last = person["full_name"].split()
    heard, _ = _heard(last.lower())
    t = _spoken()
    await t.open()
    r = await t.say(f"{first} {heard.capitalize()}")
    assert "phone" in r.text.lower(), r.text
    r = await t.say(late.format(spelled=_as_whisper_writes(last), word=last))
    assert "didn't get" not in r.text.lower() and "phone number" in r.text.lower(), r.text
    r = await answer_to_the_read_back(t, r, person)
    assert f"Your name is {first} {last}" in r.text, r.text
    await t.say("yes")
    assert [(s["full_name"], s["phone"]) for s in t.saves] == [(f"{first} {last}", person["phone"])]


async def test_letters_that_spell_no_word_of_the_name_are_still_no_phone_number() -> None:
    t = _spoken()
    await t.open()
    await t.say("Ana Smith")
    r = await t.say("A-B-C.")
    assert "number" in r.text.lower(), r.text
    r = await answer_to_the_read_back(
        t, r, {"phone": "+14155550123", "email": "ana@gmail.com", "role": "client"}
    )
    assert "Your name is Ana Smith." in r.text, r.text


async def test_a_spelled_address_after_the_name_is_no_spelling_of_the_surname() -> None:
    """ "Ana Smith. S-M-Y-T-H at gmail dot com.": an address, the surname as said."""
    t = _spoken()
    await t.open()
    r = await t.say("Ana Smith. S-M-Y-T-H at gmail dot com.")
    r = await answer_to_the_read_back(
        t, r, {"phone": "+14155550123", "email": "smyth@gmail.com", "role": "client"}
    )
    assert "Your name is Ana Smith." in r.text, r.text
    assert "s m y t h, at gmail dot com" in r.text, r.text


@pytest.mark.parametrize("relation", ["my wife is", "and my husband", "for my friend"])
async def test_a_name_spelled_for_someone_else_leaves_the_callers_name_as_said(relation: str) -> None:
    """ "Mark Ellis, my wife is Mary, M-A-R-Y": Mary is the wife's name, one letter from Mark's."""
    t = _spoken()
    await t.open()
    r = await t.say(f"Mark Ellis, {relation} Mary, M-A-R-Y.")
    r = await answer_to_the_read_back(
        t, r, {"phone": "+14155550123", "email": "mark@gmail.com", "role": "client"}
    )
    assert "Your name is Mark Ellis." in r.text, r.text
