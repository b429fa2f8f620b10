"""A complaint, a "none" or a refusal answered to "And your last name?" is no surname; real names are names.

Asked for the last name after a first name alone, "it's stupid", "this is annoying" and "this is taking
forever" were saved as the surname ("Ana Stupid", "Ana Annoying", "Ana Taking Forever"), and so were "skip",
"pass", "prefer not to say" ("Ana Prefer") and "none" ("Ana None"). "I don't have one", "n/a" and "just Ana"
were asked again and again, where "I only have one name" went on with the single name; and when the brain
did take "none" as that, the save was refused, as no one had said "I only have one name". A surname said with
a title and something else ("Mrs. Smith, 415 ...") was taken as a first name and saved "Smith Jane", and a
title given as the first name saved "Doctor Wilderman". Real names made of words were refused: "this is True
Tromp", "Hi I'm Dot Haley", "can rey" (Can is a Turkish given name), "my li" (My is a Swedish and a Vietnamese
one).

The phrasings of the failures are listed here; the people come from Faker in several locales.
"""

from __future__ import annotations

import importlib
import unicodedata

import pytest
from faker import Faker

from knotty.fields._name_reading import folded
from knotty.grounding import ungrounded_fields
from knotty.state import Modality
from tests.unit.brains.conftest import Talk

_LOCALES = ("en_US", "pt_BR", "es_MX", "tr_TR", "pl_PL", "de_DE", "fr_FR", "sv_SE", "vi_VN", "nl_NL")
_LOREM = frozenset(importlib.import_module("faker.providers.lorem.en_US").Provider.word_list)


def _plain(name: str) -> bool:
    """A one-word name of letters that is no English word (a surname that is one is another story)."""
    return name.isalpha() and folded(name) not in _LOREM and len(name) > 2


def _people(count: int, seed: int) -> list[tuple[str, str]]:
    """(first name, last name) pairs, a few from each locale."""
    out: list[tuple[str, str]] = []
    for k, locale in enumerate(_LOCALES):
        fake = Faker(locale)
        fake.seed_instance(seed + k)
        found = 0
        while found < count:
            first, last = fake.first_name(), fake.last_name()
            if _plain(first) and _plain(last):
                out.append((unicodedata.normalize("NFC", first), unicodedata.normalize("NFC", last)))
                found += 1
    return out


PEOPLE = _people(1, 9100)
COMPLAINTS = [
    "it's stupid",
    "this is annoying",
    "this is taking forever",
    "ugh whatever",
    "this is dumb",
    "ugh",
]
NO_SURNAME = ["none", "n/a", "idk", "I don't have one", "not applicable", "that's it", "just {first}", "NA"]
DECLINES = ["skip", "pass", "prefer not to say", "I'd rather not"]


async def _asked_for_the_last_name(first: str, modality: Modality = Modality.WRITTEN) -> Talk:
    t = Talk(modality, caller_number="+14155550100", silence_limit=3)
    await t.open()
    r = await t.say(first)
    assert "last name" in r.text, r.text
    return t


async def _finish(t: Talk) -> None:
    """Answers the rest: the caller's number, an address, the role, yes."""
    for said in ("this number", "zq.waitlist@gmail.com", "client", "yes"):
        await t.say(said)


@pytest.mark.parametrize("complaint", COMPLAINTS)
@pytest.mark.parametrize(("first", "last"), PEOPLE[::2])
async def test_a_complaint_at_the_last_name_question_is_no_surname(
    first: str, last: str, complaint: str
) -> None:
    t = await _asked_for_the_last_name(first)
    r = await t.say(complaint)
    assert "last name" in r.text, (complaint, r.text)
    r = await t.say(last)
    assert "phone" in r.text.lower(), r.text
    await _finish(t)
    assert t.saves and t.saves[-1]["full_name"] == f"{first} {last}", t.saves


@pytest.mark.parametrize("answer", NO_SURNAME)
@pytest.mark.parametrize(("first", "last"), PEOPLE[1::2])
async def test_none_at_the_last_name_question_goes_on_with_the_single_name(
    first: str, last: str, answer: str
) -> None:
    t = await _asked_for_the_last_name(first)
    said = answer.format(first=first)
    r = await t.say(said)
    assert "phone" in r.text.lower(), (said, r.text)
    await _finish(t)
    assert t.saves and t.saves[-1]["full_name"] == first and t.saves[-1].get("mononym") is True, t.saves
    texts = [first, said, "this number", "zq.waitlist@gmail.com", "client", "yes"]
    fields = {**t.saves[-1], "phone": "+14155550100"}
    assert "full_name" not in ungrounded_fields(fields, texts, "+14155550100"), said


async def test_just_a_surname_is_still_the_surname() -> None:
    """ "just Lima" gives a surname; only the first name after "just" says there is none."""
    for first, last in PEOPLE:
        t = await _asked_for_the_last_name(first)
        r = await t.say(f"just {last}")
        if "phone" not in r.text.lower():
            assert "last name" in r.text, r.text  # asked again, never gone on with the first name alone
            await t.say(last)
        await _finish(t)
        assert t.saves[-1]["full_name"] == f"{first} {last}", t.saves


@pytest.mark.parametrize("answer", DECLINES)
async def test_declining_the_last_name_is_answered_and_no_surname(answer: str) -> None:
    for first, last in PEOPLE[:4]:
        t = await _asked_for_the_last_name(first)
        r = await t.say(answer)
        assert "last name" in r.text and "Thank you" not in r.text, (answer, r.text)
        r = await t.say(last)
        await _finish(t)
        assert t.saves[-1]["full_name"] == f"{first} {last}", (answer, t.saves)


@pytest.mark.parametrize("title", ["Mrs.", "Dr.", "Doctor", "mister"])
@pytest.mark.parametrize(("first", "last"), PEOPLE[:5])
async def test_a_surname_with_a_title_and_a_number_waits_for_the_first_name(
    first: str, last: str, title: str
) -> None:
    t = Talk(Modality.WRITTEN, silence_limit=3)
    await t.open()
    r = await t.say(f"{title} {last}, 415 555 0134")
    assert "first name" in r.text, r.text
    await t.say(first)
    for said in ("zq.waitlist@gmail.com", "client", "yes"):
        await t.say(said)
    assert t.saves and t.saves[-1]["full_name"] == f"{first} {last}", t.saves


@pytest.mark.parametrize(("first", "last"), PEOPLE[:5])
async def test_a_title_is_no_first_name(first: str, last: str) -> None:
    t = await _asked_for_the_surname_with_a_title(last)
    r = await t.say("Doctor")
    assert "first name" in r.text, r.text
    await t.say(first)
    await _finish(t)
    assert t.saves[-1]["full_name"] == f"{first} {last}", t.saves


@pytest.mark.parametrize(("first", "last"), PEOPLE[:5])
async def test_a_surname_with_a_title_is_the_whole_name_of_someone_with_one_name(
    first: str, last: str
) -> None:
    t = await _asked_for_the_surname_with_a_title(last)
    r = await t.say("I only have one name")
    assert "phone" in r.text.lower(), r.text
    await _finish(t)
    assert t.saves[-1]["full_name"] == last and t.saves[-1].get("mononym") is True, t.saves


async def _asked_for_the_surname_with_a_title(last: str) -> Talk:
    t = Talk(Modality.WRITTEN, caller_number="+14155550100", silence_limit=3)
    await t.open()
    r = await t.say(f"Doctor {last}")
    assert "first name" in r.text, r.text
    return t


def _surnames(locale: str, count: int, seed: int) -> list[str]:
    fake = Faker(locale)
    fake.seed_instance(seed)
    out: list[str] = []
    while len(out) < count:
        last = fake.last_name()
        plain = unicodedata.normalize("NFKD", last).encode("ascii", "ignore").decode()
        if _plain(last) and plain == last and last not in out:
            out.append(last)
    return out


@pytest.mark.parametrize(
    ("said", "saved"),
    [
        *[(f"this is True {s}", f"True {s}") for s in _surnames("en_US", 3, 41)],
        *[(f"Hi I'm Dot {s}", f"Dot {s}") for s in _surnames("en_US", 3, 42)],
        *[(f"can {s.lower()}", f"Can {s}") for s in _surnames("tr_TR", 4, 43)],
        *[(f"my {s.lower()}", f"My {s}") for s in _surnames("sv_SE", 3, 44)],
    ],
)
async def test_a_given_name_that_is_an_english_word_is_a_name(said: str, saved: str) -> None:
    t = Talk(Modality.WRITTEN, caller_number="+14155550100", silence_limit=3)
    await t.open()
    r = await t.say(said)
    assert "phone" in r.text.lower(), (said, r.text)
    await _finish(t)
    assert t.saves and t.saves[-1]["full_name"] == saved, t.saves


@pytest.mark.parametrize("said", ["my son", "my bad", "can do", "he said", "my wife"])
async def test_a_remark_after_such_a_word_is_no_name(said: str) -> None:
    t = Talk(Modality.WRITTEN, caller_number="+14155550100", silence_limit=3)
    await t.open()
    r = await t.say(said)
    assert "phone" not in r.text.lower() and "Nice to meet you" not in r.text, (said, r.text)


@pytest.mark.parametrize("shorthand", ["lol", "haha", "LOL", "jk"])
@pytest.mark.parametrize(("first", "last"), PEOPLE[:5])
async def test_chat_shorthand_beside_a_name_is_no_part_of_it(first: str, last: str, shorthand: str) -> None:
    """ "kelly lol" answered to the last name, or "ana kelly lol" to the name, had been saved "Ana Kelly Lol"."""
    t = await _asked_for_the_last_name(first)
    await t.say(f"{last.lower()} {shorthand}")
    await _finish(t)
    assert t.saves[-1]["full_name"] == f"{first} {last}", t.saves
    t = Talk(Modality.WRITTEN, caller_number="+14155550100", silence_limit=3)
    await t.open()
    await t.say(f"{first.lower()} {last.lower()} {shorthand}")
    await _finish(t)
    assert t.saves[-1]["full_name"] == f"{first} {last}", t.saves


def _dotless_surnames(count: int) -> list[str]:
    fake = Faker("tr_TR")
    fake.seed_instance(45)
    found: dict[str, None] = {}
    for _ in range(2000):
        last = fake.last_name()
        if "ı" in last and last.isalpha():
            found[last] = None
    return list(found)[:count]


@pytest.mark.parametrize("last", _dotless_surnames(5))
async def test_a_surname_spelled_with_capitals_keeps_its_dotless_i(last: str) -> None:
    """ "Kısakürek, K I S A K Ü R E K": a capital I spelled is the letter ı too; it had been saved "Kisakürek"."""
    t = await _asked_for_the_last_name("Ünlen")
    await t.say(f"{last}, {' '.join(last.upper())}")
    await _finish(t)
    assert t.saves[-1]["full_name"] == f"Ünlen {last}", t.saves
