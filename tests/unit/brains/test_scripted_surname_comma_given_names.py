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


def _two_given_names(count: int) -> list[tuple[str, str]]:
    """(two given names, surname), surnames that are everyday words included ("White, Alta Gracia")."""
    out: list[tuple[str, str]] = []
    for k, locale in enumerate(("en_US", "es_MX", "pt_BR", "en_GB")):
        fake = Faker(locale)
        fake.seed_instance(1207 + k)
        while len(out) < (k + 1) * count:
            first, second, surname = fake.first_name(), fake.first_name(), fake.last_name()
            if first.isalpha() and second.isalpha() and surname.isalpha() and first != second:
                out.append((f"{first} {second}", surname))
    out.append(("Alta Gracia", "White"))  # strangers seed 5141414's person
    return out


_SPACINGS = ("{s}, {a}  {b}", "{s},  {a} {b}", "{s} , {a}  {b}", "{s},\t{a} {b}")


@pytest.mark.parametrize("case", range(17))
async def test_a_surname_first_typed_with_spaces_doubled_is_still_read(case: int) -> None:
    """Typed with a space doubled ("White, Alta  Gracia"), the surname had been taken for the first name:
    "Nice to meet you, White. And your last name?", then "Thank you, White": the person was never signed up."""
    given, surname = _two_given_names(4)[case]
    first, second = given.split()
    t = Talk(caller_number=_NUMBER)
    await t.open()
    r = await t.say(_SPACINGS[case % len(_SPACINGS)].format(s=surname, a=first, b=second))
    assert "last name" not in r.text and f", {surname}." not in r.text, r.text
    for answer in _REST:
        r = await t.say(answer)
    assert f"name {given} {surname};" in r.text, r.text
