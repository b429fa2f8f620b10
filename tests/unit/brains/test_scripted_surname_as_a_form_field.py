"""A surname given at the read-back as a form's field is filled: "surname: Jones" (people16's finding, round 16).

"Ana Lima" read back, then "surname: Jones", was read back "Ana Lima Jones" and saved so: the labelled value was
taken for a surname missing from the read-back, as a bare "my last name is Schmidt" is after "Klaus Dieter" (two
given names). A field filled in ("surname: Jones", "Last name: Jones") states its value: it replaces the surname
read back. After two given names that are nobody's surname ("Klaus Dieter") the surname still goes after them.
The people are Faker's, from locales the corpus does not use.
"""

from __future__ import annotations

import pytest

from knotty.fields import normalize_name
from knotty.state import Modality
from tests.unit.brains.callers import fake_for
from tests.unit.brains.conftest import Talk

_LOCALES = ("en_IE", "de_AT", "sv_SE", "pt_PT", "cs_CZ", "fi_FI", "ro_RO", "hr_HR", "zu_ZA", "no_NO")
_LABELS = ("surname: {}", "Last name: {}", "last name:{}", "Family name: {}", "SURNAME: {}")


def _person(seed: int) -> tuple[str, str, str]:
    """(first name, surname read back, the surname said instead), one word each, the two surnames unalike."""
    fake = fake_for(seed, _LOCALES)
    while True:
        first, last, other = fake.first_name(), fake.last_name(), fake.last_name()
        if all(w.isalpha() for w in (first, last, other)) and last[0] != other[0]:
            return first, last, other


async def _read_back(t: Talk, name: str) -> str:
    await t.open()
    for line in (name, "+1 415 555 0134", "pat@example.com"):
        await t.say(line)
    return (await t.say("client")).text


@pytest.mark.parametrize("seed", range(20))
async def test_the_labelled_surname_replaces_the_one_read_back(seed: int) -> None:
    first, last, other = _person(seed)
    t = Talk(Modality.WRITTEN)
    assert f"name {normalize_name(f'{first} {last}')};" in await _read_back(t, f"{first} {last}")
    r = await t.say(_LABELS[seed % len(_LABELS)].format(other))
    assert f"name {normalize_name(f'{first} {other}')};" in r.text, r.text
    await t.say("yes")
    assert [s["full_name"] for s in t.saves] == [normalize_name(f"{first} {other}")]


@pytest.mark.parametrize(("given", "last"), [("Ezio Piero", "Prodi"), ("Hartmut Otfried", "Bauer")])
async def test_after_two_given_names_the_labelled_surname_goes_after_them(given: str, last: str) -> None:
    t = Talk(Modality.WRITTEN)
    assert f"name {given};" in await _read_back(t, given)
    r = await t.say(f"surname: {last}")
    assert f"name {given} {last};" in r.text, r.text
