""" "j r smith": initials before a surname (round 8 finding).

Said on a call or typed without dots, two letters before a surname were read as one spelled word: "j r
smith" was greeted "Thanks, Jr." and saved as "Jr Smith", "t j miller" as "Tj Miller". Letters with no
vowel spell no name, so before a surname they are the person's initials: J. R. Smith, as a name typed
with its dots ("J. R. Smith") always was. Letters with a vowel ("a n a lima") still spell the name.

Surnames come from Faker in several locales; the initials are consonant pairs drawn from the same seed.
"""

from __future__ import annotations

import random

import pytest
from faker import Faker

from knotty.grounding import ungrounded_fields
from knotty.state import Modality
from tests.unit.brains.conftest import Talk

_NUMBER = "+14155550142"
_REST = ("this number", "initials.signup@gmail.com", "therapist")
_CONSONANTS = "bcdfghjklmnpqrstvwxz"


def _people(count: int) -> list[tuple[str, str, str]]:
    """(first initial, second initial, surname): surnames of letters only, from several locales."""
    out: list[tuple[str, str, str]] = []
    pick = random.Random(8830)
    for k, locale in enumerate(("en_US", "en_GB", "de_DE", "es_MX", "fr_FR", "it_IT", "pl_PL", "sv_SE")):
        fake = Faker(locale)
        fake.seed_instance(8830 + k)
        while len(out) < (k + 1) * count:
            surname = fake.last_name()
            if surname.isalpha() and len(surname) > 2:
                out.append((pick.choice(_CONSONANTS), pick.choice(_CONSONANTS), surname))
    return out


PEOPLE = _people(2)


@pytest.mark.parametrize("modality", [Modality.SPOKEN, Modality.WRITTEN])
@pytest.mark.parametrize(("first", "second", "surname"), PEOPLE)
async def test_two_letters_before_a_surname_are_initials(
    first: str, second: str, surname: str, modality: Modality
) -> None:
    said = (
        f"{first} {second} {surname.lower()}"
        if modality is Modality.SPOKEN
        else f"{first.upper()} {second.upper()} {surname}"
    )
    t = Talk(modality=modality, caller_number=_NUMBER)
    await t.open()
    r = await t.say(said)
    assert f"Thanks, {first.upper()}{second.lower()}." not in r.text, (said, r.text)
    for answer in _REST:
        r = await t.say(answer)
    expected = f"{first.upper()}. {second.upper()}. {surname}"
    assert expected in r.text, (said, r.text)
    await t.say("yes")
    assert t.saves and t.saves[-1]["full_name"] == expected, (said, t.saves)
    assert "full_name" not in ungrounded_fields({**t.saves[-1]}, [said, *_REST, "yes"], _NUMBER)


@pytest.mark.parametrize("said", ["a n a lima", "e d smith"])
async def test_letters_with_a_vowel_still_spell_the_given_name(said: str) -> None:
    t = Talk(modality=Modality.SPOKEN, caller_number=_NUMBER)
    await t.open()
    r = await t.say(said)
    given = said.split()[:-1]
    assert f"Thanks, {''.join(given).capitalize()}" in r.text, r.text
