"""A surname that makes the whole name longer than a name may be never breaks the conversation.

A first name was taken, then the surname asked for; a surname that, joined to it, went over the name's
length limit raised inside the offline brain. Every later message of that conversation raised again
(the line is read again each turn), so the person heard "Sorry, I didn't quite catch that" whatever they
typed, and the log took a traceback per message: a conversation no one could finish. Now such a surname
is no name heard: Knotty asks again, and a surname of usual length is taken.

People come from Faker in several locales (`tests.corpus.strangers`); the long surname is their own
surname and others joined with hyphens until the whole name is over the limit.
"""

from __future__ import annotations

import pytest
from faker import Faker

from knotty.state import Modality
from tests.corpus.strangers import make_strangers
from tests.unit.brains.conftest import Talk

PEOPLE = make_strangers(8, seed=4401)
NAME_LIMIT = 100
"""`knotty.fields.name`'s length limit for a whole name."""
SAID = ("{surname}", "it's {surname}", "my last name is {surname}")
"""How the surname was given when asked for."""


def _too_long(first: str, surname: str, seed: int) -> str:
    """`surname` and Faker surnames joined by hyphens, so that the whole name is just over the limit."""
    fake = Faker(["es_ES", "pt_BR", "de_DE", "en_GB"])
    fake.seed_instance(seed)
    parts = [surname]
    while len(first) + 1 + len("-".join(parts)) <= NAME_LIMIT:
        parts.append(fake.last_name().replace(" ", "-"))
    return "-".join(parts)


@pytest.mark.parametrize("said", SAID)
@pytest.mark.parametrize("index", range(len(PEOPLE)))
async def test_a_surname_too_long_for_the_name_is_asked_again_and_the_signup_goes_on(
    said: str, index: int
) -> None:
    p = PEOPLE[index]
    t = Talk()
    await t.open()
    r = await t.say(p.first)
    assert "last name" in r.text.lower(), r.text
    long = _too_long(p.first, p.last, index)
    r = await t.say(said.format(surname=long))
    assert "name" in r.text.lower() and long not in r.text, r.text
    r = await t.say(said.format(surname=p.last))
    for answer in (p.phone, p.email, p.role):
        r = await t.say(answer)
    assert "joining as" in r.text, r.text
    await t.say("yes")
    assert t.saves and t.saves[-1]["full_name"] == p.expected_name(Modality.WRITTEN)
