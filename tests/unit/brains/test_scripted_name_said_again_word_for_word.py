"""An unusual name made of everyday words, said again word for word when asked again (outside tester's find).

"honey the elder", typed three times as the name, was refused each time ("I missed your name"), and Knotty
gave up with nothing saved. Said again the same way after the name was asked again, the words are the
name: taken, and read back before the save, where the person can still correct it. A remark said twice
("not sure", "good morning") is still no name. The everyday words come from Faker's word lists.
"""

from __future__ import annotations

import pytest
from faker import Faker

from knotty.fields._name_words import NOT_NAMES
from tests.unit.brains.conftest import Talk

_NUMBER = "+14155550123"


def _names(n: int, seed: int) -> list[str]:
    """Names of everyday words, "<word> the <word>" as in the failure, or two words, from Faker's words."""
    fake = Faker("en_US")
    fake.seed_instance(seed)
    names: list[str] = []
    while len(names) < n:
        a, b = fake.word(), fake.word()
        if a == b or not all(w.isalpha() and len(w) > 3 and w not in NOT_NAMES for w in (a, b)):
            continue
        names.append(f"{a} the {b}" if len(names) % 2 == 0 else f"{a} {b}")
    return names


@pytest.mark.parametrize("name", _names(12, 8100))
async def test_a_name_said_again_word_for_word_is_taken_and_read_back(name: str) -> None:
    t = Talk()
    await t.open()
    r = await t.say(name)
    if "name" in r.text:  # refused once: said again the same way
        r = await t.say(name)
    assert not r.end and "name" not in r.text.split("?")[-1], r.text
    for line in (_NUMBER, "kw2041@gmail.com", "client"):
        r = await t.say(line)
    assert f"name {name};" in r.text.lower(), r.text
    await t.say("yes")
    assert t.saves and t.saves[-1]["full_name"].lower() == name


@pytest.mark.parametrize("said", ["not sure", "good morning", "i don't know", "no thanks", "hello there"])
async def test_a_remark_said_again_is_no_name(said: str) -> None:
    t = Talk()
    await t.open()
    for _ in range(3):
        r = await t.say(said)
        if r.end:
            break
    assert not t.saves
    assert "Nice to meet you" not in r.text and "Thank you," not in r.text, r.text
