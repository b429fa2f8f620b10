"""Names written family name first (round 7 findings).

- A one-character Chinese given name ("伟") was no name at all: "I'm sorry, I missed your name", asked again
  until the person gave up, so someone who gives the given name first could not sign up. Had it been taken,
  "伟", then "王" for the last name, would have been joined the Western way, "伟 王"; a name in Chinese
  characters, Korean syllables or Japanese kana is written family name first, without a space: 王伟.
- A name read back in the order of the questions (first name, then last name) could not be put right with
  the words people use for it: "wrong order", "the other way round", "family name first" were a "no" and
  "Which part should I change?", or nothing at all. Hungarian, Vietnamese, Chinese and Korean names are said
  family name first; the read-back is where the person sets the order, and it is now swapped there.

People come from Faker: Chinese and Japanese names in their own script, Hungarian and Vietnamese family
names with Hungarian given names.
"""

from __future__ import annotations

import pytest
from faker import Faker

from knotty.grounding import ungrounded_fields
from knotty.state import Modality
from tests.unit.brains.conftest import Talk


def _one_character_given_names(count: int) -> list[tuple[str, str]]:
    """(given name of one character, family name) from zh_CN and ja_JP (zh_TW gives none)."""
    out: list[tuple[str, str]] = []
    for k, locale in enumerate(("zh_CN", "ja_JP")):
        fake = Faker(locale)
        fake.seed_instance(700 + k)
        found = 0
        while found < count:
            given, family = fake.first_name(), fake.last_name()
            if len(given) == 1 and (given, family) not in out:
                out.append((given, family))
                found += 1
    return out


def _latin_people(count: int) -> list[tuple[str, str]]:
    """(given name, family name): Hungarian given names, Hungarian and Vietnamese family names."""
    out: list[tuple[str, str]] = []
    hu, vi = Faker("hu_HU"), Faker("vi_VN")
    hu.seed_instance(77)
    vi.seed_instance(77)
    while len(out) < count:
        given = hu.first_name()
        family = (hu, vi)[len(out) % 2].last_name()
        if given.isalpha() and family.isalpha() and given != family:
            out.append((given, family))
    return out


CJK = _one_character_given_names(5)
LATIN = _latin_people(8)
ORDER = [
    "wrong order",
    "no, the other way round",
    "it's the other way around",
    "family name first please",
    "you got it backwards",
    "no, swap them",
    "my last name goes first",
    "the name is in the wrong order",
]


async def _to_read_back(t: Talk, given: str, family: str) -> str:
    await t.open()
    r = await t.say(given)
    asked = "family name" if given[0] > "\u3000" else "last name"  # a name in characters: its family name
    assert asked in r.text, (given, r.text)
    await t.say(family)
    await t.say("this number")
    await t.say("wu.signup@gmail.com")
    return (await t.say("client")).text


@pytest.mark.parametrize(("given", "family"), CJK)
async def test_a_one_character_given_name_then_the_family_name_is_saved_family_name_first(
    given: str, family: str
) -> None:
    t = Talk(caller_number="+14155550100")
    read_back = await _to_read_back(t, given, family)
    assert family + given in read_back, read_back
    await t.say("yes")
    assert t.saves and t.saves[-1]["full_name"] == family + given, t.saves
    said = [given, family, "this number", "wu.signup@gmail.com", "client", "yes"]
    assert "full_name" not in ungrounded_fields({**t.saves[-1]}, said, "+14155550100")


@pytest.mark.parametrize(("given", "family"), CJK)
async def test_the_other_way_round_at_the_read_back_swaps_a_name_in_characters(
    given: str, family: str
) -> None:
    t = Talk(caller_number="+14155550100")
    await _to_read_back(t, given, family)
    r = await t.say("no, the other way round")
    if len(family) > 1:  # "山本治": where the family name ends cannot be told; asked again, never guessed
        assert family + given not in r.text and given + family not in r.text and "name" in r.text, r.text
        r = await t.say(given + family)
    assert given + family in r.text, r.text
    await t.say("yes")
    assert t.saves and t.saves[-1]["full_name"] == given + family, t.saves


@pytest.mark.parametrize("k", range(len(LATIN)))
async def test_wrong_order_at_the_read_back_puts_the_family_name_first(k: int) -> None:
    given, family = LATIN[k]
    t = Talk(Modality.SPOKEN if k % 2 else Modality.WRITTEN, caller_number="+14155550100")
    read_back = await _to_read_back(t, given.lower() if k % 2 else given, family.lower() if k % 2 else family)
    assert f"{given} {family}" in read_back, read_back
    r = await t.say(ORDER[k])
    assert f"{family} {given}" in r.text, (ORDER[k], r.text)
    await t.say("yes")
    assert t.saves and t.saves[-1]["full_name"] == f"{family} {given}", (ORDER[k], t.saves)


async def test_wrong_order_of_three_words_asks_for_the_name_as_it_should_be_written() -> None:
    """ "Nguyen Van An" may be wanted either way round: never a guess, the name is asked for again."""
    t = Talk(caller_number="+14155550100")
    await t.open()
    for said in ("Van An Nguyen", "this number", "an.nguyen@gmail.com", "client"):
        r = await t.say(said)
    assert "Van An Nguyen" in r.text, r.text
    r = await t.say("wrong order")
    assert "name" in r.text.lower() and "Van An Nguyen" not in r.text, r.text
    r = await t.say("Nguyen Van An")
    assert "Nguyen Van An" in r.text, r.text
    await t.say("yes")
    assert t.saves and t.saves[-1]["full_name"] == "Nguyen Van An", t.saves
