"""The legal name said beside the name a person goes by is the name saved (people16's finding, round 16).

"I go by Liz, legally Elizabeth Smith" was taken as Liz (and the last name asked for, the person having just given
it); "legally Elizabeth Smith but call me Liz" was read back "Legally Elizabeth Smith". The person told us the name
to save: after "legally", "legal name", "officially" or "the name on my ID is" a full name is the one saved, whatever
nickname is said beside it. The people are Faker's, in locales the corpus does not use.
"""

from __future__ import annotations

import pytest

from knotty.brains.scripted.understanding import understand_first_text
from knotty.fields import normalize_name
from knotty.state import Modality
from tests.unit.brains.callers import fake_for
from tests.unit.brains.conftest import Talk

_LOCALES = ("en_IE", "de_AT", "sv_SE", "pt_PT", "cs_CZ", "fi_FI", "ro_RO", "hr_HR")
_SAID = (
    "I go by {nick}, legally {legal}",
    "{nick}, legally {legal}",
    "everyone calls me {nick}, legal name {legal}",
    "legally {legal} but I go by {nick}",
    "my name is {nick}, legally {legal}",
    "officially {legal}, but call me {nick}",
    "my name on my ID is {legal}, I go by {nick}",
    "{nick} {last}, legally {legal}",
)


def _person(seed: int) -> tuple[str, str, str]:
    """(nickname, legal full name, surname): one word each, the nickname unlike the given name."""
    fake = fake_for(seed, _LOCALES)
    while True:
        first, last, nick = fake.first_name(), fake.last_name(), fake.first_name()
        if all(w.isalpha() for w in (first, last, nick)) and nick[0] != first[0]:
            return nick, f"{first} {last}", last


@pytest.mark.parametrize("seed", range(24))
async def test_the_legal_name_is_read_back_and_saved(seed: int) -> None:
    nick, legal, last = _person(seed)
    said = _SAID[seed % len(_SAID)].format(nick=nick, legal=legal, last=last)
    t = Talk(Modality.WRITTEN)
    await t.open()
    first_reply = (await t.say(said)).text
    assert "last name" not in first_reply, (said, first_reply)
    for line in ("+1 415 555 0134", "pat@example.com", "client"):
        r = await t.say(line)
    assert f"name {normalize_name(legal)};" in r.text, (said, r.text)
    await t.say("yes")
    assert [s["full_name"] for s in t.saves] == [normalize_name(legal)]


@pytest.mark.parametrize("seed", range(8))
def test_the_legal_name_in_a_first_text(seed: int) -> None:
    nick, legal, last = _person(seed + 40)
    said = "hi! " + _SAID[seed % len(_SAID)].format(nick=nick, legal=legal, last=last) + ". therapist"
    assert understand_first_text(said, region="US").values.get("full_name") == normalize_name(legal), said


@pytest.mark.parametrize("said", ["is this legally binding?", "officially a client", "I go by Liz"])
def test_no_legal_name_is_made_of_other_words(said: str) -> None:
    got = understand_first_text(said, region="US").values.get("full_name")
    assert got in (None, "Liz"), (said, got)
