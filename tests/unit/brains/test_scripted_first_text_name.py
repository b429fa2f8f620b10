"""A name in the first text of a conversation is taken (finding f12).

An SMS conversation opened with "Dana Whitfield", "Hello! Dana Whitfield, therapist" or "Sign me up.
Dana Whitfield" lost the name (the role was kept): Knotty introduced itself and asked for the name
just sent. Only "Hi, this is Dana Whitfield" worked. The first text's name counts like any later one.

People come from Faker in several locales (`tests.corpus.strangers`).
"""

from __future__ import annotations

import pytest

from tests.corpus.strangers import make_strangers
from tests.unit.brains.conftest import Talk

FIRST_TEXTS = (
    "{name}",
    "Hello! {name}, {role}",
    "Sign me up. {name}",
    "Hi, this is {name}",
    "Good morning {name}",
)
"""How the first text was written, from the finding."""
PEOPLE = make_strangers(10, seed=1212)


@pytest.mark.parametrize("first_text", FIRST_TEXTS)
@pytest.mark.parametrize("index", range(len(PEOPLE)))
async def test_the_name_in_the_first_text_is_kept(first_text: str, index: int) -> None:
    p = PEOPLE[index]
    t = Talk(caller_number="+13125550100")  # a text: the person writes first
    r = await t.say(first_text.format(name=p.full_name, role=p.role))
    assert "MasseurMatch" in r.text and "phone" in r.text.lower() and "name" not in r.text.lower(), r.text
    rest = (p.phone, p.email) if "{role}" in first_text else (p.phone, p.email, p.role)
    for said in rest:
        r = await t.say(said)
    assert "joining as" in r.text, r.text
    await t.say("yes")
    assert t.saves and t.saves[-1] == p.typed_signup()


@pytest.mark.parametrize("first_text", ["HELP", "Test", "Good morning", "Sign me up", "hi"])
async def test_a_first_text_without_a_full_name_gets_the_name_asked(first_text: str) -> None:
    t = Talk(caller_number="+13125550100")
    r = await t.say(first_text)
    assert "MasseurMatch" in r.text and "name" in r.text.lower() and "meet you" not in r.text.lower(), r.text
