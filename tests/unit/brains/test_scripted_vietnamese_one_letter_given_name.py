"""A Vietnamese name written family name first whose given name is one letter (outside tester's find).

"Nguyen Van A" was read back and saved as "Nguyen Van": after Văn (or Thị), the given name "A" was taken for
the article and dropped, and a one-letter last word counted as an initial. The family names and middle
names come from Faker's vi_VN (with and without their accents), the letter from Faker too.
"""

from __future__ import annotations

import unicodedata

import pytest
from faker import Faker
from faker.providers.person.vi_VN import Provider as VietnameseNames

from knotty.state import Modality
from tests.unit.brains.callers import plain, said_phone
from tests.unit.brains.conftest import Talk

_NUMBER = "+14155550123"


def _people(n: int, seed: int) -> list[str]:
    """Vietnamese names: a family name, Văn or Thị, and a one-letter given name; every other one unaccented."""
    fake = Faker("vi_VN")
    fake.seed_instance(seed)
    middles = sorted({m for m in VietnameseNames.middle_names if plain(m) in ("van", "thi")})
    people: list[str] = []
    for k in range(n):
        name = f"{fake.last_name()} {fake.random_element(middles)} {fake.random_uppercase_letter()}"
        if k % 2:
            unmarked = unicodedata.normalize("NFKD", name.replace("Đ", "D").replace("đ", "d"))
            name = unmarked.encode("ascii", "ignore").decode()
        people.append(name)
    return people


@pytest.mark.parametrize("lead", ["{}", "my name is {}", "{}."])
@pytest.mark.parametrize("name", _people(8, 6100))
async def test_the_one_letter_given_name_is_read_back_and_saved(name: str, lead: str) -> None:
    t = Talk()
    await t.open()
    r = await t.say(lead.format(name))
    assert "last name" not in r.text, r.text
    for line in (_NUMBER, "kw2041@gmail.com", "client"):
        r = await t.say(line)
    assert f"name {name};" in r.text, r.text
    await t.say("yes")
    assert t.saves and t.saves[-1]["full_name"] == name


@pytest.mark.parametrize("name", _people(6, 6200))
async def test_on_a_call_the_one_letter_given_name_is_kept(name: str) -> None:
    t = Talk(Modality.SPOKEN, caller_number=_NUMBER, silence_limit=3)
    await t.open()
    r = await t.say(plain(name.replace("Đ", "D")))
    assert "last name" not in r.text, r.text
    await t.say(said_phone(_NUMBER))
    await t.say("k w two zero four one at gmail dot com")
    r = await t.say("client")
    family, middle, letter = plain(name.replace("Đ", "D")).split()
    assert "last name" not in r.text, r.text
    await t.say("yes")
    assert t.saves and t.saves[-1]["full_name"].lower() == f"{family} {middle} {letter}"
    assert t.saves[-1]["full_name"].endswith(f" {letter.upper()}")
