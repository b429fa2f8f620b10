"""The Korean family name Oh before a given name written with a hyphen: "Oh Min-ho".

"Oh Min-ho" was read as the filler "oh" and the given name Min-ho: "Thanks, Min-ho. And your last name?",
then "Minho Oh" or, said "Oh" again, the family name lost. Given names of two syllables are made from the
syllables of Korean names written in Latin letters (an onset, a vowel, perhaps a final consonant), the
ways they are written: capitalised, then the second syllable in lower case after the hyphen.
"""

from __future__ import annotations

import random

import pytest

from knotty.state import Modality
from tests.unit.brains.conftest import Talk

_ONSETS = ("", "g", "k", "n", "d", "t", "r", "m", "b", "p", "s", "j", "ch", "h")
_VOWELS = ("a", "eo", "o", "u", "eu", "i", "ae", "e", "yeo", "yo", "yu", "ya", "wo", "ui", "oo", "ee")
_FINALS = ("", "", "n", "ng", "m", "l", "k")


def _given_names() -> list[str]:
    rng = random.Random(5150)
    found: dict[str, None] = {}
    while len(found) < 16:
        first, second = (rng.choice(_ONSETS) + rng.choice(_VOWELS) + rng.choice(_FINALS) for _ in range(2))
        found[f"{first.capitalize()}-{second}"] = None
    return list(found)


@pytest.mark.parametrize("given", _given_names())
async def test_oh_before_a_hyphenated_given_name_is_the_family_name(given: str) -> None:
    t = Talk(Modality.WRITTEN)
    await t.open()
    for line in (f"Oh {given}", "+1 415 555 0134", "dana@example.com", "client"):
        r = await t.say(line)
    assert f"name Oh {given};" in r.text, r.text
    await t.say("yes")
    assert [s["full_name"] for s in t.saves] == [f"Oh {given}"]


@pytest.mark.parametrize("said", ["Oh Ana Lima", "Oh, Ana Lima", "Oh Mary-Jane Smith"])
async def test_oh_before_a_western_name_stays_a_filler(said: str) -> None:
    t = Talk(Modality.WRITTEN)
    await t.open()
    r = await t.say(said)
    assert "Thanks, Oh" not in r.text, r.text
