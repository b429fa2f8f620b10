""" "hi, how are you?" and "nice to meet you": small talk before (or beside) the name.

A person greeting Knotty as they would a receptionist heard "That's outside what I can help with", and when
the name came in the same message ("how are you? Ana Lima here", "Ana Lima. How are you?") the name was lost
with it. Small talk alone is answered in kind, then the question again, never counted as a missed answer;
beside a name it is left out of the name.

The people come from Faker in several locales; the small talk is the ways people write and say it.
"""

from __future__ import annotations

import random

import pytest
from faker import Faker

from knotty.state import Modality
from tests.unit.brains.conftest import Talk

_NUMBER = "+14155550142"
_REST = ("this number", "small.talk.signup@gmail.com", "client")
_ASKING_AFTER = ("how are you", "hi, how are you?", "Hello! How are you doing today?", "how's it going",
                 "hey knotty how are you", "How's your day going?", "how you doing")  # fmt: skip
_MEETING = ("nice to meet you", "Nice to meet you!", "pleased to meet you", "hello, nice to meet you",
            "it's nice to meet you too", "good to talk to you")  # fmt: skip
_COLD = "outside what I can help with"


def _people(count: int) -> list[tuple[str, str]]:
    """(full name, small talk) for Faker people of letters-only names, each with a phrase."""
    out: list[tuple[str, str]] = []
    pick = random.Random(4471)
    for k, locale in enumerate(("en_US", "en_GB", "es_MX", "pt_BR", "de_DE", "fr_FR", "it_IT", "pl_PL")):
        fake = Faker(locale)
        fake.seed_instance(4471 + k)
        while len(out) < (k + 1) * count:
            first, last = fake.first_name(), fake.last_name()
            if first.isalpha() and last.isalpha():
                out.append((f"{first} {last}", pick.choice(_ASKING_AFTER + _MEETING)))
    return out


@pytest.mark.parametrize("modality", [Modality.SPOKEN, Modality.WRITTEN])
@pytest.mark.parametrize("said", _ASKING_AFTER + _MEETING)
async def test_small_talk_alone_is_answered_in_kind_and_the_name_asked(said: str, modality: Modality) -> None:
    t = Talk(modality=modality, caller_number=_NUMBER)
    await t.open()
    r = await t.say(said if modality is Modality.WRITTEN else said.lower().strip("!?"))
    assert _COLD not in r.text, (said, r.text)
    assert "missed your name" not in r.text and "didn't catch" not in r.text, (said, r.text)
    warm = ("well, thank", "well, thanks") if said in _ASKING_AFTER else ("meet you too",)
    assert any(w in r.text for w in warm), (said, r.text)
    assert "name" in r.text, (said, r.text)


@pytest.mark.parametrize(("name", "chat"), _people(3))
@pytest.mark.parametrize("order", ["chat first", "name first"])
async def test_a_name_given_with_small_talk_is_read_and_saved(name: str, chat: str, order: str) -> None:
    said = f"{chat.rstrip('!?.')}? {name} here" if order == "chat first" else f"{name}. {chat.rstrip('!?.')}?"
    t = Talk(modality=Modality.WRITTEN, caller_number=_NUMBER)
    await t.open()
    r = await t.say(said)
    assert _COLD not in r.text, (said, r.text)
    assert f"Thanks, {name.split(maxsplit=1)[0]}" in r.text or "Nice to meet you" in r.text, (said, r.text)
    for answer in _REST:
        r = await t.say(answer)
    assert name in r.text, (said, r.text)
    await t.say("yes")
    assert t.saves and t.saves[-1]["full_name"] == name, (said, t.saves)
