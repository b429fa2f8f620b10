"""A number written as it is dialled at home, with its country named beside it (people16's finding, round 16).

"07911 123456 (UK)" got "that looks like a number from another country: please add your country code, like +44
7911 123456": the person had given the country in words. The numbers are libphonenumber's mobile examples of each
country, written as they are dialled there, the country named as people name it; a number of Knotty's own region
is read as before, and a country named with no number from it is no reason to change one.
"""

from __future__ import annotations

import phonenumbers
import pytest
from phonenumbers import PhoneNumberFormat, PhoneNumberType

from knotty.fields import extract_phone
from knotty.state import Modality
from tests.unit.brains.conftest import Talk

_NAMED = (
    ("GB", "{} (UK)"), ("GB", "my british mobile is {}"), ("IE", "{}, it's an Irish number"),
    ("AU", "{} australia"), ("DE", "{} (Germany)"), ("FR", "{}, in France"), ("IN", "{} - india"),
    ("NZ", "{} NZ"), ("ZA", "{}, south african number"), ("ES", "{} (Spain)"), ("PL", "{} poland"),
    ("NL", "{} (the Netherlands)"),
)  # fmt: skip


def _national(region: str) -> tuple[str, str]:
    """(the mobile example as dialled in ``region``, its E.164 form)."""
    number = phonenumbers.example_number_for_type(region, PhoneNumberType.MOBILE)
    assert number is not None
    return (
        phonenumbers.format_number(number, PhoneNumberFormat.NATIONAL),
        phonenumbers.format_number(number, PhoneNumberFormat.E164),
    )


@pytest.mark.parametrize(("region", "said"), _NAMED)
async def test_the_number_is_read_in_the_country_named(region: str, said: str) -> None:
    national, e164 = _national(region)
    t = Talk(Modality.WRITTEN)
    await t.open()
    await t.say("Dana Reyes")
    r = await t.say(said.format(national))
    assert "country" not in r.text and "email" in r.text.lower(), (said, r.text)
    await t.say("dana@example.com")
    r = await t.say("client")
    shown = phonenumbers.format_number(phonenumbers.parse(e164), PhoneNumberFormat.INTERNATIONAL)
    assert f"phone {shown};" in r.text, r.text
    await t.say("yes")
    assert [s["phone"] for s in t.saves] == [e164]


@pytest.mark.parametrize(
    "said",
    [
        "07911 123456",
        "07911 123456, UK or Ireland",
        "07911 123456, I live in Chad",
        "07911 123456 here in the US",
    ],
)
def test_no_country_or_two_countries_is_still_asked(said: str) -> None:
    assert extract_phone(said, "US") is None


def test_a_number_of_the_region_stays_one() -> None:
    assert extract_phone("415 555 0100 (UK)", "US") == "+14155550100"
