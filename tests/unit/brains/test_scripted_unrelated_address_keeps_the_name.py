"""An address of one word that merely starts or ends with the person's initial keeps their whole name.

Round 16's attacker met it: "Rebecca Martinez", then the email "trevor92@yahoo.com", and Knotty asked
"And your last name, please?", and again after "client" and "yes", until "Martinez" was typed once more.
"trevor" ends with r, Rebecca's initial, and was read as a surname "trevo" with the initial glued after
it, so "Rebecca Martinez" was taken for two given names. "diipaaliiddiikosttaa@" (Faker hi_IN) did the same
for Dana Rahman. Played here for people of many locales, each with a user name Faker made for someone
else that starts or ends with their initial; the two-given-names reading the check exists for
("Arthur Miguel", garciaa@) still asks for the last name.
"""

from __future__ import annotations

import re

import pytest
from faker import Faker

from knotty.fields._given_names import given_name
from tests.unit.brains.conftest import Talk

_LOCALES = ("en_US", "en_GB", "hi_IN", "es_MX", "pt_BR", "de_DE", "pl_PL", "tr_TR", "nl_NL", "fr_FR")


def _people() -> list[tuple[str, str]]:
    """(full name, an unrelated one-word address starting or ending with the name's initial)."""
    found: list[tuple[str, str]] = []
    for locale in _LOCALES:
        fake = Faker(locale)
        fake.seed_instance(1616)
        kept = 0
        for _ in range(4000):
            first, last = fake.first_name(), fake.last_name()
            if " " in first or " " in last or not first.isascii() or not last.isascii() or given_name(last):
                continue
            local = re.sub(r"[^a-z]", "", fake.user_name().lower())
            initial = first[0].lower()
            unrelated = first.lower() not in local and last.lower()[:4] not in local and len(local) > 6
            if unrelated and (local.startswith(initial) or local.endswith(initial)):
                found.append((f"{first} {last}", f"{local}{fake.random_int(1, 99)}@example.com"))
                kept += 1
            if kept == 3:
                break
    return found


_PEOPLE = _people()


def test_there_are_people_of_many_locales_to_play() -> None:
    assert len(_PEOPLE) >= 25


@pytest.mark.parametrize(("name", "email"), _PEOPLE, ids=[n for n, _ in _PEOPLE])
async def test_the_name_is_read_back_whole_after_an_unrelated_address(name: str, email: str) -> None:
    talk = Talk()
    await talk.open()
    await talk.say(name)
    await talk.say("+1 415 555 0134")
    after_email = await talk.say(email)
    assert "last name" not in after_email.text.lower()
    read_back = await talk.say("client")
    assert name in read_back.text
    await talk.say("yes")
    assert [s["full_name"] for s in talk.saves] == [name]


async def test_two_given_names_with_an_address_of_a_surname_and_the_initial_still_ask_for_the_last_name() -> (
    None
):
    talk = Talk()
    await talk.open()
    await talk.say("Arthur Miguel")
    await talk.say("+1 415 555 0134")
    after_email = await talk.say("garciaa@example.com")
    assert "last name" in after_email.text.lower()
