"""A caller from the UK, India, Australia, New Zealand or Ireland says their number in groups with
"double" and "triple", and the recogniser writes them with a hyphen, as it writes "x-ray": "plus four
four seven nine double-one, one two three, four five six". The hyphen split "double" from its digit:
the number was heard without its doubled digits (too few digits, or only the end of it). Faker's
numbers of those countries, said as people there say them (found by hand, round 13).
"""

from __future__ import annotations

import itertools

import phonenumbers
import pytest
from faker import Faker

from knotty.state import Modality
from tests.unit.brains.conftest import Talk

COUNTRIES = (("en_GB", "GB"), ("en_IN", "IN"), ("en_AU", "AU"), ("en_NZ", "NZ"), ("en_IE", "IE"))
_WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]


def _said(digits: str, *, oh: bool, joiner: str) -> str:
    """Digits said in runs: "double-one", "triple-five", zero as "oh" in some."""
    out = []
    for digit, run in itertools.groupby(digits):
        n, word = len(list(run)), "oh" if digit == "0" and oh else _WORDS[int(digit)]
        while n >= 3:
            out.append(f"triple{joiner}{word}")
            n -= 3
        out += [f"double{joiner}{word}"] if n == 2 else [word] if n == 1 else []
    return "plus " + " ".join(out)


def _numbers() -> list[tuple[str, str]]:
    """(E.164, said) for Faker's valid numbers with a doubled digit, 8 a country."""
    found: list[tuple[str, str]] = []
    for locale, region in COUNTRIES:
        fake, mine = Faker(locale), list[tuple[str, str]]()
        fake.seed_instance(13)
        for _ in range(400):
            try:
                number = phonenumbers.parse(fake.phone_number(), region)
            except phonenumbers.NumberParseException:
                continue
            e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
            if phonenumbers.is_valid_number(number) and any(a == b for a, b in itertools.pairwise(e164)):
                mine.append((e164, _said(e164[1:], oh=len(mine) % 2 == 1, joiner="-")))
            if len(mine) == 8:
                break
        found += mine
    return found


NUMBERS = _numbers()


def test_there_are_callers_of_every_country() -> None:
    assert len(NUMBERS) == 8 * len(COUNTRIES)


@pytest.mark.parametrize(("e164", "said"), NUMBERS)
async def test_a_number_said_with_double_and_triple_hyphenated_is_saved_as_said(e164: str, said: str) -> None:
    call = Talk(Modality.SPOKEN, caller_number="+14155550100", silence_limit=3)
    await call.open()
    await call.say("ana lima")
    reply = await call.say(said)
    assert "email" in reply.text.lower(), f"{said!r}: {reply.text}"
    await call.say("ana dot lima at gmail dot com")
    await call.say("client")
    await call.say("yes")
    assert [s["phone"] for s in call.saves] == [e164], said
