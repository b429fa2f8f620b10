"""An apostrophe inside a word is no start of a new capital: Ukrainian "марʼяна" typed in lower case.

"МАРʼЯНА ДАЦЮК" or "марʼяна дацюк" was read back as "Мар'Яна Дацюк": the capital that O'Brien takes after
its apostrophe was given to a Ukrainian name, whose apostrophe (ʼ) sits inside the word. The people are
Faker's uk_UA names with an apostrophe, typed all in capitals or all in lower case.
"""

from __future__ import annotations

import pytest
from faker import Faker

from knotty.state import Modality
from tests.unit.brains.conftest import Talk


def _people() -> list[str]:
    fake = Faker("uk_UA")
    fake.seed_instance(2910)
    found: dict[str, None] = {}
    for _ in range(6000):
        name = f"{fake.first_name()} {fake.last_name()}"
        if any(mark in name for mark in "ʼ'’") and len(name.split()) == 2:
            found[name] = None
    return list(found)[:12]


_PEOPLE = _people()


def test_faker_gives_such_people() -> None:
    assert len(_PEOPLE) >= 6, _PEOPLE


@pytest.mark.parametrize("case", ["upper", "lower"])
@pytest.mark.parametrize("name", _PEOPLE)
async def test_the_name_keeps_its_small_letter_after_the_apostrophe(name: str, case: str) -> None:
    typed = name.upper() if case == "upper" else name.lower()
    t = Talk(Modality.WRITTEN)
    await t.open()
    for line in (typed, "+1 415 555 0134", "dana@example.com", "client"):
        r = await t.say(line)
    expected = name.replace("ʼ", "'").replace("’", "'")
    assert f"name {expected};" in r.text, (typed, r.text)
    await t.say("yes")
    assert [s["full_name"] for s in t.saves] == [expected]
