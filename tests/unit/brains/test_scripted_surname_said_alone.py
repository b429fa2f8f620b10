"""A surname said alone, with a title or as the last name: "Mrs. Smith", "it's mister okafor", "my last name is
Lima".

The one name was taken for a first name: "Nice to meet you, Smith. And your last name, please?" asked for the
last name just given, and the first name said then was put after it ("Smith Jane"). On a call, the title as a
recogniser writes it ("mister", "missus", "doctor") was kept as the first name: "Mister Okafor" was read back
and, said yes to, saved. Now the surname waits, the first name is asked for, and goes before it.
"""

from __future__ import annotations

import phonenumbers
import pytest

from knotty.fields._name_words import PARTICLES
from knotty.state import Modality
from tests.unit.brains.callers import fake_for, plain, said_email, said_phone
from tests.unit.brains.conftest import Talk

_LOCALES = ("en_US", "en_GB", "de_DE", "fr_FR", "es_MX", "pt_BR", "it_IT", "pl_PL", "yo_NG", "en_IN")
_TYPED = ("Mrs. {}", "Mr {}", "it's Dr. {}", "This is Ms {}", "my last name is {}")
_SAID = ("it's mister {}", "this is missus {}", "doctor {}", "my last name is {}", "mrs {} speaking")


def _person(seed: int) -> tuple[str, str]:
    """A one-word first name and surname from Faker (particles and double names are other tests' people)."""
    fake = fake_for(seed, _LOCALES)
    for _ in range(200):
        first, last = fake.first_name(), fake.last_name()
        if first.isalpha() and last.isalpha() and len(first) > 2 and len(last) > 2:
            return first, last
    raise AssertionError("Faker gave no plain name")


def _number(seed: int) -> str:
    example = phonenumbers.example_number_for_type(
        ("US", "CA")[seed % 2], phonenumbers.PhoneNumberType.MOBILE
    )
    assert example is not None
    return phonenumbers.format_number(example, phonenumbers.PhoneNumberFormat.E164)


@pytest.mark.parametrize("seed", range(20))
async def test_a_typed_surname_with_a_title_gets_the_first_name_asked_and_put_first(seed: int) -> None:
    first, last = _person(seed)
    t = Talk()
    await t.open()
    r = await t.say(_TYPED[seed % len(_TYPED)].format(last))
    assert "first name" in r.text and "last name" not in r.text and f", {last}" not in r.text
    await t.say(first)
    await t.say(_number(seed))
    await t.say(f"{plain(first)}{seed}@example.org")
    r = await t.say("client")
    assert f"name {first} {last};" in r.text
    await t.say("yes")
    assert t.saves and t.saves[-1]["full_name"] == f"{first} {last}"


@pytest.mark.parametrize("seed", range(20))
async def test_a_surname_said_with_a_title_on_a_call_is_no_mister(seed: int) -> None:
    first, last = (plain(w) for w in _person(seed + 100))
    number = _number(seed)
    t = Talk(Modality.SPOKEN, caller_number="+14155550100", silence_limit=3)
    await t.open()
    r = await t.say(_SAID[seed % len(_SAID)].format(last))
    assert "first name" in r.text and "last name" not in r.text
    await t.say(first)
    await t.say(said_phone(number))
    await t.say(said_email(f"{first}.{last}@gmail.com"))
    r = await t.say("therapist")
    assert f"Your name is {first.capitalize()} {last.capitalize()}." in r.text
    await t.say("yes")
    assert t.saves and t.saves[-1]["full_name"] == f"{first.capitalize()} {last.capitalize()}"


async def test_the_surname_said_again_when_the_first_name_is_asked_is_no_first_name() -> None:
    first, last = _person(7)
    t = Talk()
    await t.open()
    await t.say(f"Mrs. {last}")
    r = await t.say(last)
    assert "first name" in r.text and f"{last} {last}" not in r.text
    r = await t.say(first)
    assert t.saves == [] and first in r.text


def _particle_people(count: int) -> list[tuple[str, str]]:
    """(first name, surname with a particle: "van Vliet", "de Korte", "da Cunha") from Faker."""
    people: list[tuple[str, str]] = []
    seed = 0
    while len(people) < count:
        fake = fake_for(seed, ("nl_NL", "pt_BR", "nl_BE"))
        seed += 1
        last = fake.last_name()
        if " " in last and last.split(maxsplit=1)[0] in PARTICLES and fake.first_name().isalpha():
            people.append((fake.first_name(), last))
    return people


@pytest.mark.parametrize(("first", "last"), _particle_people(10))
@pytest.mark.parametrize("lead", ["Mrs. {}", "my last name is {}"])
async def test_a_surname_with_a_particle_said_alone_is_no_full_name(first: str, last: str, lead: str) -> None:
    """ "Mrs. van Vliet" was taken as the full name "Van Vliet", read back and, said yes to, saved so."""
    t = Talk()
    await t.open()
    r = await t.say(lead.format(last))
    assert "first name" in r.text
    await t.say(first)
    await t.say("+31 6 12345678")
    await t.say("contact.me@example.org")
    r = await t.say("therapist")
    assert f"name {first} {last};" in r.text
    await t.say("yes")
    assert t.saves and t.saves[-1]["full_name"] == f"{first} {last}"
