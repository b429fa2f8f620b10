"""A middle name said at the read-back, and a first name of two words for one (round 14 findings).

"no, my middle name is Eve", at the read-back of "Marie Tremblay", asked for the whole name again from the
start; "you forgot my middle name, Eve" was "I didn't get that", and a "yes" saved "Marie Tremblay". The middle
name goes between the first name and the surname, in place of one read back ("Marie Anne Tremblay", then "no,
my middle name is Eve"). "no, my first name is Marie-Ève" at the read-back of "Marie Eve Tremblay" had been read
back "Marie-Ève Eve Tremblay".

People come from Faker in six locales, typed and said.
"""

from __future__ import annotations

import pytest

from knotty.fields import normalize_name
from knotty.state import Modality
from tests.unit.brains.callers import fake_for, plain, said_email, word
from tests.unit.brains.conftest import Talk

_LOCALES = ("en_US", "fr_FR", "pt_BR", "de_DE", "es_ES", "it_IT")
_LABELS = (
    "no, my middle name is {}",
    "you forgot my middle name, {}",
    "my middle name is {}",
    "the middle name should be {}",
)


def _person(seed: int) -> tuple[str, str, str, str]:
    """(first name, a middle name, another middle name, surname), as a recogniser writes them."""
    fake = fake_for(seed, _LOCALES)
    first = word(fake.first_name)
    middle = word(fake.first_name, avoid=first)
    other = word(fake.first_name, avoid=middle)
    return first, middle, other, word(fake.last_name, avoid=first)


async def _read_back_then(name: str, fix: str, modality: Modality) -> Talk:
    spoken = modality is Modality.SPOKEN
    t = Talk(modality, caller_number="+14155550100")
    await t.open()
    await t.say(name.lower() if spoken else name)
    await t.say("this number")
    await t.say(said_email("pat.doe@gmail.com") if spoken else "pat.doe@gmail.com")
    await t.say("client")
    await t.say(fix.lower() if spoken else fix)
    await t.say("yes")
    return t


_CASES = [
    (seed, label, modality, three)
    for seed in range(12)
    for label in _LABELS
    for modality in (Modality.WRITTEN, Modality.SPOKEN)
    for three in (False, True)
]


@pytest.mark.parametrize(("seed", "label", "modality", "three"), _CASES)
async def test_a_middle_name_goes_between_the_first_name_and_the_surname(
    seed: int, label: str, modality: Modality, three: bool
) -> None:
    first, middle, other, last = (w.capitalize() for w in _person(seed))
    read_back = f"{first} {other} {last}" if three else f"{first} {last}"
    t = await _read_back_then(read_back, label.format(middle), modality)
    assert t.saves and t.saves[-1]["full_name"] == normalize_name(f"{first} {middle} {last}")


@pytest.mark.parametrize(("seed", "modality"), [(s, m) for s in range(12) for m in Modality])
async def test_a_first_name_of_two_words_takes_the_place_of_both(seed: int, modality: Modality) -> None:
    first, middle, _, last = (w.capitalize() for w in _person(seed))
    joined = f"{first}-{middle}"
    t = await _read_back_then(f"{first} {middle} {last}", f"no, my first name is {joined}", modality)
    said = plain(joined) if modality is Modality.SPOKEN else joined
    assert t.saves and t.saves[-1]["full_name"] == normalize_name(f"{said} {last}")
