"""A Chinese, Japanese or Korean name typed in two parts with a space is saved and read back as typed.

"舞 林" (given name first, as people used to Western forms type it) was read as the spelling 舞林, a Japanese
family name alone by its last character, and "Could I have your given name too?" asked of a person who had
given both (people17, round 17): a character of one part was taken for a letter spelled one by one. Which part
is the family name is not Knotty's to decide: the name is kept in the order the person typed it. Faker people of
the Chinese, Taiwanese, Japanese and Korean locales, in both orders.
"""

from __future__ import annotations

import pytest
from faker import Faker

from tests.unit.brains.conftest import Talk

_LOCALES = ("zh_CN", "zh_TW", "ja_JP", "ko_KR")


def _people() -> list[str]:
    typed: list[str] = []
    for locale in _LOCALES:
        fake = Faker(locale)
        fake.seed_instance(1720)
        for _ in range(4):
            given, family = fake.first_name(), fake.last_name()
            typed += [f"{given} {family}", f"{family} {given}"]
    return typed


@pytest.mark.parametrize("name", _people())
async def test_the_name_is_saved_as_typed(name: str) -> None:
    talk = Talk()
    await talk.open()
    reply = await talk.say(name)
    assert "phone" in reply.text.lower(), reply.text  # no "given name too?", no "family name?"
    for said in ["+1 415 555 0134", "person@example.com", "client"]:
        reply = await talk.say(said)
    assert f"name {name};" in reply.text, reply.text
    await talk.say("yes")
    assert [s["full_name"] for s in talk.saves] == [name]


@pytest.mark.parametrize("name", ["舞 林", "伟 陈", "林 舞", "娜 李"])
async def test_two_characters_with_a_space_are_a_whole_name(name: str) -> None:
    talk = Talk()
    await talk.open()
    await talk.say(name)
    for said in ["+1 415 555 0134", "person@example.com", "client", "yes"]:
        await talk.say(said)
    assert [s["full_name"] for s in talk.saves] == [name]
