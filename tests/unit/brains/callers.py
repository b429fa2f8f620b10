"""People on a phone line for the brain's unit tests: Faker names as a recogniser writes them, numbers
from libphonenumber's examples, and their details said the way a caller says them."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence

import phonenumbers
from faker import Faker

from tests.unit.brains.conftest import Reply, Talk

_DIGIT_WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]


def plain(word: str) -> str:
    """A word as a recogniser writes it: lower case, no accents."""
    return unicodedata.normalize("NFKD", word).encode("ascii", "ignore").decode().lower()


def fake_for(seed: int, locales: Sequence[str]) -> Faker:
    """A Faker of one of `locales` (by `seed`), seeded with `seed`."""
    fake = Faker(locales[seed % len(locales)])
    fake.seed_instance(seed)
    return fake


def word(make: Callable[[], str], *, avoid: str = "") -> str:
    """A one-word name from a Faker generator, as a recogniser writes it (lower case, no accents)."""
    for _ in range(200):
        w = plain(make())
        if w.isalpha() and len(w) >= 3 and w != avoid:
            return w
    raise AssertionError("Faker gave no plain name")


def given_and_surname(locale: str, seed: int) -> tuple[str, str]:
    """A written given name and surname from Faker's `locale` (by `seed`), each one plain word, not the same."""
    fake = Faker(locale)
    fake.seed_instance(seed)
    for _ in range(200):
        given, surname = fake.first_name(), fake.last_name()
        if given.isalpha() and surname.isalpha() and given != surname:
            return given, surname
    raise AssertionError("Faker gave no plain name")


def caller(seed: int, locales: Sequence[str]) -> dict[str, str]:
    """The four fields of a caller: a one-word first and last name, a US or Canadian mobile number."""
    fake = fake_for(seed, locales)
    first, last = word(fake.first_name), word(fake.last_name)
    example = phonenumbers.example_number_for_type(
        ("US", "CA")[seed % 2], phonenumbers.PhoneNumberType.MOBILE
    )
    assert example is not None
    return {
        "full_name": f"{first.capitalize()} {last.capitalize()}",
        "phone": phonenumbers.format_number(example, phonenumbers.PhoneNumberFormat.E164),
        "email": f"{first}.{last}@{fake.free_email_domain()}",
        "role": "therapist" if seed % 2 else "client",
    }


def said_phone(phone: str) -> str:
    """A +1 number said digit by digit, as a recogniser writes it."""
    return " ".join(_DIGIT_WORDS[int(d)] for d in phone[2:])


def said_email(email: str) -> str:
    """An address said aloud ("ana dot lima at gmail dot com")."""
    local, domain = email.split("@")
    return local.replace(".", " dot ") + " at " + domain.replace(".", " dot ")


async def answer_to_the_read_back(t: Talk, r: Reply, person: dict[str, str]) -> Reply:
    """The caller answers the rest as Knotty asks (`person`'s phone, email and role, said aloud); the
    read-back."""
    for _ in range(6):
        asked = r.text.lower()
        if "correct" in asked or "right?" in asked:
            return r
        if "phone" in asked or "number" in asked:
            r = await t.say(said_phone(person["phone"]))
        elif "email" in asked:
            r = await t.say(said_email(person["email"]))
        elif "therapist" in asked or "client" in asked:
            r = await t.say(f"I'm a {person['role']}")
        else:
            raise AssertionError(f"Knotty asked {r.text!r}")
    raise AssertionError("no read-back")
