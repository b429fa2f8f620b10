"""A number said with "+" and its country code, and a number with a digit too many (found 2026-12-06).

- "+52 1 55 1234 5678", Mexico's old mobile form (a "1" after the country code, dropped in 2019 but
  still written), was read from the "1" on as the US number +1 551-234-5678, and a confirmation text
  went to a stranger. A run that follows "+" starts with its country code: no part of it after the
  code is ever a number of the default region. The old "1" is dropped, as the network does.
- "+1 415 555 1234 5" and "4155551234 5" were cut to ten digits without a word. A digit glued after a
  number is no filler ("oh, four one five ..." before the number still is): the number is refused.

Numbers are libphonenumber's example numbers for every region, and Faker's numbers that are valid.
"""

from __future__ import annotations

import phonenumbers
import pytest
from faker import Faker
from phonenumbers import PhoneNumberFormat, PhoneNumberType

from knotty.fields import extract_phone, normalize_phone


def _examples(kind: int) -> list[phonenumbers.PhoneNumber]:
    found = (
        phonenumbers.example_number_for_type(region, kind)
        for region in sorted(phonenumbers.SUPPORTED_REGIONS)
    )
    return [number for number in found if number is not None]


def _e164(number: phonenumbers.PhoneNumber) -> str:
    return phonenumbers.format_number(number, PhoneNumberFormat.E164)


def _written(number: phonenumbers.PhoneNumber) -> str:
    """As people write a number from abroad: "+44 7400 123456"."""
    return phonenumbers.format_number(number, PhoneNumberFormat.INTERNATIONAL)


def _faker_numbers(locale: str, region: str, count: int) -> list[phonenumbers.PhoneNumber]:
    """Faker's numbers for ``locale`` that libphonenumber calls valid (Faker also makes invalid ones)."""
    fake = Faker(locale)
    fake.seed_instance(20261206)
    numbers: list[phonenumbers.PhoneNumber] = []
    for _ in range(400):
        try:
            number = phonenumbers.parse(fake.phone_number(), region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(number) and number.extension is None:
            numbers.append(number)
        if len(numbers) == count:
            break
    assert len(numbers) == count
    return numbers


_EXAMPLES = _examples(PhoneNumberType.MOBILE) + _examples(PhoneNumberType.FIXED_LINE)
_MEXICAN = _faker_numbers("es_MX", "MX", 12) + [
    phonenumbers.example_number_for_type("MX", kind)
    for kind in (PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE)
]


@pytest.mark.parametrize("number", _EXAMPLES, ids=_written)
def test_a_number_written_with_its_country_code_is_that_number(number: phonenumbers.PhoneNumber) -> None:
    assert extract_phone(_written(number)) == _e164(number)
    assert extract_phone(f"sure, it's {_written(number)}") == _e164(number)


@pytest.mark.parametrize("number", _examples(PhoneNumberType.MOBILE), ids=_written)
def test_a_digit_after_the_country_code_never_makes_it_a_us_number(number: phonenumbers.PhoneNumber) -> None:
    code = f"+{number.country_code}"
    typed = _written(number).replace(code, f"{code} 1", 1)  # "+44 1 7400 123456"
    found = extract_phone(typed)
    assert found is None or found.startswith(code), f"{typed!r} read as {found}"


@pytest.mark.parametrize("number", _MEXICAN, ids=_written)
@pytest.mark.parametrize(
    "form", ["+52 1 {national}", "+521{digits}", "00 52 1 {national}", "011 52 1 {national}"]
)
def test_mexicos_old_mobile_one_is_dropped(number: phonenumbers.PhoneNumber, form: str) -> None:
    national = phonenumbers.format_number(number, PhoneNumberFormat.NATIONAL)
    typed = form.format(national=national, digits=str(number.national_number))
    assert extract_phone(typed) == _e164(number), typed
    assert normalize_phone(typed) == _e164(number), typed


def _one_too_many(number: phonenumbers.PhoneNumber, digit: str) -> bool:
    """Whether ``number`` with ``digit`` added is no valid number (else it is simply another number)."""
    longer = phonenumbers.parse(_e164(number) + digit, None)
    return not phonenumbers.is_valid_number(longer)


_US = [n for n in _faker_numbers("en_US", "US", 16) if n.country_code == 1]
_TOO_LONG = [(n, d) for n in _EXAMPLES + _US for d in "05" if _one_too_many(n, d)]


@pytest.mark.parametrize(("number", "digit"), _TOO_LONG, ids=[f"{_written(n)} {d}" for n, d in _TOO_LONG])
def test_a_digit_typed_after_a_number_is_not_dropped(number: phonenumbers.PhoneNumber, digit: str) -> None:
    assert extract_phone(f"{_written(number)} {digit}") is None
    if number.country_code == 1:
        national = str(number.national_number)
        assert extract_phone(f"{national} {digit}") is None  # "4155551234 5"
        assert extract_phone(f"my cell is {national[:3]} {national[3:6]} {national[6:]} {digit}") is None


def test_a_filler_before_the_number_is_still_fine() -> None:
    for number in _US:
        national = str(number.national_number)
        spoken = " ".join(
            ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"][int(d)]
            for d in national
        )
        assert extract_phone(f"oh, {spoken}") == _e164(number)
        assert extract_phone(f"I'm 30, {national[:3]} {national[3:6]} {national[6:]}") == _e164(number)
