"""A number the line keeps mishearing is offered the keypad, in words, before speech has failed twice.

Seen on the real recogniser (line report seed 8675309): espeak's "five" is written "time" every time,
so a number said again and again is heard a digit short ("that phone number seems to be missing a
digit") or, a partial number joined to the next, too long. Knotty asked "say all the digits", then
"say it slowly", and only the fourth time "type it on your keypad": a person who does not guess that
the keypad works was asked to say it a third and a fourth time. A wrong-length number is a failed
answer like one not understood, and the call's question after it says the keypad is there.

People come from Faker in several locales, their numbers from libphonenumber's example for the region
with digits from Faker; the number is heard with a digit lost or a digit doubled, as a recogniser does.
"""

from __future__ import annotations

import phonenumbers
import pytest
from faker import Faker

from tests.channels.conftest import TwilioWorld
from tests.support.twilio_sim import Call

_PLACES = [("en_US", "US"), ("en_GB", "GB"), ("de_DE", "DE"), ("hi_IN", "IN"),
           ("pt_BR", "BR"), ("pl_PL", "PL"), ("en_CA", "CA"), ("es_ES", "ES")]  # fmt: skip
_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")


def _person(seed: int) -> tuple[str, str, str]:
    """A name, a valid mobile number (E.164) and an address, from Faker in the seed's locale."""
    locale, region = _PLACES[seed % len(_PLACES)]
    fake = Faker(locale)
    fake.seed_instance(seed)
    en = Faker("en_US")
    en.seed_instance(seed)
    example = phonenumbers.example_number_for_type(region, phonenumbers.PhoneNumberType.MOBILE)
    assert example is not None
    national = str(example.national_number)
    for _ in range(50):  # the example's last four digits replaced by Faker's, while it stays a valid number
        candidate = national[:-4] + fake.numerify("####")
        parsed = phonenumbers.parse(f"+{example.country_code}{candidate}")
        if phonenumbers.is_valid_number(parsed):
            national = candidate
            break
    phone = f"+{example.country_code}{national}"
    first, last = en.first_name(), en.last_name()
    return f"{first} {last}", phone, f"{first}.{last}@gmail.com".lower()


def _heard(phone: str, attempt: int, *, longer: bool) -> str:
    """The number as the recogniser wrote it: a digit lost (or doubled), a different one each attempt."""
    digits = phone[2:] if phone.startswith("+1") else phone[1:]
    i = len(digits) // 2 - 1 + attempt
    digits = digits[:i] + digits[i] + digits[i:] if longer else digits[:i] + digits[i + 1 :]
    said = " ".join(_WORDS[int(d)] for d in digits)
    return said if phone.startswith("+1") else f"plus {said}"


def _keys(phone: str) -> str:
    return phone[2:] + "#" if phone.startswith("+1") else "00" + phone[1:] + "#"


async def _to_the_number(twilio: TwilioWorld, caller: str, name: str) -> Call:
    call = await twilio.sim.call(caller)
    await call.press("1")
    await call.say(name)
    assert "phone" in call.last_heard.lower() or "number" in call.last_heard.lower(), call.last_heard
    return call


@pytest.mark.parametrize("seed", range(8))
async def test_a_number_heard_the_wrong_length_twice_is_offered_the_keypad(
    twilio: TwilioWorld, seed: int
) -> None:
    name, phone, email = _person(seed)
    call = await _to_the_number(twilio, phone, name)
    heard: list[str] = []
    for attempt in range(2):  # speech fails twice
        await call.say(_heard(phone, attempt, longer=bool(seed % 2)))
        heard.append(call.last_heard)
        assert not call.ended and ("number" in call.last_heard.lower()), call.last_heard
    assert any("keypad" in h.lower() for h in heard), heard  # offered in words, not guessed
    assert "keypad" in heard[-1].lower(), heard  # and still offered as the number is asked again
    await call.press(_keys(phone))
    assert "email" in call.last_heard.lower(), call.last_heard
    for said in (" ".join(email.replace("@", " at ").replace(".", " dot ").split()), "client"):
        await call.say(said)
    assert "right" in call.last_heard.lower() or "correct" in call.last_heard.lower(), call.last_heard
    await call.say("yes")
    [entry] = await twilio.store.list_entries()
    assert (entry.full_name, entry.phone, entry.email) == (name, phone, email)
