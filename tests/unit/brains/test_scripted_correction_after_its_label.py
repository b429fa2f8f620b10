"""A name corrected at the read-back with a word between its label and the new value (round 15 finding).

"my first name is actually Hortense", "no, first name should be Victoria", "wrong surname, should be Collard"
were no name at all: Knotty answered "No problem. What's your full name?" and the person had to start the name
again (15 of 200 Faker people of locales the corpus never used corrected so, at the read-back). The word after
the label ("actually", "really", "now", "should be") says the value is a correction; the value is the name.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from knotty.fields import normalize_name
from knotty.state import Modality
from tests.unit.brains.callers import fake_for
from tests.unit.brains.conftest import Talk

_LOCALES = ("fr_CA", "da_DK", "cs_CZ", "nl_BE", "de_AT", "en_PK", "fi_FI", "ro_RO")
_FIRST = ("my first name is actually {}", "no, first name should be {}", "my first name is really {}",
          "the first name should be {}")  # fmt: skip
_LAST = ("wrong surname, should be {}", "my last name should be {}", "surname is actually {}",
         "no, the family name should be {}")  # fmt: skip


def _one_word(make: Callable[[], str]) -> str:
    for _ in range(50):
        word = make()
        if word.isalpha():
            return word
    raise AssertionError("Faker gave no one-word name")


async def _read_back(first: str, last: str) -> Talk:
    t = Talk(Modality.WRITTEN, caller_number="+14155550100")
    await t.open()
    await t.say(f"{first} {last}")
    await t.say("this number")
    await t.say("pat.doe@gmail.com")
    r = await t.say("client")
    assert "correct" in r.text.lower() or "right" in r.text.lower(), r.text
    return t


@pytest.mark.parametrize("seed", range(16))
async def test_a_first_name_corrected_after_its_label_is_taken(seed: int) -> None:
    fake = fake_for(seed, _LOCALES)
    first, last = _one_word(fake.first_name), _one_word(fake.last_name)
    new = _one_word(fake.first_name)
    while new == first:
        new = _one_word(fake.first_name)
    t = await _read_back(first, last)
    r = await t.say(_FIRST[seed % len(_FIRST)].format(new))
    expected = normalize_name(f"{new} {last}")
    assert expected in r.text, r.text  # read back with the new first name, not "What's your full name?"
    await t.say("yes")
    assert t.saves and t.saves[-1]["full_name"] == expected


@pytest.mark.parametrize("seed", range(16))
async def test_a_surname_corrected_after_its_label_is_taken(seed: int) -> None:
    fake = fake_for(seed + 100, _LOCALES)
    first, last = _one_word(fake.first_name), _one_word(fake.last_name)
    new = _one_word(fake.last_name)
    while new == last:
        new = _one_word(fake.last_name)
    t = await _read_back(first, last)
    r = await t.say(_LAST[seed % len(_LAST)].format(new))
    expected = normalize_name(f"{first} {new}")
    assert expected in r.text, r.text
    await t.say("yes")
    assert t.saves and t.saves[-1]["full_name"] == expected
