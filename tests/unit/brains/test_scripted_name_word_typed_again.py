"""One word of the name typed again to fix it, in the next message (round 11 finding).

"Ana Lime", then "sorry, Lima" (or "*Lima", "Lima*", "oops, I meant Lima", "typo, it's Lima not Lime"), answered to
the phone question that followed, was "I'm sorry, I didn't get the whole number" (a failed phone answer), and
"Ana Lime" stayed, to be read back. The word now replaces the word of the name most like it: "Got it, Ana
Lima.", and the phone question again. A word like none of the name's ("sorry, what?", "oops, wrong") is no fix.
The same at "And your last name?" after a first name alone: "Ana", then "*Anna" had been a failed answer, and
"sorry, Anna" or "Anna*" the surname ("Ana Anna"); now "Got it, Anna." and the last name asked again.

People come from Faker in several locales; the typo changes one letter of their surname or first name.
"""

from __future__ import annotations

import pytest
from faker import Faker

from tests.unit.brains.conftest import Talk

_LOCALES = ("en_US", "pt_BR", "de_DE", "pl_PL", "it_IT", "sv_SE", "es_MX", "fr_FR", "tr_TR", "nl_NL")
FIXES = ("*{word}", "{word}*", "sorry, {word}", "oops, I meant {word}", "typo, it's {word} not {typo}")


def _typo(word: str) -> str:
    """The word with its last vowel-or-letter changed: what a slip of the finger types ("Lima" as "Lime")."""
    last = word[-1]
    return word[:-1] + ("e" if last != "e" else "a")


def _people(count: int) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for k in range(count):
        fake = Faker(_LOCALES[k % len(_LOCALES)])
        fake.seed_instance(1131 + k)
        while True:
            first, last = fake.first_name(), fake.last_name()
            if first.isalpha() and last.isalpha() and len(first) > 3 and len(last) > 3:
                out.append((first, last))
                break
    return out


PEOPLE = _people(10)


@pytest.mark.parametrize("fix", FIXES)
@pytest.mark.parametrize("which", ["surname", "first name"])
@pytest.mark.parametrize(("first", "last"), PEOPLE)
async def test_a_name_word_typed_again_fixes_the_name(first: str, last: str, which: str, fix: str) -> None:
    word = last if which == "surname" else first
    typed = f"{first} {_typo(last)}" if which == "surname" else f"{_typo(first)} {last}"
    t = Talk(caller_number="+14155550100")
    await t.open()
    r = await t.say(typed)
    assert "phone" in r.text.lower(), r.text
    r = await t.say(fix.format(word=word, typo=_typo(word)))
    assert r.text.startswith(f"Got it, {first} {last}.") and "phone" in r.text.lower(), (typed, r.text)
    for said in ("this number", "zq.signup@gmail.com", "client", "yes"):
        await t.say(said)
    assert t.saves and t.saves[-1]["full_name"] == f"{first} {last}", (typed, t.saves)


@pytest.mark.parametrize(
    "said",
    ["sorry, what?", "oops, wrong", "no, client", "sorry, Zbigniewski", "*sigh*", "sorry, home", "oh, mail"],
)
@pytest.mark.parametrize("name", ["Ana Lima", "Maria Gomez", "Thomas Cole"])
async def test_words_like_none_of_the_name_fix_nothing(name: str, said: str) -> None:
    t = Talk(caller_number="+14155550100")
    await t.open()
    await t.say(name)
    r = await t.say(said)
    assert "Got it" not in r.text, r.text
    for answer in ("this number", "zq.signup@gmail.com", "client", "yes"):
        r = await t.say(answer)
        if t.saves:
            break
    assert t.saves and t.saves[-1]["full_name"] == name, t.saves


@pytest.mark.parametrize("fix", FIXES)
@pytest.mark.parametrize(("first", "last"), PEOPLE)
async def test_a_first_name_typed_again_at_the_last_name_question_is_no_surname(
    first: str, last: str, fix: str
) -> None:
    t = Talk(caller_number="+14155550100")
    await t.open()
    r = await t.say(_typo(first))
    assert "last name" in r.text, r.text
    r = await t.say(fix.format(word=first, typo=_typo(first)))
    assert r.text.startswith(f"Got it, {first}.") and "last name" in r.text, r.text  # it had been the surname
    for said in (last, "this number", "zq.signup@gmail.com", "client", "yes"):
        await t.say(said)
    assert t.saves and t.saves[-1]["full_name"] == f"{first} {last}", t.saves


@pytest.mark.parametrize(
    ("first", "said", "saved"),
    [
        ("Ana", "sorry, Alba", "Ana Alba"),
        ("Ana", "sorry, Anderson", "Ana Anderson"),
        ("Mark", "sorry, Marks", "Mark Marks"),
    ],
)
async def test_a_surname_after_a_sorry_stays_the_surname(first: str, said: str, saved: str) -> None:
    t = Talk(caller_number="+14155550100")
    await t.open()
    await t.say(first)
    r = await t.say(said)
    assert "phone" in r.text.lower() and "Got it" not in r.text, r.text
    for answer in ("this number", "zq.signup@gmail.com", "client", "yes"):
        await t.say(answer)
    assert t.saves and t.saves[-1]["full_name"] == saved, t.saves
