"""A surname given as "that's Lima" to "and your last name?".

People answer a question with "that's ..." as often as with "it's ...". "it's Lima" was taken; "that's Lima",
"that is Lima" and "that would be Lima" were "Sorry, I didn't catch your last name" every time they were said,
until Knotty gave up on the name. Now the lead is dropped at that question only, and what follows is judged
as a surname said alone: a complaint ("that's private") is still answered as one.
"""

from __future__ import annotations

import pytest

from knotty.state import Modality
from tests.unit.brains.callers import fake_for, plain, said_email, said_phone
from tests.unit.brains.conftest import Talk

_LOCALES = ("en_US", "en_GB", "es_MX", "pt_BR", "fr_FR", "de_DE", "it_IT", "pl_PL", "nl_NL", "tr_TR")
_LEADS = ("that's {}", "That's {}.", "that is {}", "that would be {}", "that'd be {}", "thats {}")


def _person(seed: int) -> tuple[str, str]:
    fake = fake_for(seed, _LOCALES)
    for _ in range(200):
        first, last = fake.first_name(), fake.last_name()
        if first.isalpha() and last.isalpha() and len(first) > 2 and len(last) > 2:
            return first, last
    raise AssertionError("Faker gave no plain name")


@pytest.mark.parametrize("modality", [Modality.WRITTEN, Modality.SPOKEN])
@pytest.mark.parametrize("seed", range(24))
async def test_a_surname_after_thats_is_taken(seed: int, modality: Modality) -> None:
    first, last = _person(seed)
    spoken = modality is Modality.SPOKEN
    t = Talk(modality=modality)
    await t.open()
    await t.say(first)
    r = await t.say(_LEADS[seed % len(_LEADS)].format(last))
    assert "last name" not in r.text and "phone" in r.text, r.text
    number = "+14155550134"
    await t.say(said_phone(number) if spoken else number)
    email = f"{plain(first)}{seed}@example.org"
    await t.say(said_email(email) if spoken else email)
    r = await t.say("client")
    await t.say("yes")
    assert t.saves and t.saves[-1]["full_name"] == f"{first} {last}", r.text


@pytest.mark.parametrize(
    "answer", ["that's private", "that's none of your business", "that's a stupid question", "that's right"]
)
async def test_a_complaint_after_thats_is_still_no_surname(answer: str) -> None:
    t = Talk()
    await t.open()
    await t.say("Ana")
    r = await t.say(answer)
    assert "last name" in r.text, r.text
