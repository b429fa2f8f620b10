"""Words that say a name is wrong are never the name (round 15 finding).

At the read-back, "surname misspelled" was read back "Ana Misspelled", "the spelling of my surname is off" "Ana
Off", and "my given name is misspelt", then the name, saved "Misspelt Anna"; "forename should be Anna" was "I
didn't get that". They say which part is wrong: the name is asked again, or, with the value, taken.
"""

from __future__ import annotations

import pytest

from knotty.fields import normalize_name
from knotty.state import Modality
from tests.unit.brains.callers import fake_for
from tests.unit.brains.conftest import Talk

_LOCALES = ("en_NZ", "en_CA", "fr_CA", "nl_BE", "lt_LT", "sl_SI")
_SAID_WRONG = (
    "surname misspelled", "the spelling of my surname is off", "my given name is misspelt",
    "my last name is mistyped", "the first name is misspelled", "forename misspelt", "my surname is garbled",
)  # fmt: skip
_FIRST_LABELS = ("forename should be {}", "my given name is actually {}", "christian name should be {}")


def _person(seed: int) -> tuple[str, str]:
    fake = fake_for(seed, _LOCALES)
    first, last = fake.first_name(), fake.last_name()
    while not (first.isalpha() and last.isalpha()):
        first, last = fake.first_name(), fake.last_name()
    return first, last


async def _read_back(first: str, last: str) -> Talk:
    t = Talk(Modality.WRITTEN, caller_number="+14155550100")
    await t.open()
    for answer in (f"{first} {last}", "this number", "pat.doe@gmail.com", "client"):
        await t.say(answer)
    return t


@pytest.mark.parametrize("said", _SAID_WRONG)
@pytest.mark.parametrize("seed", range(2))
async def test_a_word_saying_the_name_is_wrong_is_no_name(said: str, seed: int) -> None:
    first, last = _person(seed)
    t = await _read_back(first, last)
    r = await t.say(said)
    mistake = said.rsplit(maxsplit=1)[-1].capitalize()
    assert mistake not in r.text and "name" in r.text, r.text  # the name asked again, never "Ana Misspelled"
    _, new_last = _person(seed + 60)
    r = await t.say(f"{first} {new_last}")
    expected = normalize_name(f"{first} {new_last}")
    assert f"name {expected};" in r.text, r.text
    await t.say("yes")
    assert all(mistake not in s["full_name"] for s in t.saves)
    assert t.saves and t.saves[-1]["full_name"] == expected


@pytest.mark.parametrize("said", _FIRST_LABELS)
@pytest.mark.parametrize("seed", range(3))
async def test_a_first_name_given_after_forename_or_given_name(said: str, seed: int) -> None:
    first, last = _person(seed + 20)
    new, _ = _person(seed + 40)
    t = await _read_back(first, last)
    r = await t.say(said.format(new))
    expected = normalize_name(f"{new} {last}")
    assert f"name {expected};" in r.text, r.text
    await t.say("yes")
    assert t.saves and t.saves[-1]["full_name"] == expected
