"""A surname written short in the address is the surname already given (fix-C, finding f15).

"Lupita Hernández" then lupita.hdz@gmail.com: the address's "hdz" was read as another surname (as
"Maria Belen" with maria.bernad@ shows two given names), the full name was dropped and Knotty asked
"And your last name, please?". A surname written short in the address (its first letter, then some
of its letters in order) is the same surname. Names come from Faker in several locales.
"""

from __future__ import annotations

import pytest
from faker import Faker

from tests.unit.brains.conftest import Talk
from tests.unit.brains.test_scripted_spaced_address import _finish, _person, _plain


def _short(surname: str) -> str:
    """The surname written short, as people shorten a long one in an address: its first letter and its
    last two consonants ("hernandez" -> "hdz", "gonzalez" -> "glz")."""
    consonants = [c for c in surname[1:] if c not in "aeiouy"]
    return surname[0] + "".join(consonants[-2:])


def _long_surnames() -> list[tuple[str, str]]:
    found: dict[str, str] = {}
    for locale in ("es_MX", "es_ES", "pt_BR", "it_IT", "de_DE", "en_US"):
        fake = Faker(locale)
        fake.seed_instance(3)
        taken = 0
        for _ in range(200):
            first, last = fake.first_name(), fake.last_name()
            plain = _plain(last)
            if " " in f"{first}{last}" or len(plain) < 7 or len(_short(plain)) != 3:
                continue
            if _plain(first) not in plain and plain not in found:
                found[plain] = f"{first} {last}"
                taken += 1
            if taken == 3:  # three from each locale
                break
    return [(name, plain) for plain, name in found.items()]


_SHORT_SURNAMES = _long_surnames()


def test_faker_gives_long_surnames() -> None:
    assert len(_SHORT_SURNAMES) >= 12, _SHORT_SURNAMES


@pytest.mark.parametrize(("name", "surname"), _SHORT_SURNAMES)
async def test_a_surname_written_short_in_the_address_keeps_the_full_name(name: str, surname: str) -> None:
    first = name.split(maxsplit=1)[0]
    address = f"{_plain(first)}.{_short(surname)}@gmail.com"
    t = Talk()
    await t.open()
    await t.say(name)
    await t.say(_person(1)["phone"])
    r = await t.say(address)
    assert "last name" not in r.text.lower(), r.text
    await _finish(t)
    assert t.saves and t.saves[-1]["full_name"] == name and t.saves[-1]["email"] == address
