"""The name to sign up under, after "put me down as" or "sign me up as" (people16's finding, round 16).

"you can put me down as Reijo Rantanen" was "I'm sorry, I missed your name", for every one of 12 Faker people of
the locales the corpus does not use (fi_FI, yo_NG, he_IL, ru_RU, hi_IN, ...). A full name after those words is the
name; "put me down as a therapist" and "sign me up as soon as possible" name none.
"""

from __future__ import annotations

import pytest

from knotty.brains.scripted.understanding import understand_first_text
from knotty.fields import normalize_name
from knotty.state import Modality
from tests.unit.brains.callers import fake_for
from tests.unit.brains.conftest import Talk

_LOCALES = ("fi_FI", "yo_NG", "he_IL", "ru_RU", "hi_IN", "lt_LT", "az_AZ", "id_ID", "tw_GH", "zu_ZA", "ka_GE")
_SAID = (
    "you can put me down as {}",
    "put me down as {}",
    "sign me up as {} please",
    "just list me as {}",
    "add me as {}",
    "please register me as {}",
)


def _name(seed: int) -> str:
    fake = fake_for(seed, _LOCALES)
    return normalize_name(f"{fake.first_name()} {fake.last_name()}")


@pytest.mark.parametrize("seed", range(22))
async def test_the_name_after_put_me_down_as_is_read_back_and_saved(seed: int) -> None:
    name = _name(seed)
    said = _SAID[seed % len(_SAID)].format(name)
    t = Talk(Modality.WRITTEN)
    await t.open()
    r = await t.say(said)
    assert "missed your name" not in r.text and "phone number" in r.text, (said, r.text)
    for line in ("+1 415 555 0134", "pat@example.com"):
        await t.say(line)
    r = await t.say("client")
    assert f"name {name};" in r.text, (said, r.text)
    await t.say("yes")
    assert [s["full_name"] for s in t.saves] == [name]


@pytest.mark.parametrize("seed", range(6))
def test_in_a_first_text(seed: int) -> None:
    name = _name(seed + 30)
    said = f"hi, sign me up as {name}, I'm a client"
    assert understand_first_text(said, region="US").values.get("full_name") == name


@pytest.mark.parametrize(
    "said", ["put me down as a therapist", "sign me up as soon as possible", "add me as well please"]
)
def test_no_name_is_made_of_other_words(said: str) -> None:
    assert understand_first_text(said, region="US").values.get("full_name") is None
