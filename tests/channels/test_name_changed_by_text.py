"""A name changed at the read-back, by text through the real routes and database (round 18).

"it's Anna now" at the read-back of "Ana Lima" had asked for a last name (the surname given lost), and "married
now, Lynn" was not understood, a "yes" then saving the name she no longer has. Faker people of two locales.
"""

from __future__ import annotations

import pytest
from faker import Faker

from tests.channels.conftest import TwilioWorld


def _person(locale: str) -> tuple[str, str, str]:
    fake = Faker(locale)
    fake.seed_instance(1818)
    names = [n for n in (fake.last_name() for _ in range(50)) if n.isalpha() and n.isascii()]
    given = next(n for n in (fake.first_name_female() for _ in range(50)) if n.isalpha() and n.isascii())
    return given, names[0], next(n for n in names if n != names[0])


def _doubled(name: str) -> str:
    """The name with a consonant doubled ("Ana" is "Anna"): like the first name, that first name put right."""
    k = next(
        (k for k in range(1, len(name)) if name[k].lower() not in "aeiouy" and name[k - 1] != name[k]), 1
    )
    return name[: k + 1] + name[k] + name[k + 1 :]


@pytest.mark.parametrize("locale", ["de_DE", "en_IE"])
@pytest.mark.parametrize("change", ["first", "married"])
async def test_a_name_changed_by_text_at_the_read_back_is_saved_changed(
    twilio: TwilioWorld, locale: str, change: str
) -> None:
    given, old, new = _person(locale)
    said, saved = (
        (f"it's {_doubled(given)} now", f"{_doubled(given)} {old}")
        if change == "first"
        else (f"married now, {new}", f"{given} {new}")
    )
    phone = twilio.sim.texter("+14155550177")
    await phone.send("Hi, I'd like to join the waitlist")
    for line in (f"{given} {old}", "this number", "person@example.com", "therapist"):
        await phone.send(line)
    [reply] = await phone.send(said)
    assert saved in reply, reply
    await phone.send("yes")
    [entry] = await twilio.store.list_entries()
    assert entry.full_name == saved
