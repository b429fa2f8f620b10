"""A name that starts with an initial is not greeted by the initial ("Nice to meet you, J..").

"J.R.R. Tolkien" heard "Nice to meet you, J.." and, once saved, "You're all set, J.!". A person who
goes by their initials is called by the whole name instead. Surnames come from Faker in several
locales; the initials are the first letters of Faker first names.
"""

from __future__ import annotations

import re

import pytest
from faker import Faker

from knotty.state import Modality
from tests.unit.brains.conftest import Talk


def _people() -> list[tuple[str, str]]:
    """(as typed, as read back) for names opening with one or two initials, written a few ways."""
    found: list[tuple[str, str]] = []
    for i, locale in enumerate(("en_US", "en_GB", "de_DE", "fr_FR", "es_ES", "it_IT")):
        fake = Faker(locale)
        fake.seed_instance(i)
        first, second, last = fake.first_name()[0], fake.first_name()[0], fake.last_name()
        found.append((f"{first}.{second}. {last}", f"{first}. {second}. {last}"))
        found.append((f"{first}. {last}", f"{first}. {last}"))
    return found


@pytest.mark.parametrize(("typed", "read_back"), _people())
async def test_a_person_going_by_initials_is_called_by_the_whole_name(typed: str, read_back: str) -> None:
    t = Talk(Modality.WRITTEN)
    await t.open()
    replies = [await t.say(typed)]
    for line in ("415 555 0134", "someone@example.com", "client", "yes"):
        replies.append(await t.say(line))
    said = " ".join(r.text for r in replies)
    assert not re.search(r"\b\w\.[.!?,]", said), said  # "J..", "J.!"
    assert read_back in replies[0].text, replies[0].text
    assert t.saves and t.saves[-1]["full_name"] == read_back
    assert f"all set, {read_back}!" in replies[-1].text or read_back in replies[-1].text, replies[-1].text
