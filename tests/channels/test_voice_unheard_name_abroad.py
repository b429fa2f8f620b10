"""A caller from abroad whose spelled name the line cannot carry is told where to sign up by typing.

Callers outside `KNOTTY_SMS_COUNTRIES` are never offered a text, so when the recogniser turns every spelling
of their name into words ("Can you judge me, please, please, please." for "januja deep, that's d e e p"),
Knotty's last ways of asking failed and it said "You're welcome to call us back later": a call back meets the
same line. Now, when the deployment has a public web address (an https `PUBLIC_BASE_URL` with a public name),
the goodbye says it ("in the chat on our website, knotty dot example dot com"), nothing guessed is saved and
no text goes out. Without one (the default loopback address, plain http, an internal name) it is not said.
Through the real Gather routes with signed webhooks; people from Faker in many locales.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import phonenumbers
import pytest
from faker import Faker

from tests.channels.call_steps import unheard_call_ends
from tests.channels.conftest import TwilioWorld, twilio_world
from tests.corpus.people import make_people
from tests.support.fake_twilio_rest import FakeTwilioRest
from tests.unit.brains.test_scripted_spelled_name_misheard import _QUESTIONS, _letters_heard

_LOCALES = ["en_GB", "de_DE", "fr_FR", "es_ES", "pt_BR", "en_IN", "it_IT", "nl_NL", "pl_PL", "en_AU"]
_SAID = "knotty dot example dot com"


def _caller(seed: int, texted: frozenset[str]) -> tuple[str, list[str]]:
    """A number from a country Knotty does not text, and what the line made of each spelling of the name."""
    number = next(
        p.phone
        for p in make_people(40, seed=seed)
        if p.international
        and phonenumbers.region_code_for_number(phonenumbers.parse(p.phone, None)) not in texted
    )
    fake = Faker(_LOCALES[seed % len(_LOCALES)])
    fake.seed_instance(seed)
    ascii_ = Faker("en_US")
    ascii_.seed_instance(seed)
    last = "".join(c for c in ascii_.last_name().lower() if c.isalpha())
    heard = [
        ", ".join([_QUESTIONS[(seed + k) % len(_QUESTIONS)], *_letters_heard(last, loop_from=1)]) + "."
        for k in range(8)
    ]
    return number, heard


async def _call_until_it_ends(world: TwilioWorld, seed: int) -> str:
    number, heard = _caller(seed, world.settings.sms_country_set)
    return await unheard_call_ends(world, number, heard)


@pytest.fixture
async def at(
    request: pytest.FixtureRequest, database_url: str, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str]
) -> AsyncIterator[TwilioWorld]:
    async with twilio_world(database_url, tmp_path, fake_rest, PUBLIC_BASE_URL=request.param) as world:
        yield world


@pytest.mark.parametrize("at", ["https://knotty.example.com"], indirect=True)
@pytest.mark.parametrize("seed", range(6))
async def test_the_goodbye_says_where_to_sign_up_by_typing(at: TwilioWorld, seed: int) -> None:
    goodbye = await _call_until_it_ends(at, seed)
    assert _SAID in goodbye and "typing" in goodbye, goodbye
    assert goodbye.rstrip().endswith("goodbye!"), goodbye


@pytest.mark.parametrize(
    "at", ["http://127.0.0.1:8000", "http://knotty.example.com", "https://knotty.internal"], indirect=True
)
async def test_no_public_address_none_is_said(at: TwilioWorld) -> None:
    goodbye = await _call_until_it_ends(at, 1)
    assert "dot" not in goodbye and "website" not in goodbye and "127" not in goodbye, goodbye
    assert "call us back later" in goodbye, goodbye
