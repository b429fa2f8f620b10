"""Numbers that are not the phone's digits, and phone numbers said with more than the number (2026-12-06).

- A count in a chatty answer to the phone question ("my cell is on my other phone, 2 min", "I have 3
  phones, which one do you want?") started the number: "I've got 2 so far", and the number then typed
  in two parts was refused.
- At the read-back, "one sec" or "oops my first name is Anna with two n's" threw the number away ("I'll
  take the whole number again"); the name correction was lost with it.
- "you forgot the extension, it's ext 3" at the read-back stored "Ext" as the first name. Knotty keeps
  E.164 numbers only: it says it cannot add an extension and keeps the name and the number.
- "+52 1 55 1234 5678" (Mexico's old mobile form) was saved as a US number, and "+1 415 555 1234 5"
  lost its extra digit without a word.

People come from Faker in several locales; numbers are Faker's valid US numbers, or libphonenumber's
examples for Mexico.
"""

from __future__ import annotations

import unicodedata

import phonenumbers
import pytest
from faker import Faker
from phonenumbers import PhoneNumberFormat

from knotty.fields import normalize_email
from tests.unit.brains.conftest import Talk

_LOCALES = ["en_US", "es_MX", "de_DE", "fr_FR", "pt_BR", "en_GB", "it_IT", "pl_PL"]
_RUNS = range(16)


def _us_number(fake: Faker) -> phonenumbers.PhoneNumber:
    """A Faker US number that libphonenumber calls valid (Faker also makes invalid ones)."""
    while True:
        try:
            number = phonenumbers.parse(fake.phone_number(), "US")
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(number) and number.extension is None and number.country_code == 1:
            return number


def _ascii(name: str) -> str:
    """A name as an address spells it ("Noël" -> "noel")."""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return "".join(c for c in folded.lower() if c.isalnum())


def _person(seed: int) -> dict[str, str]:
    fake = Faker(_LOCALES[seed % len(_LOCALES)])
    fake.seed_instance(seed)
    us = Faker("en_US")
    us.seed_instance(seed)
    first, last = fake.first_name(), fake.last_name()
    number = _us_number(us)
    return {
        "full_name": f"{first} {last}",
        "phone": phonenumbers.format_number(number, PhoneNumberFormat.E164),
        "email": normalize_email(f"{_ascii(first)}.{_ascii(last)}@{fake.free_email_domain()}"),
        "role": "therapist" if seed % 2 else "client",
    }


def _typed(phone: str) -> str:
    """ "415 555 0100"."""
    national = phone[2:]
    return f"{national[:3]} {national[3:6]} {national[6:]}"


async def _read_back(person: dict[str, str]) -> tuple[Talk, str]:
    t = Talk()
    await t.open()
    r = await t.say(f"{person['full_name']}, {person['role']}, {person['email']}, {_typed(person['phone'])}")
    assert "correct" in r.text or "right" in r.text, r.text
    return t, r.text


_CHATTY = [
    "my cell is on my other phone, 2 min",
    "I have 3 phones, which one do you want?",
    "one sec, let me find it",
    "hang on, 5 minutes",
]


@pytest.mark.parametrize("seed", _RUNS)
@pytest.mark.parametrize("chat", _CHATTY)
async def test_a_count_in_a_chatty_answer_does_not_start_the_number(seed: int, chat: str) -> None:
    person = _person(seed)
    t = Talk()
    await t.open()
    await t.say(person["full_name"])
    r = await t.say(chat)
    assert "so far" not in r.text and "the rest" not in r.text, r.text
    typed = _typed(person["phone"])
    await t.say(typed[:7])  # "415 555", then the rest
    await t.say(typed[8:])
    await t.say(person["email"])
    await t.say(person["role"])
    await t.say("yes")
    assert t.saves == [person]


_NOT_ABOUT_THE_NUMBER = ["one sec", "oh wait, one sec", "one moment please", "hang on 2 secs"]


@pytest.mark.parametrize("seed", _RUNS)
@pytest.mark.parametrize("pause", _NOT_ABOUT_THE_NUMBER)
async def test_a_pause_at_the_read_back_keeps_the_number(seed: int, pause: str) -> None:
    person = _person(seed)
    t, _ = await _read_back(person)
    r = await t.say(pause)
    assert "number again" not in r.text and "which phone number" not in r.text.lower(), r.text
    for _ in range(2):  # "oh wait" may be heard as "something to change": then a yes reads it back again
        if not t.saves:
            await t.say("yes")
    assert t.saves == [person]


@pytest.mark.parametrize("seed", _RUNS)
async def test_a_first_name_fixed_with_two_of_a_letter_keeps_the_number(seed: int) -> None:
    person = _person(seed)
    first, last = person["full_name"].split(" ", 1)
    other = Faker(_LOCALES[(seed + 3) % len(_LOCALES)])
    other.seed_instance(seed)
    new_first = next(n for n in (other.first_name() for _ in range(50)) if " " not in n and n != first)
    t, _ = await _read_back(person)
    r = await t.say(f"oops my first name is {new_first} with two {new_first[-1].lower()}'s")
    assert "number again" not in r.text, r.text
    assert f"{new_first} {last}" in r.text  # the read-back, corrected
    await t.say("yes")
    assert t.saves == [{**person, "full_name": f"{new_first} {last}"}]


_EXTENSIONS = ["you forgot the extension, it's ext {n}", "ext. {n}", "extension {n} please", "x{n}"]


@pytest.mark.parametrize("seed", _RUNS)
@pytest.mark.parametrize("said", _EXTENSIONS)
async def test_an_extension_at_the_read_back_is_never_a_name(seed: int, said: str) -> None:
    person = _person(seed)
    t, _ = await _read_back(person)
    r = await t.say(said.format(n=seed % 9 + 2 + 10 * (seed % 3)))
    assert "extension" in r.text, r.text
    assert "number again" not in r.text, r.text
    r = await t.say("yes")
    assert t.saves == [person]
    assert "Ext" not in r.text


@pytest.mark.parametrize("seed", _RUNS)
async def test_a_number_given_with_its_extension_keeps_the_number(seed: int) -> None:
    person = _person(seed)
    t = Talk()
    await t.open()
    await t.say(person["full_name"])
    r = await t.say(f"{_typed(person['phone'])} ext. {200 + seed}")
    assert "extension" in r.text, r.text
    await t.say(person["email"])
    await t.say(person["role"])
    await t.say("yes")
    assert t.saves == [person]


def _mexican_numbers() -> list[str]:
    kinds = (phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE)
    found = [phonenumbers.example_number_for_type("MX", kind) for kind in kinds]
    return [phonenumbers.format_number(n, PhoneNumberFormat.E164) for n in found if n is not None]


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("mexican", _mexican_numbers())
async def test_a_mexican_number_with_the_old_mobile_one_is_saved_as_mexican(seed: int, mexican: str) -> None:
    person = {**_person(seed), "phone": mexican}
    national = mexican[3:]
    t = Talk()
    await t.open()
    await t.say(person["full_name"])
    await t.say(f"+52 1 {national[:2]} {national[2:6]} {national[6:]}")
    await t.say(person["email"])
    r = await t.say(person["role"])
    assert "+52" in r.text and "+1 " not in r.text, r.text
    await t.say("yes")
    assert t.saves == [person]


@pytest.mark.parametrize("seed", _RUNS)
async def test_a_digit_too_many_is_asked_about(seed: int) -> None:
    person = _person(seed)
    t = Talk()
    await t.open()
    await t.say(person["full_name"])
    for typed in (f"+1 {_typed(person['phone'])} {seed % 10}", f"{person['phone'][2:]} {seed % 10}"):
        r = await t.say(typed)
        assert "too many digits" in r.text, r.text
    await t.say(_typed(person["phone"]))
    await t.say(person["email"])
    await t.say(person["role"])
    await t.say("yes")
    assert t.saves == [person]


@pytest.mark.parametrize("seed", _RUNS)
async def test_a_spelled_address_with_an_x_before_digits_is_no_extension(seed: int) -> None:
    person = _person(seed)
    local, domain = person["email"].split("@")
    new = f"{local.split('.')[0]}x{seed + 10}@{domain}"
    t, _ = await _read_back(person)
    spelled = " ".join(new.split("@", maxsplit=1)[0])
    r = await t.say(f"no the email is {spelled} at {domain}")
    assert "extension" not in r.text, r.text
    assert new in r.text, r.text
    await t.say("yes")
    assert t.saves == [{**person, "email": new}]
