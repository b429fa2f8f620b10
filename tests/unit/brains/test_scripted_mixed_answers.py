"""Answers that hold a yes-word but do not mean yes (findings f01, f02 and f16 of 2026-12-06).

- At the text offer, "please don't text me", "please do not send me anything" and "no I'm good 👍"
  sent the text: the first of yes and no won, "please" counted as yes, and a thumbs-up beat every word.
- At the read-back, "ok wait", "okay hold on", "please wait", "sure, but my last name is spelled ..."
  and "perfect except the phone" saved at once, unchanged.
- "send nudes" to the phone question got "Great! What phone number ..." ("send" counted as yes).

Plain yeses and noes must still work where they did. People come from Faker in several locales, their
numbers from libphonenumber's example numbers for their region.
"""

from __future__ import annotations

import phonenumbers
import pytest
from faker import Faker

from knotty.fields import normalize_email
from knotty.state import SmsOffer
from tests.unit.brains.conftest import Reply, Talk

_PLACES = [
    ("en_US", "US"),
    ("de_DE", "DE"),
    ("pt_BR", "BR"),
    ("fr_FR", "FR"),
    ("en_GB", "GB"),
    ("it_IT", "IT"),
]
_SEEDS = range(6)


def _person(seed: int) -> dict[str, str]:
    locale, region = _PLACES[seed % len(_PLACES)]
    fake = Faker(locale)
    fake.seed_instance(seed)
    first, last = fake.first_name(), fake.last_name()
    example = phonenumbers.example_number_for_type(region, phonenumbers.PhoneNumberType.MOBILE)
    assert example is not None
    return {
        "full_name": f"{first} {last}",
        "phone": phonenumbers.format_number(example, phonenumbers.PhoneNumberFormat.E164),
        "email": normalize_email(fake.email()),
        "role": "therapist" if seed % 2 else "client",
    }


def _other_surname(seed: int, person: dict[str, str]) -> str:
    """A surname from the same locale that is not the person's (the one they say it should be)."""
    fake = Faker(_PLACES[seed % len(_PLACES)][0])
    fake.seed_instance(seed + 1000)
    have = person["full_name"].split()[-1]
    return next(s for s in (fake.last_name() for _ in range(50)) if s != have and " " not in s)


def _other_phone(person: dict[str, str]) -> str:
    """Another valid number of the same region: the person's with its last digit changed."""
    phone = person["phone"]
    for d in "0123456789":
        other = phone[:-1] + d
        if other != phone and phonenumbers.is_valid_number(phonenumbers.parse(other)):
            return other
    raise AssertionError(f"no other number beside {phone}")


async def _at_the_read_back(person: dict[str, str]) -> tuple[Talk, Reply]:
    """A written signup, stepwise, up to the read-back."""
    t = Talk()
    r = await t.open()
    for name in ("full_name", "phone", "email", "role"):
        r = await t.say(person[name])
    assert person["full_name"] in r.text, r.text  # the read-back
    return t, r


async def _at_the_text_offer(person: dict[str, str]) -> tuple[Talk, Reply]:
    t, _ = await _at_the_read_back(person)
    r = await t.say("yes")
    assert t.saves and "text" in r.text.lower(), r.text
    return t, r


def _sent(t: Talk) -> bool:
    """Whether Knotty sent the confirmation text (the stand-in agent marks the offer accepted)."""
    return t.state.sms is SmsOffer.ACCEPTED


# --- f01: the text offer ----------------------------------------------------------------------------

_REFUSALS = ["please don't text me", "please do not send me anything", "no I'm good 👍"]


@pytest.mark.parametrize("seed", _SEEDS)
@pytest.mark.parametrize("said", _REFUSALS)
async def test_a_refusal_of_the_text_with_please_or_a_thumbs_up_sends_none(seed: int, said: str) -> None:
    t, _ = await _at_the_text_offer(_person(seed))
    r = await t.say(said)
    assert not _sent(t), r.text
    assert "on its way" not in r.text and not r.text.startswith("Great"), r.text


_ACCEPTS = [
    "yes",
    "yes please",
    "sure",
    "sounds good",
    "ok sure",
    "yep",
    "👍",
    "yes, text me",
    "sure, why not",
]


@pytest.mark.parametrize("seed", _SEEDS[:3])
@pytest.mark.parametrize("said", _ACCEPTS)
async def test_a_plain_yes_to_the_text_still_sends_it(seed: int, said: str) -> None:
    t, _ = await _at_the_text_offer(_person(seed))
    await t.say(said)
    assert _sent(t), said


@pytest.mark.parametrize(
    "said", ["no thanks", "nope", "I'm good, thanks", "no thank you", "not necessary", "no"]
)
async def test_a_plain_no_to_the_text_still_declines_it(said: str) -> None:
    t, _ = await _at_the_text_offer(_person(1))
    r = await t.say(said)
    assert not _sent(t) and r.end, r.text


# --- f02: the read-back -----------------------------------------------------------------------------

_HOLDS = ["ok wait", "okay hold on", "please wait"]


@pytest.mark.parametrize("seed", _SEEDS)
@pytest.mark.parametrize("said", _HOLDS)
async def test_a_hold_at_the_read_back_saves_nothing_and_gives_time(seed: int, said: str) -> None:
    person = _person(seed)
    t, _ = await _at_the_read_back(person)
    r = await t.say(said)
    assert not t.saves, f"{said!r} saved"
    assert "take your time" in r.text.lower(), r.text
    assert not r.end
    await t.say("yes")
    assert t.saves and t.saves[-1]["full_name"] == person["full_name"]


@pytest.mark.parametrize("seed", _SEEDS)
async def test_a_yes_but_the_last_name_is_not_a_yes(seed: int) -> None:
    person = _person(seed)
    surname = _other_surname(seed, person)
    first = person["full_name"].split()[0]
    t, _ = await _at_the_read_back(person)
    r = await t.say(f"sure, but my last name is spelled {surname}")
    assert not t.saves, r.text
    assert "name" in r.text.lower(), r.text  # the name, asked again (or read back changed)
    if surname not in r.text:
        r = await t.say(f"{first} {surname}")
    assert f"{first} {surname}" in r.text, r.text
    await t.say("yes")
    assert t.saves and t.saves[-1]["full_name"] == f"{first} {surname}"


@pytest.mark.parametrize("seed", _SEEDS)
async def test_perfect_except_the_phone_asks_for_the_phone(seed: int) -> None:
    person = _person(seed)
    other = _other_phone(person)
    t, _ = await _at_the_read_back(person)
    r = await t.say("perfect except the phone")
    assert not t.saves, r.text
    assert "phone" in r.text.lower() or "number" in r.text.lower(), r.text
    await t.say(other)
    await t.say("yes")
    assert t.saves and t.saves[-1]["phone"] == other


_CONFIRMS = [
    "yes",
    "yes please",
    "sure",
    "sounds good",
    "ok sure",
    "yep that's right",
    "👍",
    "perfect",
    "correct",
]


@pytest.mark.parametrize("seed", _SEEDS[:3])
@pytest.mark.parametrize("said", _CONFIRMS)
async def test_a_plain_yes_at_the_read_back_still_saves(seed: int, said: str) -> None:
    person = _person(seed)
    t, _ = await _at_the_read_back(person)
    await t.say(said)
    assert t.saves and t.saves[-1]["email"] == person["email"], said


# --- f16: harassment --------------------------------------------------------------------------------

_HARASSMENT = [
    "send nudes",
    "send me pics of you",
    "are you single?",
    "you're sexy",
    "what are you wearing",
    "happy ending?",
]


@pytest.mark.parametrize("seed", _SEEDS[:3])
@pytest.mark.parametrize("said", _HARASSMENT)
@pytest.mark.parametrize("at", ["full_name", "phone", "email"])
async def test_a_sexual_message_gets_a_calm_boundary_and_the_question_again(
    seed: int, said: str, at: str
) -> None:
    person = _person(seed)
    fields = ("full_name", "phone", "email", "role")
    t = Talk()
    await t.open()
    for name in fields[: fields.index(at)]:
        await t.say(person[name])
    r = await t.say(said)
    assert "great" not in r.text.lower() and "!" not in r.text, r.text
    assert "professional" in r.text.lower(), r.text  # a brief, calm boundary
    assert not r.end
    word = {"full_name": "name", "phone": "phone", "email": "email"}[at]
    assert word in r.text.lower(), r.text  # back to the question
    for name in fields[fields.index(at) :]:
        await t.say(person[name])
    await t.say("yes")
    assert t.saves and t.saves[-1] == {k: person[k] for k in fields}  # nothing of it taken as a field
