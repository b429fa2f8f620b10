"""A surname misheard, then spelled with its "y" written "why" (round 13, line seed 7131313).

"may herley, that's h a r l e why" (May Harley, asked for the name again after "the name is wrong") read the
"why" as a question and the answer as no name: asked once more the same way, the caller was let go with nothing
saved. Letters spelled beside a word they correct ("herley", "harley") are a spelling, whatever a letter sounds
like. The strangers corpus's first names that are everyday words (May, Will, Grace), Faker surnames with a "y",
misheard as the corpus's line mishears them.
"""

from __future__ import annotations

import pytest
from faker import Faker

from knotty.state import Modality
from tests.corpus.people import _mishear
from tests.corpus.strangers import _WORD_FIRSTS as WORD_FIRSTS
from tests.unit.brains.conftest import Talk


def _people() -> list[tuple[str, str]]:
    """(first name, surname): the strangers corpus's first names that are everyday words ("May", "Will"), Faker
    surnames with a "y" after their first letter."""
    fake = Faker(["en_US", "en_GB", "en_IE"])
    fake.seed_instance(7131313)
    lasts = sorted(
        {
            n.lower()
            for _ in range(3000)
            if (n := fake.last_name()).isalpha() and "y" in n[1:] and _mishear(n.lower()) != n.lower()
        }
    )
    return [(first.lower(), lasts[(k * 7) % len(lasts)]) for k, first in enumerate(WORD_FIRSTS)]


@pytest.mark.parametrize(("first", "last"), _people())
async def test_a_misheard_surname_spelled_with_why_is_taken_when_the_name_is_asked_again(
    first: str, last: str
) -> None:
    t = Talk(Modality.SPOKEN, caller_number="+14155550100", silence_limit=3)
    await t.open()
    await t.say(f"{first} {_mishear(last)}")
    await t.say("this number")
    await t.say(f"{first} dot {last} at gmail dot com")
    await t.say("client")
    r = await t.say("no, the name is wrong")
    assert "name" in r.text.lower(), r.text
    letters = " ".join("why" if c == "y" else c for c in last)
    said = f"{first} {_mishear(last)}, that's {letters}"
    r = await t.say(said)
    assert f"your name is {first} {last}" in r.text.lower(), (said, r.text)
    await t.say("yes")
    assert [s["full_name"].lower() for s in t.saves] == [f"{first} {last}"], said
