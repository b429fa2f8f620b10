"""The country a person names beside a phone number, when it decides which number the digits are.

"312 345 6789 italy" had been saved as +1 312-345-6789: the digits make a number of Knotty's region, so the
country named beside them was never looked at, though they make an Italian mobile too (+39 312 345 6789).
Which one the person meant is not Knotty's to guess: `country_in_doubt` gives both, for Knotty to ask for the
number with its country code. "07911 123456" in one message and "UK" in the next: the digits were forgotten
and asked for again; `number_in_country` reads them in the country named after them.
"""

from __future__ import annotations

import phonenumbers
from phonenumbers import PhoneNumberFormat

from knotty.fields._digits import digit_runs
from knotty.fields._named_country import country_name, named_region
from knotty.fields.phone import _number_in, _valid, extract_phone

__all__ = ["country_in_doubt", "country_named", "number_in_country"]


def country_in_doubt(text: str, home: str, region: str) -> str | None:
    """Why ``home`` (the region's number read in ``text``) may not be what was meant: the digits also make a
    number of a country ``text`` names ("312 345 6789 italy"), with both numbers, to ask for the country code;
    None when no other country is named, or the digits make no number there."""
    if home[:1] != "+" or not any(c.isalpha() for c in text):
        return None
    other = named_region(text)
    if other is None or other == region:
        return None
    abroad = _number_in(digit_runs(text), text, other)
    if abroad is None or abroad == home or extract_phone(abroad, region) == home:
        return None
    return (
        f"that could be a number from {country_name(other)}, {_written(abroad)}, or {_written(home)}. "
        "Please give it with its country code"
    )


def _written(e164: str) -> str:
    return phonenumbers.format_number(phonenumbers.parse(e164, None), PhoneNumberFormat.INTERNATIONAL)


def country_named(text: str) -> str | None:
    """The one country ``text`` names ("UK", "it's a British mobile", "USA")."""
    return named_region(text)


def number_in_country(digits: str, country: str) -> str | None:
    """``digits`` (said before, a number as dialled at home) read in ``country``, in E.164; None if not one."""
    return _valid(digits.lstrip("+"), False, country) if digits[:1] != "+" else None
