"""A therapist who is looking for clients is a therapist (fix-C, finding f11).

"I'm looking for clients" was saved as a client ("clients" alone read as the role), while "looking for
new clients" was a therapist. Someone looking for clients is a therapist; someone looking for a
therapist or a massage is a client. People come from Faker in several locales, their numbers from
libphonenumber's examples per region.
"""

from __future__ import annotations

import unicodedata

import phonenumbers
import pytest
from faker import Faker

from knotty.fields import extract_role, normalize_email
from tests.unit.brains.conftest import Talk

_PLACES = [
    ("en_US", "US"),
    ("en_GB", "GB"),
    ("es_ES", "ES"),
    ("de_DE", "DE"),
    ("pt_BR", "BR"),
    ("fr_FR", "FR"),
]
_THERAPISTS = [
    "I'm looking for clients",
    "looking for clients",
    "I am looking for more clients",
    "I'm searching for customers",
    "I need clients",
    "seeking new clients",
]
_CLIENTS = ["I'm looking for a therapist", "looking for a massage", "I'm looking for a massage therapist"]


def _ascii(word: str) -> str:
    """A name word as an address spells it ("José Luis" -> "joseluis")."""
    return "".join(c for c in unicodedata.normalize("NFKD", word.lower()) if c.isascii() and c.isalnum())


async def _at_the_role_question(seed: int) -> Talk:
    locale, region = _PLACES[seed % len(_PLACES)]
    fake = Faker(locale)
    fake.seed_instance(seed)
    example = phonenumbers.example_number_for_type(region, phonenumbers.PhoneNumberType.MOBILE)
    assert example is not None
    first, last = fake.first_name(), fake.last_name()
    t = Talk()
    await t.open()
    await t.say(f"{first} {last}")
    await t.say(phonenumbers.format_number(example, phonenumbers.PhoneNumberFormat.E164))
    r = await t.say(normalize_email(f"{_ascii(first)}.{_ascii(last)}@{fake.free_email_domain()}"))
    assert "therapist" in r.text, r.text
    return t


@pytest.mark.parametrize("seed", range(len(_THERAPISTS)))
async def test_looking_for_clients_is_saved_as_a_therapist(seed: int) -> None:
    t = await _at_the_role_question(seed)
    r = await t.say(_THERAPISTS[seed])
    assert "therapist" in r.text and "as a client" not in r.text, r.text
    await t.say("yes")
    assert t.saves and t.saves[-1]["role"] == "therapist"


@pytest.mark.parametrize("said", _CLIENTS)
async def test_looking_for_a_therapist_or_a_massage_is_saved_as_a_client(said: str) -> None:
    t = await _at_the_role_question(len(said))
    await t.say(said)
    await t.say("yes")
    assert t.saves and t.saves[-1]["role"] == "client"


@pytest.mark.parametrize("said", _THERAPISTS)
@pytest.mark.parametrize("expecting", [True, False])
def test_looking_for_clients_reads_as_a_therapist(said: str, expecting: bool) -> None:
    assert extract_role(said, expecting=expecting).role == "therapist"
