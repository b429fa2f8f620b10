"""Two read-back corrections on a call that ended it, or asked for the wrong field (line report 275964).

- "No, four not six" at the read-back, after the number had needed every way (twice, slowly, the
  keypad): the number is asked whole again, and with no way left Knotty said goodbye. A number
  taken and then said wrong is asked its last way once more (as a slip on the keypad already was).
- "No, the email should be h as in hotel ... o as in oscar", cut by the line before its "at": the
  "o" was read as a zero, a digit of the phone, and Knotty took the whole number again. A sentence
  that names the email and not the number is about the email.

People come from Faker in several locales, their numbers from libphonenumber's examples per region.
"""

from __future__ import annotations

import phonenumbers
import pytest
from faker import Faker

from knotty.fields import normalize_email
from knotty.state import Modality
from tests.corpus.people import _spell_part
from tests.unit.brains.conftest import Talk

_PLACES = [
    ("en_US", "US"),
    ("pl_PL", "PL"),
    ("pt_BR", "BR"),
    ("de_DE", "DE"),
    ("en_GB", "GB"),
    ("hi_IN", "IN"),
]
_DIGIT_WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]


def _person(seed: int) -> dict[str, str]:
    locale, region = _PLACES[seed % len(_PLACES)]
    fake = Faker(locale)
    fake.seed_instance(seed)
    en = Faker("en_US")  # names as a recogniser writes them: the line hears English letters
    en.seed_instance(seed)
    first, last = en.first_name(), en.last_name()
    example = phonenumbers.example_number_for_type(region, phonenumbers.PhoneNumberType.MOBILE)
    assert example is not None
    number = phonenumbers.format_number(example, phonenumbers.PhoneNumberFormat.E164)
    return {
        "full_name": f"{first} {last}",
        "phone": number,
        "email": normalize_email(f"{first}.{last}@{fake.free_email_domain()}".replace(" ", "")),
        "role": "therapist" if seed % 2 else "client",
    }


def _keys(phone: str) -> str:
    """The number as typed on a keypad: national digits at home, 00 and the country code from abroad."""
    return phone[2:] if phone.startswith("+1") else "00" + phone[1:]


def _said(phone: str, *, lose: int | None = None) -> str:
    """The number said digit by digit (national at home, "plus" and the country code from abroad);
    `lose`: the index of a digit the line lost."""
    digits = phone[2:] if phone.startswith("+1") else phone[1:]
    if lose is not None:
        digits = digits[:lose] + digits[lose + 1 :]
    said = " ".join(_DIGIT_WORDS[int(d)] for d in digits)
    return f"it's {said}" if phone.startswith("+1") else f"it's plus {said}"


def _garbled(phone: str) -> str:
    """The number as a bad line hears it: a digit lost in the middle (no number of its length)."""
    return _said(phone, lose=len(phone) // 2 - 1)


def _slip(phone: str) -> tuple[str, str, str]:
    """The number with its last digit typed wrong, and the right and wrong digits."""
    right = phone[-1]
    wrong = str((int(right) + 3) % 10)
    return phone[:-1] + wrong, right, wrong


@pytest.mark.parametrize("seed", range(6))
async def test_a_digit_corrected_after_every_way_was_tried_gets_the_keypad_once_more(seed: int) -> None:
    person = _person(seed)
    slipped, right, wrong = _slip(person["phone"])
    t = Talk(Modality.SPOKEN, caller_number="+14155550100", silence_limit=3)
    await t.open()
    await t.say(person["full_name"].lower())
    for _ in range(4):  # the line garbles the number until its last way, the keypad, is asked
        r = await t.say(_garbled(person["phone"]))
        assert not r.end
        if "keypad" in r.text.lower():
            break
    assert "keypad" in r.text.lower()
    r = await t.say(_keys(slipped))  # typed, with one slip
    local, domain = person["email"].split("@")
    r = await t.say(_spell_part(local, nato=False) + " at " + domain)
    r = await t.say(person["role"])
    assert person["full_name"] in r.text  # the read-back
    r = await t.say(f"no, {_DIGIT_WORDS[int(right)]} not {_DIGIT_WORDS[int(wrong)]}")
    assert not r.end, r.text
    assert "keypad" in r.text.lower()  # its last way, once more
    r = await t.say(_keys(person["phone"]))
    r = await t.say("yes")
    assert t.saves and t.saves[-1]["phone"] == person["phone"]
    assert t.saves[-1]["full_name"] == person["full_name"]


@pytest.mark.parametrize("seed", range(100, 112))
@pytest.mark.parametrize("nato", [True, False], ids=["a as in alpha", "letter by letter"])
async def test_an_email_corrected_in_letters_cut_by_the_line_is_about_the_email_not_the_number(
    seed: int, nato: bool
) -> None:
    person = _person(seed)
    local, domain = person["email"].split("@")
    t = Talk(Modality.SPOKEN, caller_number="+14155550100", silence_limit=3)
    await t.open()
    await t.say(person["full_name"].lower())
    await t.say(_said(person["phone"]))
    await t.say(_spell_part(f"{local}x", nato=False) + " at " + domain)
    r = await t.say(person["role"])
    assert " x, at " in r.text  # the read-back, with the letter the line added
    r = await t.say("no, the email should be " + _spell_part(local, nato=nato))  # cut before its "at"
    assert "number" not in r.text.lower() and "phone" not in r.text.lower(), r.text
    assert "email" in r.text.lower() or "address" in r.text.lower()
    r = await t.say(_spell_part(local, nato=False) + " at " + domain)
    r = await t.say("yes")
    assert t.saves == [person]
