"""Greetings, apologies and commands are not names (finding f06).

"Good morning", answered to "What's your full name?", got "Nice to meet you, Good." and was saved as
"Good Morning"; "Let's start over" became a name, and "Sorry wrong chat" became "Wrong Chat". The
phrases are recognised, not single words: people whose names are everyday words (Will, Hope, Joy;
Love, Day, Bell) keep them.

People come from Faker in several locales (`tests.corpus.strangers`).
"""

from __future__ import annotations

import pytest

from tests.corpus.people import Person
from tests.corpus.strangers import _WORD_FIRSTS, _WORD_LASTS, make_strangers
from tests.unit.brains.conftest import Talk

GREETINGS = (
    "Good morning",
    "Good afternoon",
    "Good evening",
    "good morning!",
    "Hi there",
    "Let's start over",
)
"""What people typed instead of their name, from the finding."""
WRONG_CHAT = ("Sorry wrong chat", "oops, wrong chat", "sorry wrong person")
PEOPLE = make_strangers(6, seed=606)
WORD_NAMED = [p for p in make_strangers(300, seed=607) if p.first in _WORD_FIRSTS or p.last in _WORD_LASTS]
WORD_NAMED = WORD_NAMED[:16]


async def _finish(t: Talk, p: Person) -> None:
    for said in (p.phone, p.email, p.role):
        r = await t.say(said)
    assert "joining as" in r.text, r.text
    await t.say("yes")


@pytest.mark.parametrize("greeting", GREETINGS)
@pytest.mark.parametrize("index", range(len(PEOPLE)))
async def test_a_greeting_or_command_is_no_name(greeting: str, index: int) -> None:
    p = PEOPLE[index]
    t = Talk()
    await t.open()
    r = await t.say(greeting)
    taken_as_name = ", " + greeting.split(maxsplit=1)[0].strip("!").capitalize()  # "Thanks, Good."
    assert not r.end and "name" in r.text.lower() and taken_as_name not in r.text, r.text
    r = await t.say(p.full_name)
    assert p.first.split()[0] in r.text, r.text
    await _finish(t, p)
    assert t.saves and t.saves[-1] == p.typed_signup()


@pytest.mark.parametrize("said", WRONG_CHAT)
async def test_wrong_chat_is_a_goodbye_not_a_name(said: str) -> None:
    t = Talk()
    await t.open()
    r = await t.say(said)
    assert r.end and "Wrong" not in r.text, r.text
    assert not t.saves


@pytest.mark.parametrize("index", range(len(PEOPLE)))
async def test_a_name_after_a_greeting_is_the_name(index: int) -> None:
    p = PEOPLE[index]
    t = Talk()
    await t.open()
    r = await t.say(f"Good morning, {p.full_name}")
    assert "Good" not in r.text and p.first.split()[0] in r.text, r.text
    await _finish(t, p)
    assert t.saves and t.saves[-1] == p.typed_signup()


def test_faker_gives_people_named_with_everyday_words() -> None:
    assert len(WORD_NAMED) >= 10


@pytest.mark.parametrize("index", range(len(WORD_NAMED)))
async def test_names_that_are_everyday_words_stay_names(index: int) -> None:
    p = WORD_NAMED[index]
    t = Talk()
    await t.open()
    await t.say(p.full_name)
    await _finish(t, p)
    assert t.saves and t.saves[-1] == p.typed_signup()
