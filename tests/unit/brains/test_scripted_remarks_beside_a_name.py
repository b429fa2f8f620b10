"""Remarks said beside a name (round 7 findings).

- "it's good", "that's ok", "all good", "fine" answered to "And your last name?" were a yes ("Wonderful.")
  and the question again; said again, they were saved as the surname ("Ana Good", "Ana Ok"). They are
  neither: Knotty says the waitlist needs a last name unless the person has only one name; said again, it
  asks for the word spelled, so a person whose surname is Good can still give it. "my last name is good",
  said on a call, names it at once.
- "this is ana lima nice", "ana lima ok", "hi its john smith cool": a pleasantry after a whole name was saved
  as a third word ("Ana Lima Nice"). It is dropped after a first and a last name; a surname that is an
  everyday word after a first name alone ("this is carl nice") or typed with its capital is kept.

People come from Faker in several locales; their surnames include real ones that are everyday words.
"""

from __future__ import annotations

import pytest
from faker import Faker

from knotty.fields import normalize_name
from knotty.fields._name_reading import folded
from knotty.state import Modality
from tests.unit.brains.conftest import Talk

_LOCALES = ("en_US", "en_GB", "pl_PL", "tr_TR", "ro_RO", "hu_HU", "fil_PH", "en_NG", "yo_NG", "sw")
_EVERYDAY = ("Young", "Rich", "Best", "Good", "Love", "Hope", "Will", "May", "Bill", "Said", "Nice", "Fine")


def _people(count: int) -> list[tuple[str, str]]:
    """(first name, surname) of one word each, from Faker, in Latin letters."""
    out: list[tuple[str, str]] = []
    for k in range(count):
        fake = Faker(_LOCALES[k % len(_LOCALES)])
        fake.seed_instance(7100 + k)
        while True:
            first, last = fake.first_name(), fake.last_name()
            if first.isalpha() and last.isalpha() and first.isascii() and last.isascii() and len(first) > 2:
                out.append((first, last))
                break
    return out


PEOPLE = _people(10)
ACKS = ["it's good", "that's ok", "all good", "fine", "it's fine", "ok", "good", "that's fine thanks"]
PLEASANTRIES = ["nice", "ok", "thanks", "cool", "please", "okay"]


async def _finish(t: Talk) -> None:
    for said in ("this number", "zq.signup@gmail.com", "client", "yes"):
        await t.say(said)


@pytest.mark.parametrize("ack", ACKS)
@pytest.mark.parametrize(("first", "last"), PEOPLE[:4])
async def test_an_acknowledgement_at_the_last_name_question_is_no_yes_and_no_surname(
    first: str, last: str, ack: str
) -> None:
    t = Talk(Modality.SPOKEN, caller_number="+14155550100", silence_limit=3)
    await t.open()
    r = await t.say(first.lower())
    assert "last name" in r.text, r.text
    for _ in range(2):
        r = await t.say(ack)
        assert "last name" in r.text and "Wonderful" not in r.text and "Great!" not in r.text, (ack, r.text)
        assert "one name" in r.text, r.text  # how to go on without a surname
    r = await t.say(last.lower())
    assert "phone" in r.text.lower(), r.text
    await _finish(t)
    assert t.saves and t.saves[-1]["full_name"] == f"{first} {last}", (ack, t.saves)


@pytest.mark.parametrize("surname", ["Good", "Fine", "Nice", "Cool"])
async def test_an_everyday_surname_said_as_a_remark_is_kept_once_spelled_or_labelled(surname: str) -> None:
    first = PEOPLE[len(surname)][0]
    t = Talk(Modality.SPOKEN, caller_number="+14155550100", silence_limit=3)
    await t.open()
    await t.say(first.lower())
    await t.say(f"it's {surname.lower()}")
    r = await t.say(f"it's {surname.lower()}")
    assert f"If your last name is {surname}" in r.text and "spell" in r.text, r.text
    await t.say(" ".join(surname.lower()))
    await _finish(t)
    assert t.saves and t.saves[-1]["full_name"] == f"{first} {surname}", t.saves
    t = Talk(Modality.SPOKEN, caller_number="+14155550100", silence_limit=3)
    await t.open()
    await t.say(first.lower())
    await t.say(f"my last name is {surname.lower()}")
    await _finish(t)
    assert t.saves and t.saves[-1]["full_name"] == f"{first} {surname}", t.saves


@pytest.mark.parametrize("intro", ["this is {} {}", "{} {} {}", "hi its {} here {}", "my name is {} {}"])
@pytest.mark.parametrize("k", range(len(PLEASANTRIES)))
async def test_a_pleasantry_after_a_whole_name_is_no_part_of_it(intro: str, k: int) -> None:
    first, last = PEOPLE[k]
    said = (
        intro.format(first, last, PLEASANTRIES[k]).lower()
        if intro.count("{}") == 3
        else f"{intro.format(first, last)} {PLEASANTRIES[k]}".lower()
    )
    said = said.replace(" here ", " ")
    t = Talk(Modality.SPOKEN, caller_number="+14155550100")
    await t.open()
    await t.say(said)
    await _finish(t)
    assert t.saves and t.saves[-1]["full_name"] == f"{first} {last}", (said, t.saves)


def _faker_surnames_that_are_words() -> list[str]:
    """Surnames Faker gives (many locales) that are everyday English words, said after a first name alone."""
    found: dict[str, None] = {}
    for locale in ("en_US", "en_GB", "en_NG", "en_IN", "fil_PH"):
        fake = Faker(locale)
        fake.seed_instance(7)
        for _ in range(4000):
            last = fake.last_name()
            if last.isalpha() and folded(last) in {folded(w) for w in _EVERYDAY} | {"king", "long", "strong"}:
                found[last] = None
    return [*found, *(w for w in _EVERYDAY if w not in found)]


@pytest.mark.parametrize("surname", _faker_surnames_that_are_words())
async def test_an_everyday_surname_in_a_clear_full_name_is_kept(surname: str) -> None:
    first = PEOPLE[len(surname) % len(PEOPLE)][0]
    for said, modality in (
        (f"this is {first} {surname}".lower(), Modality.SPOKEN),
        (f"Hi, I'm {first} {surname}", Modality.WRITTEN),
        (f"{first} {surname}", Modality.WRITTEN),
    ):
        t = Talk(modality, caller_number="+14155550100")
        await t.open()
        r = await t.say(said)
        if "last name" in r.text:  # "this is arsenie nice" may end with a remark: asked, never dropped
            await t.say(f"my last name is {surname.lower()}")  # a bare "nice" here is a remark too
        await _finish(t)
        assert t.saves and t.saves[-1]["full_name"] == normalize_name(f"{first} {surname}"), (said, t.saves)
