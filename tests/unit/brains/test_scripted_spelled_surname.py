"""A name said with its surname spelled after it ("said nilsson, that's n i l s s o n") is that name.

Seen on a fresh seed: Said Nilsson, lower case on a call, said his name with the surname spelled; the
everyday word "said" and the spelling together were read as no name, asked again the same way, and the
call ended without a signup. After Knotty asked for a name, the spelling confirms (or corrects) the word.
"""

from __future__ import annotations

import pytest

from knotty.fields import normalize_name
from knotty.state import Modality
from tests.corpus.people import ascii_letters
from tests.corpus.strangers import make_strangers
from tests.unit.brains.conftest import Talk

EVERYDAY_GIVEN = ("said", "will", "hope", "may", "june", "grant", "bill", "rose")


def _surnames() -> list[str]:
    found = []
    for p in make_strangers(300, 4242):
        last = ascii_letters(p.last)
        if last.isalpha() and 3 <= len(last) <= 12 and last.lower() not in found:
            found.append(last.lower())
    return found[:16]


@pytest.mark.parametrize("given", EVERYDAY_GIVEN)
@pytest.mark.parametrize("modality", [Modality.SPOKEN, Modality.WRITTEN])
async def test_an_everyday_given_name_with_the_surname_spelled_is_the_name(
    given: str, modality: Modality
) -> None:
    for surname in _surnames()[:4]:
        t = Talk(modality=modality)
        await t.open()
        await t.say(f"{given} {surname}, that's {' '.join(surname)}")
        await t.say("+1 201 555 0143")
        await t.say(f"{given}.{surname}@example.com")
        r = await t.say("client")
        expected = normalize_name(f"{given} {surname}")
        assert expected in r.text, (surname, r.text)


async def test_the_spelling_corrects_the_surname_heard() -> None:
    """ "hope nilsen, that's n i l s s o n": the letters are the surname, as people expect."""
    t = Talk(modality=Modality.SPOKEN)
    await t.open()
    await t.say("hope nilsen, that's n i l s s o n")
    await t.say("+1 201 555 0143")
    await t.say("hope at example dot com")
    r = await t.say("client")
    assert "Hope Nilsson" in r.text


@pytest.mark.parametrize("surname", _surnames())
async def test_a_generated_surname_spelled_after_said_again_is_taken(surname: str) -> None:
    """First "said" alone (no name), then the whole name with the surname spelled: taken, no third ask."""
    t = Talk(modality=Modality.SPOKEN)
    await t.open()
    await t.say("said")
    r = await t.say(f"said {surname}, that's {' '.join(surname)}")
    assert "name" not in r.text.lower() and "number" in r.text.lower(), r.text
