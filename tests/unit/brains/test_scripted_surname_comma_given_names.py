""" "Ortuño, María del Carmen": a surname, a comma, then three or four given names (a fresh strangers seed, 772911).

Forms write a name surname first with a comma. Knotty read "Smith, John" and "Smith, John Paul" that way, but
with three given names after the comma it took "Ortuño" alone for the first name, asked for a last name, read
back "Ortuño Ortuño" and ended the conversation unsaved. Now up to four given names follow the comma; a
remark before them ("Morning, Ana de la Cruz") is still no surname.

Given names: Faker's own of three words, and two Faker given names joined by the particles Spanish and
Portuguese names use ("José de Jesús", "María de la Luz"); surnames from the same locales.
"""

from __future__ import annotations

import random

import pytest
from faker import Faker

from knotty.fields._common_words import COMMON_WORDS
from knotty.fields._name_reading import folded
from tests.unit.brains.conftest import Talk

_NUMBER = "+14155550144"
_REST = ("this number", "given.names@example.org", "client")
_LOCALES = ("es_ES", "es_MX", "es_CO", "pt_BR", "pt_PT")


def _people(count: int) -> list[tuple[str, str]]:
    """(given names of three or four words, surname)."""
    out: list[tuple[str, str]] = []
    pick = random.Random(7729)
    for k, locale in enumerate(_LOCALES):
        fake = Faker(locale)
        fake.seed_instance(7729 + k)
        while len(out) < (k + 1) * count:
            first, second, surname = fake.first_name(), fake.first_name(), fake.last_name()
            if (
                not surname.replace(" ", "").isalpha()
                or " " in first + second
                or folded(surname) in COMMON_WORDS
            ):
                continue
            particles = ("de", "da", "dos") if locale.startswith("pt") else ("de", "del", "de la")
            particle = pick.choice(particles)
            out.append((f"{first} {particle} {second}", surname))
    out.append(("María del Carmen", "Ortuño"))  # Faker's own (es_MX), the seed's person
    return out


PEOPLE = _people(2)


@pytest.mark.parametrize(("given", "surname"), PEOPLE)
async def test_a_surname_then_three_given_names_after_a_comma(given: str, surname: str) -> None:
    t = Talk(caller_number=_NUMBER)
    await t.open()
    r = await t.say(f"{surname}, {given}")
    assert "last name" not in r.text, r.text
    for answer in _REST:
        r = await t.say(answer)
    assert f"name {given} {surname};" in r.text, r.text
    await t.say("yes")
    assert t.saves and t.saves[-1]["full_name"] == f"{given} {surname}", t.saves


@pytest.mark.parametrize("remark", ["Morning", "Honestly", "Dear Knotty", "Evening"])
async def test_a_remark_before_three_given_names_is_no_surname(remark: str) -> None:
    t = Talk(caller_number=_NUMBER)
    await t.open()
    await t.say(f"{remark}, Ana de la Cruz")
    for answer in _REST:
        r = await t.say(answer)
    assert remark not in r.text.split("phone")[0], r.text
