"""Ordinary messages that the rules added on 2026-12-06 caught by mistake (fix-E, round 2).

- A spaced address ("jane. doe@gmail.com") is joined silently, so "Correction. ana@x.com", "oops. ..."
  or "sure thing. ..." were saved as correction.ana@..., oops.ana@..., thing.ana@...: an address that is
  not the person's. A lone word and a dot are joined silently only when they are the person's name.
- The sexual-words boundary answered "I keep things professional" to a sex therapist, and to a client
  who said they were looking for gentle massage after a sexual assault.

People come from Faker in several locales, their numbers from libphonenumber's examples per region.
"""

from __future__ import annotations

import unicodedata

import phonenumbers
import pytest
from faker import Faker

from tests.unit.brains.conftest import Talk

_PLACES = [
    ("en_US", "US"),
    ("es_MX", "MX"),
    ("de_DE", "DE"),
    ("fr_FR", "FR"),
    ("pt_BR", "BR"),
    ("en_GB", "GB"),
]


def _plain(word: str) -> str:
    """A name word as an address spells it ("Hernández" -> "hernandez")."""
    return "".join(c for c in unicodedata.normalize("NFKD", word.lower()) if c.isascii() and c.isalpha())


def _person(seed: int) -> dict[str, str]:
    locale, region = _PLACES[seed % len(_PLACES)]
    fake = Faker(locale)
    fake.seed_instance(seed)
    first, last = fake.first_name(), fake.last_name()
    while " " in f"{first}{last}" or len(_plain(first)) < 2 or len(_plain(last)) < 2:
        first, last = fake.first_name(), fake.last_name()
    example = phonenumbers.example_number_for_type(region, phonenumbers.PhoneNumberType.MOBILE)
    assert example is not None
    return {
        "full_name": f"{first} {last}",
        "phone": phonenumbers.format_number(example, phonenumbers.PhoneNumberFormat.E164),
        "email": f"{_plain(last)}{fake.random_int(1, 99)}@{fake.free_email_domain()}",
    }


async def _at_the_email_question(p: dict[str, str]) -> Talk:
    t = Talk()
    await t.open()
    await t.say(p["full_name"])
    r = await t.say(p["phone"])
    assert "email" in r.text.lower(), r.text
    return t


# The phrasings of the failure: a word of its own, ended by a dot, before the address.
_SENTENCES = ["Correction.", "correction.", "oops.", "sure thing.", "lol.", "typo.", "Sent.", "k."]


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("before", _SENTENCES)
async def test_a_word_of_its_own_before_the_address_is_never_saved_as_part_of_it(
    seed: int, before: str
) -> None:
    p = _person(seed)
    word = before.rsplit(maxsplit=1)[-1].strip(".").lower()
    t = await _at_the_email_question(p)
    r = await t.say(f"{before} {p['email']}")
    if "did you mean" in r.text.lower():
        r = await t.say("no")
        assert "email" in r.text.lower(), r.text
        r = await t.say(p["email"])
    await t.say("client")
    await t.say("yes")
    assert t.saves, r.text
    assert t.saves[-1]["email"] == p["email"], t.saves[-1]
    assert all(not s["email"].startswith(f"{word}.") for s in t.saves)


@pytest.mark.parametrize("seed", range(6))
async def test_the_persons_own_name_and_a_dot_before_the_address_is_still_part_of_it(seed: int) -> None:
    """The fix of finding f05 stands: "jane. doe@..." from Jane Doe is jane.doe@..., asked nothing."""
    p = _person(seed)
    first, last = (_plain(w) for w in p["full_name"].split())
    domain = p["email"].split("@")[1]
    t = await _at_the_email_question(p)
    r = await t.say(f"{first}. {last}@{domain}")
    assert "did you mean" not in r.text.lower(), r.text
    await t.say("client")
    await t.say("yes")
    assert t.saves and t.saves[-1]["email"] == f"{first}.{last}@{domain}"


# The phrasings of the failure: sex named as care or harm, with the role they mean.
_CARE = [
    ("I'm a licensed sex therapist and I also do massage", "therapist"),
    ("I'm a massage therapist, I also work with survivors of sexual trauma", "therapist"),
    ("therapist - I specialise in sexual health and pelvic floor massage", "therapist"),
    ("I'm a client, looking for gentle massage after a sexual assault", "client"),
    ("client, I was sexually abused and need a therapist I can trust", "client"),
]


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize(("said", "role"), _CARE)
async def test_sex_named_as_care_or_harm_gets_no_boundary(seed: int, said: str, role: str) -> None:
    p = _person(seed)
    t = await _at_the_email_question(p)
    await t.say(p["email"])
    r = await t.say(said)
    assert "professional" not in r.text.lower(), r.text
    assert p["full_name"] in r.text, r.text  # the read-back
    await t.say("yes")
    assert t.saves and t.saves[-1]["role"] == role, t.saves


@pytest.mark.parametrize("seed", range(3))
@pytest.mark.parametrize(
    "said", ["send nudes", "are you single?", "I want sexy massage", "sexual massage pls"]
)
async def test_a_sexual_message_still_gets_the_boundary(seed: int, said: str) -> None:
    p = _person(seed)
    t = await _at_the_email_question(p)
    await t.say(p["email"])
    r = await t.say(said)
    assert "professional" in r.text.lower(), r.text
    assert not t.saves


# The phrasings of the failure: a therapist's first text names their practice ("Best Massage Therapy").
_PRACTICES = ["{word} Massage Therapy", "{word} Day Spa", "{word} Wellness Studio", "{word} Massage Clinic"]


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("practice", _PRACTICES)
async def test_a_practice_named_in_the_first_text_is_not_taken_as_the_name(seed: int, practice: str) -> None:
    p = _person(seed)
    fake = Faker(_PLACES[seed % len(_PLACES)][0])
    fake.seed_instance(seed)
    business = practice.format(word=fake.last_name())
    t = Talk(caller_number=p["phone"])  # a text: the person writes first
    r = await t.say(business)
    assert "name" in r.text and business.split()[0] not in r.text, r.text
    for said in (p["full_name"], p["phone"], p["email"]):
        r = await t.say(said)
    if "joining as a therapist" not in r.text:  # the practice said nothing of the role
        r = await t.say("therapist")
    assert "joining as a therapist" in r.text, r.text
    await t.say("yes")
    assert t.saves and t.saves[-1]["full_name"] == p["full_name"], t.saves
