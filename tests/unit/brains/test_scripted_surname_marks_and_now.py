"""A new surname at the read-back, typed as a form's field with any mark or said as a change, replaces the old one.

"surname: Jones" replaced the surname read back, but "surname = Jones", "last name -> Jones" and "last name —
Jones" were not understood (the read-back asked again), "surname is now Jones" and "my new last name is Jones"
were read back "Ana Lima Jones" (the surname added after the old one, saved on a yes), and "last name changed to
Jones" as "Ana Changed" (people17, round 17). Faker people of several locales, each with a surname from the same
locale; a second given name read back ("Klaus Dieter", then "my last name is Schmidt") is still kept.
"""

from __future__ import annotations

import pytest
from faker import Faker

from tests.unit.brains.conftest import Talk

_SAYINGS = [
    "surname = {}",
    "last name -> {}",
    "Last name => {}",
    "last name — {}",
    "surname → {}",
    "surname is now {}",
    "my last name is now {}",
    "my new last name is {}",
    "last name changed to {}",
    "change surname to {}",
    "my surname has changed to {}",
]
_LOCALES = ("en_US", "en_GB", "de_DE", "pt_BR", "pl_PL", "fr_FR")


def _person(locale: str, i: int) -> tuple[str, str, str]:
    fake = Faker(locale)
    fake.seed_instance(1717 + i)
    given, old = fake.first_name_female(), fake.last_name()
    new = next(n for n in (fake.last_name() for _ in range(50)) if n != old and " " not in n and "-" not in n)
    return given, old, new


_CHANGED = [
    "I got married, it's {} now",
    "it's {} now",
    "just got married so it's {} now",
    "got divorced, it's {} now",
]


_ALL = [(i, saying) for i, saying in enumerate(_SAYINGS)] + [
    (20 + i, saying) for i, saying in enumerate(_CHANGED)
]


@pytest.mark.parametrize("locale", _LOCALES)
@pytest.mark.parametrize(("i", "saying"), _ALL)
async def test_the_new_surname_replaces_the_one_read_back(locale: str, i: int, saying: str) -> None:
    """Each way of giving a new surname at the read-back; "I got married, it's Jones now" had been taken as a
    first name alone: the name read back was dropped, and "Jones", said for the last name it then asked for,
    refused as the first name again, until it gave up."""
    given, old, new = _person(locale, i)
    talk = Talk()
    await talk.open()
    for line in [f"{given} {old}", "+1 415 555 0134", "person@example.com", "client"]:
        await talk.say(line)
    reply = await talk.say(saying.format(new))
    assert f"name {given} {new};" in reply.text, reply.text
    await talk.say("yes")
    assert [s["full_name"] for s in talk.saves] == [f"{given} {new}"]
