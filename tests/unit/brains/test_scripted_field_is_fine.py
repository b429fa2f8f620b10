"""At the read-back, a field the person says is fine is kept (fix-C, finding f07).

"email's fine but use my work number 212 555 0188" and "name's wrong, it's Anna Lima. email ok" threw
the email away and asked for it again: the email was named in a sentence that asked for a change. A
field said to be fine ("X's fine", "X ok", "X is good") keeps its value; the change is about the others.
People come from Faker in several locales, their numbers from libphonenumber's examples per region.
"""

from __future__ import annotations

import unicodedata

import phonenumbers
import pytest
from faker import Faker

from knotty.fields import normalize_email
from tests.unit.brains.conftest import Talk

_PLACES = [
    ("en_US", "US"),
    ("en_GB", "GB"),
    ("es_ES", "ES"),
    ("de_DE", "DE"),
    ("pt_BR", "BR"),
    ("it_IT", "IT"),
]
_FINE = ["{field}'s fine", "{field} ok", "the {field} is good", "{field} is fine", "the {field} is correct"]


def _ascii(word: str) -> str:
    """A name word as an address spells it ("José" -> "jose")."""
    return "".join(c for c in unicodedata.normalize("NFKD", word.lower()) if c.isascii() and c.isalnum())


def _mobile(region: str) -> phonenumbers.PhoneNumber:
    example = phonenumbers.example_number_for_type(region, phonenumbers.PhoneNumberType.MOBILE)
    assert example is not None
    return example


def _person(seed: int) -> dict[str, str]:
    locale, region = _PLACES[seed % len(_PLACES)]
    fake = Faker(locale)
    fake.seed_instance(seed)
    work_region = _PLACES[(seed + 1) % len(_PLACES)][1]  # another country's: never the same number
    first, other, last = fake.first_name(), fake.first_name(), fake.last_name()
    while other == first or " " in f"{first}{other}{last}":
        first, other, last = fake.first_name(), fake.first_name(), fake.last_name()
    return {
        "first": first,
        "other": other,
        "last": last,
        "phone": phonenumbers.format_number(_mobile(region), phonenumbers.PhoneNumberFormat.E164),
        "work": phonenumbers.format_number(
            _mobile(work_region), phonenumbers.PhoneNumberFormat.INTERNATIONAL
        ),
        "email": normalize_email(f"{_ascii(first)}.{fake.user_name()}@{fake.free_email_domain()}"),
    }


async def _at_the_read_back(p: dict[str, str]) -> Talk:
    t = Talk()
    await t.open()
    r = await t.say(f"{p['first']} {p['last']}, therapist, {p['email']}, {p['phone']}")
    assert p["email"] in r.text, r.text
    return t


@pytest.mark.parametrize("seed", range(len(_FINE)))
async def test_the_email_said_fine_beside_a_new_number_is_kept(seed: int) -> None:
    p = _person(seed)
    t = await _at_the_read_back(p)
    r = await t.say(f"{_FINE[seed].format(field='email')} but use my work number {p['work']}")
    assert p["email"] in r.text and "email address?" not in r.text, r.text
    await t.say("yes")
    assert t.saves and t.saves[-1]["email"] == p["email"]
    assert t.saves[-1]["phone"] != p["phone"]


@pytest.mark.parametrize("seed", range(len(_FINE)))
async def test_the_email_said_fine_after_a_corrected_name_is_kept(seed: int) -> None:
    p = _person(seed + 10)
    t = await _at_the_read_back(p)
    fine = _FINE[seed].format(field="email")
    r = await t.say(f"name's wrong, it's {p['other']} {p['last']}. {fine}")
    assert p["email"] in r.text and "email address?" not in r.text, r.text
    await t.say("yes")
    assert t.saves and t.saves[-1]["email"] == p["email"]
    assert t.saves[-1]["full_name"] == f"{p['other']} {p['last']}"


@pytest.mark.parametrize("seed", range(3))
async def test_a_field_said_fine_beside_another_said_wrong_keeps_only_the_fine_one(seed: int) -> None:
    p = _person(seed + 20)
    t = await _at_the_read_back(p)
    r = await t.say("the number's fine, the email is wrong")
    assert "email" in r.text.lower() and p["email"] not in r.text, r.text
    r = await t.say(f"x{p['email']}")
    await t.say("yes")
    assert t.saves and t.saves[-1]["email"] == f"x{p['email']}" and t.saves[-1]["phone"] == p["phone"]
