"""An everyday word said on its own before the name is a remark, never the first name.

"Honestly, I'd love to join. Ana Lima" at the name question was answered "Nice to meet you, Honestly. And your
last name, please?", and "Frankly, Ana Lima" the same (redteam20, round 20): the word before the comma was read
as a first name said alone, and every later turn asked for a last name. Faker people of locales the corpus does
not use.
"""

from __future__ import annotations

import pytest

from tests.unit.brains.callers import given_and_surname
from tests.unit.brains.conftest import Talk

_LOCALES = ("lv_LV", "lt_LT", "sl_SI", "en_IE", "es_AR", "pt_PT", "de_AT", "fr_CH")
_REMARKS = ("Honestly", "Frankly", "Seriously", "Basically", "Obviously", "Literally", "Personally")
_BETWEEN = ("I'd love to join. ", "would like to sign up. ", "", "I want in. ")


def _person(locale: str, seed: int) -> tuple[str, str]:
    return given_and_surname(locale, 2021 + seed)


@pytest.mark.parametrize("locale", _LOCALES)
@pytest.mark.parametrize("k", range(len(_REMARKS)))
async def test_a_remark_before_the_name_is_no_first_name(locale: str, k: int) -> None:
    """ "Honestly, I'd love to join. <name>": greeted by her first name, and her whole name saved."""
    given, surname = _person(locale, k)
    remark = _REMARKS[k]
    talk = Talk()
    await talk.open()
    reply = await talk.say(f"{remark}, {_BETWEEN[k % len(_BETWEEN)]}{given} {surname}")
    assert remark not in reply.text, reply.text
    for line in ["+1 415 555 0134", "person@example.com", "client", "yes"]:
        await talk.say(line)
    assert [s["full_name"] for s in talk.saves] == [f"{given} {surname}"]
