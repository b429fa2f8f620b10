"""The whole name said again when the last name is asked (a fresh strangers seed, 5150271).

"kursad nice" was read as Kursad Nice; the address kursad1977x@ named another surname's initial, so the last name
was asked; "kursad nice" said again was read as the first name alone (the reader stops before an everyday word)
and added to what was there: "Kursad Nice Kursad" read back. Said again, every word of the name already held is
the whole name.

The surnames are the Faker ones the name reader stops before when said after a first name ("kelly", "good",
"king", "manning"), found by asking the reader, not listed by hand.
"""

from __future__ import annotations

import pytest
from faker import Faker

from knotty.fields.name import extract_name
from knotty.state import Modality
from tests.unit.brains.conftest import Talk

_NUMBER = "+14155550143"


def _people(count: int) -> list[tuple[str, str]]:
    """(first, last): Faker names whose surname the reader takes for an everyday word after the first name."""
    out: list[tuple[str, str]] = []
    for k, locale in enumerate(("en_US", "en_GB", "en_AU", "en_CA", "fr_FR", "de_DE")):
        fake = Faker(locale)
        fake.seed_instance(5150 + k)
        for _ in range(20_000):
            first, last = fake.first_name(), fake.last_name()
            if not (first.isascii() and first.isalpha() and last.isalpha() and len(first) > 2):
                continue
            read = extract_name(f"my name is {first.lower()} {last.lower()}")
            if read and read.lower() == first.lower() and all(last != seen for _, seen in out):
                out.append((first, last))
                break
    return out[:count]


PEOPLE = _people(6)


def test_there_are_such_people() -> None:
    assert len(PEOPLE) >= 4, PEOPLE


@pytest.mark.parametrize(("first", "last"), PEOPLE)
async def test_the_whole_name_said_again_for_the_last_name_is_the_whole_name(first: str, last: str) -> None:
    t = Talk(modality=Modality.SPOKEN, caller_number=_NUMBER)
    await t.open()
    await t.say(f"{first.lower()} {last.lower()}")
    await t.say("this number")
    r = await t.say(f"{first.lower()} one nine seven seven x at aol dot com")
    assert "last name" in r.text, r.text  # the address named another surname's initial: it is asked
    await t.say(f"oh, {first.lower()} {last.lower()}")
    r = await t.say("client")
    assert f"Your name is {first} {last}." in r.text, r.text
    await t.say("yes")
    assert t.saves and t.saves[-1]["full_name"] == f"{first} {last}", t.saves
