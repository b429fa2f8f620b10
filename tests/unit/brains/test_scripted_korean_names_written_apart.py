"""A Korean name in Latin letters, its syllables written apart, that starts with a filler word (outside
tester's find).

"So Yeon Kim" was read back and saved as "Yeon Kim": "So" (the first syllable of the given name So-yeon)
was taken for the filler "so", as in "so, Ana Lima". Typed "Oh Min Jun" (the family name Oh first) lost
"Oh" the same way. Right before another syllable of a Korean name, with no comma between, the word is the
name's. The syllables and family names come from Faker's ko_KR, romanized (Revised Romanization); "So" and
"Oh" are the failure's own words.
"""

from __future__ import annotations

import pytest
from faker import Faker

from tests.unit.brains.callers import said_phone
from tests.unit.brains.conftest import Talk

_INITIALS = (
    "g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj", "ch", "k", "t", "p", "h",
)  # fmt: skip
_VOWELS = (
    "a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae", "oe", "yo", "u", "wo", "we", "wi",
    "yu", "eu", "ui", "i",
)  # fmt: skip
_FINALS = (
    "", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l", "m", "p", "p", "t", "t",
    "ng", "t", "t", "k", "t", "p", "t",
)  # fmt: skip
_NUMBER = "+14155550123"


def _romanized(syllable: str) -> str:
    """One Hangul syllable in Revised Romanization ("연" is "yeon")."""
    code = ord(syllable) - 0xAC00
    return _INITIALS[code // 588] + _VOWELS[code % 588 // 28] + _FINALS[code % 28]


def _people(n: int, seed: int) -> list[tuple[str, str]]:
    """(So + a given name's syllable + a family name, Oh + a two-syllable given name), capitalised."""
    fake = Faker("ko_KR")
    fake.seed_instance(seed)
    people: list[tuple[str, str]] = []
    while len(people) < n:
        given, family = fake.first_name(), _romanized(fake.last_name()).capitalize()
        if len(given) != 2 or len(family) < 2:
            continue
        first, second = (_romanized(s).capitalize() for s in given)
        people.append((f"So {second} {family}", f"Oh {first} {second}"))
    return people


async def _read_back(t: Talk, answer: str, spoken: bool = False) -> str:
    await t.open()
    r = await t.say(answer)
    assert "last name" not in r.text, r.text
    for line in (said_phone(_NUMBER) if spoken else _NUMBER, "kw2041@gmail.com", "client"):
        r = await t.say(line)
    return r.text


@pytest.mark.parametrize(("so", "oh"), _people(10, 7300))
async def test_so_and_oh_are_part_of_a_korean_name_typed(so: str, oh: str) -> None:
    for name in (so, oh):
        t = Talk()
        assert f"name {name};" in await _read_back(t, name)
        await t.say("yes")
        assert t.saves and t.saves[-1]["full_name"] == name


@pytest.mark.parametrize(("so", "oh"), _people(6, 7400))
async def test_so_is_part_of_a_korean_name_in_lower_case(so: str, oh: str) -> None:
    t = Talk()
    assert f"name {so};" in await _read_back(t, so.lower())
    await t.say("yes")
    assert t.saves and t.saves[-1]["full_name"] == so


@pytest.mark.parametrize("filler", ["So", "Well", "Actually", "Oh"])
@pytest.mark.parametrize(("so", "oh"), _people(3, 7500))
async def test_a_filler_and_a_comma_before_a_name_is_no_part_of_it(so: str, oh: str, filler: str) -> None:
    """ "So, Jin Kim" and "Well, Jin Kim" had been read as a surname written first: "Jin Kim Well"."""
    name = so.split(maxsplit=1)[1]
    t = Talk()
    assert f"name {name};" in await _read_back(t, f"{filler}, {name}")
