"""A caller's "oh", heard several times, is no phone number's zeros; "oh" for zero inside a number still is.

The real recogniser writes a caller's "oh" (surprise, a pause) or the letter o of a spelled name, heard again
and again, as "oh, oh, oh, ...". Read as zeros, eight of them answered to the name question made Knotty say
"that phone number seems to be missing some digits" to someone giving their name; answered to the number
question, "that doesn't seem to be a valid phone number, could you check the area code" about digits nobody
said. A run of digits made only of "oh" is no digits; an "oh" beside a digit said as a digit is zero, as in
"five five five oh one two three". People and their numbers come from Faker in many locales.
"""

from __future__ import annotations

import random

import phonenumbers
import pytest
from faker import Faker

from knotty.fields import extract_phone, phone_digits_heard
from knotty.state import Modality
from tests.corpus.people import make_people, say_phone
from tests.unit.brains.conftest import Talk

_LOCALES = ["en_US", "en_GB", "de_DE", "es_MX", "fr_FR", "it_IT", "pt_BR", "pl_PL", "nl_NL", "tr_TR", "en_IN"]


def _ohs(seed: int) -> str:
    rng = random.Random(seed)
    return ", ".join(["oh"] * rng.randint(3, 12))


@pytest.mark.parametrize("seed", range(30))
def test_oh_again_and_again_is_no_digits(seed: int) -> None:
    said = _ohs(seed) + random.Random(seed).choice([".", "!", ", sorry.", ", hold on."])
    assert phone_digits_heard(said) == "", said
    assert extract_phone(said) is None, said


@pytest.mark.parametrize("seed", range(30))
def test_oh_for_zero_inside_a_number_is_still_zero(seed: int) -> None:
    # People whose numbers have zeros, said digit by digit with "oh" for every zero (and "plus" and the
    # country code for a number from abroad).
    person = next(p for p in make_people(60, seed=seed) if "0" in p.phone[2:])
    said = say_phone(person, "oh", Modality.SPOKEN)[0]
    assert " oh" in said, said
    region = phonenumbers.region_code_for_number(phonenumbers.parse(person.phone, None)) or "US"
    assert extract_phone(said, region if person.international else "US") == person.phone, said


async def _at(question: str, first: str, last: str) -> Talk:
    t = Talk(Modality.SPOKEN, caller_number="+14155550100", silence_limit=3)
    await t.open()
    if question == "phone":
        await t.say(f"{first} {last}")
    return t


@pytest.mark.parametrize("seed", range(24))
async def test_a_name_with_oh_after_it_hears_nothing_about_a_phone_number(seed: int) -> None:
    fake = Faker(_LOCALES[seed % len(_LOCALES)])
    fake.seed_instance(seed)
    first, last = fake.first_name(), fake.last_name()
    t = await _at("full_name", first, last)
    r = await t.say(f"{first} {last}, {_ohs(seed)}.")
    assert "digit" not in r.text and "valid" not in r.text and "area code" not in r.text, r.text
    assert not r.end


@pytest.mark.parametrize("seed", range(12))
async def test_oh_answered_to_the_number_question_claims_no_digits(seed: int) -> None:
    fake = Faker(_LOCALES[seed % len(_LOCALES)])
    fake.seed_instance(seed)
    t = await _at("phone", fake.first_name(), fake.last_name())
    r = await t.say(f"{_ohs(seed)}.")
    # Nobody said an area code or digits: Knotty does not talk about them as if they had.
    assert "area code" not in r.text and "digits" not in r.text.split("Please say")[0], r.text
    assert "number" in r.text.lower() and not r.end and not t.saves, r.text
