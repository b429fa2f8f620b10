"""An address with an apostrophe, written with words for its marks (people16's finding, round 16).

"o'brien at gmail dot com" typed in the chat was no address at all ("Sorry, I didn't catch that email address",
then asked to type it exactly): the words of an address held no apostrophe, though a written "o'brien@gmail.com"
was taken. On a call the address read back said a bare "'", which a voice does not say: the caller heard
"o b r i e n". The people are Faker's with an apostrophe in their surname (en_IE, en_KE, nl_BE, it_IT).
"""

from __future__ import annotations

import pytest
from faker import Faker

from knotty.state import Modality
from tests.unit.brains.conftest import Talk


def _surnames() -> list[str]:
    found: dict[str, None] = {}
    for locale in ("en_IE", "en_KE", "nl_BE", "en_US", "en_GB"):
        fake = Faker(locale)
        fake.seed_instance(1616)
        for _ in range(3000):
            last = fake.last_name()
            if "'" in last and " " not in last:
                found[last.lower()] = None
    return list(found)[:12]


_SURNAMES = _surnames()
_SAID = ("{} at gmail dot com", "my email is {} at yahoo dot com", "sean dot {} at outlook dot com")


def test_faker_gives_such_surnames() -> None:
    assert len(_SURNAMES) >= 8, _SURNAMES


@pytest.mark.parametrize("k", range(12))
async def test_the_address_typed_in_words_is_taken_as_typed(k: int) -> None:
    surname = _SURNAMES[k % len(_SURNAMES)]
    said = _SAID[k % len(_SAID)].format(surname)
    expected = said.removeprefix("my email is ").replace(" dot ", ".").replace(" at ", "@")
    t = Talk(Modality.WRITTEN)
    await t.open()
    for line in ("Dana Reyes", "+1 415 555 0134"):
        await t.say(line)
    r = await t.say(said)
    assert "email" not in r.text.lower(), (said, r.text)
    r = await t.say("client")
    assert f"email {expected};" in r.text, (said, r.text)
    await t.say("yes")
    assert [s["email"] for s in t.saves] == [expected]


@pytest.mark.parametrize("k", range(6))
async def test_on_a_call_the_apostrophe_is_said(k: int) -> None:
    surname = _SURNAMES[k % len(_SURNAMES)]
    t = Talk(Modality.SPOKEN, caller_number="+14155550100", silence_limit=3)
    await t.open()
    for line in ("dana reyes", "this number", f"{surname} at gmail dot com"):
        await t.say(line)
    r = await t.say("client")
    head, _, tail = surname.partition("'")
    assert f"Your email is {' '.join(head)}, apostrophe, {' '.join(tail)}, at gmail dot com." in r.text, (
        r.text
    )
    await t.say("yes")
    assert [s["email"] for s in t.saves] == [f"{surname}@gmail.com"]
