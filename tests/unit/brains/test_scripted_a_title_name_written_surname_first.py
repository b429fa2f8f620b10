"""A given name that is also a title, written after the surname and a comma, is the given name.

Faker's Spanish people include the given name Pastor. "Pi, Pastor" (written surname first) was "Nice to meet
you, Pi. Could I have your last name too?": the title before a name was taken out, and the surname asked again,
"it's Pi", read back "Pi Pi" until Knotty gave up (strangers seed 8120626, redteam20, round 20).
"""

from __future__ import annotations

import pytest
from faker import Faker

from tests.unit.brains.conftest import Talk


def _surnames(locale: str, n: int) -> list[str]:
    fake = Faker(locale)
    fake.seed_instance(8120626)
    found: list[str] = []
    while len(found) < n:
        s = fake.last_name()
        if s.isalpha() and s not in found:
            found.append(s)
    return found


@pytest.mark.parametrize("surname", ["Pi", *_surnames("es_ES", 4), *_surnames("es_MX", 3)])
@pytest.mark.parametrize("given", ["Pastor", "Coach"])
async def test_a_title_written_after_the_surname_is_the_given_name(surname: str, given: str) -> None:
    """ "<surname>, Pastor" saves "Pastor <surname>", asking no last name again."""
    talk = Talk()
    await talk.open()
    reply = await talk.say(f"{surname}, {given}")
    assert "last name" not in reply.text, reply.text
    for line in ["2015552569", "pastor@example.com", "just a customer", "yes"]:
        await talk.say(line)
    assert [s["full_name"] for s in talk.saves] == [f"{given} {surname}"]
