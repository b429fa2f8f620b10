"""The country a person names for a number: after it ("07911 123456", then "UK"), or beside digits that make a
number at home too ("312 345 6789 italy").

Told "that looks like a number from another country: please add your country code", someone who answers with
the country's name had their number forgotten and was asked for it again; and a number of Knotty's region
typed with another country's name beside it was saved as the region's number, though the digits made a number
there too (people17, round 17). Knotty never picks the country for them: asked which, the person's answer
decides ("Italy", "USA" or the number with its country code). Numbers are Faker's, of each country's locale.
"""

from __future__ import annotations

import phonenumbers
import pytest
from faker import Faker
from phonenumbers import PhoneNumberFormat

from knotty.fields import extract_phone
from tests.unit.brains.conftest import Talk

_LOCALES = {
    "en_GB": ("GB", "UK"),
    "fr_FR": ("FR", "it's a French number"),
    "de_DE": ("DE", "Germany"),
    "en_AU": ("AU", "australian mobile"),
    "en_IN": ("IN", "India"),
    "nl_NL": ("NL", "the Netherlands"),
    "it_IT": ("IT", "Italy"),
}


def _abroad(locale: str, region: str, how_many: int) -> list[str]:
    """Faker's numbers of ``locale`` as dialled at home, which Knotty in the US refuses as from abroad."""
    fake = Faker(locale)
    fake.seed_instance(1717)
    found: list[str] = []
    for _ in range(400):
        said = fake.phone_number()
        if not said.startswith("0") or said.startswith("00") or extract_phone(said, "US") is not None:
            continue
        number = phonenumbers.parse(said, region)
        if phonenumbers.is_valid_number(number) and said not in found:
            found.append(said)
        if len(found) == how_many:
            break
    return found


def _written(said: str, region: str) -> tuple[str, str]:
    number = phonenumbers.parse(said, region)
    return (
        phonenumbers.format_number(number, PhoneNumberFormat.INTERNATIONAL),
        phonenumbers.format_number(number, PhoneNumberFormat.E164),
    )


async def _to_the_phone(talk: Talk) -> None:
    await talk.open()
    await talk.say("Ana Lima")


async def _finish(talk: Talk) -> str:
    for said in ["ana@example.com", "client"]:
        reply = await talk.say(said)
    await talk.say("yes")
    return reply.text


_ABROAD = [
    (loc, said) for loc, (region, _) in _LOCALES.items() if loc != "it_IT" for said in _abroad(loc, region, 3)
]


def test_faker_gave_numbers_from_abroad() -> None:
    assert len(_ABROAD) >= 15, _ABROAD


@pytest.mark.parametrize(("locale", "said"), _ABROAD)
async def test_the_country_named_after_a_number_from_abroad_places_it(locale: str, said: str) -> None:
    region, country = _LOCALES[locale]
    talk = Talk()
    await _to_the_phone(talk)
    refused = await talk.say(said)
    assert "another country" in refused.text, refused.text
    placed = await talk.say(country)
    assert "email" in placed.text.lower(), placed.text
    written, e164 = _written(said, region)
    read_back = await _finish(talk)
    assert f"phone {written};" in read_back, read_back
    assert [s["phone"] for s in talk.saves] == [e164]


async def test_a_country_where_the_number_is_none_is_asked_again() -> None:
    talk = Talk()
    await _to_the_phone(talk)
    await talk.say("07911 123456")
    reply = await talk.say("France")
    assert "number" in reply.text and "email" not in reply.text.lower(), reply.text


def _both(how_many: int) -> list[tuple[str, str, str]]:
    """Faker's US numbers whose ten digits make a number of another country too (an Italian or Indian mobile)."""
    fake = Faker("en_US")
    fake.seed_instance(1718)
    found: list[tuple[str, str, str]] = []
    for _ in range(5000):
        digits = fake.numerify("%##%######")
        said = f"{digits[:3]} {digits[3:6]} {digits[6:]}"
        for region, country in (("IT", "italy"), ("IN", "India"), ("DE", "germany")):
            if phonenumbers.is_valid_number(
                phonenumbers.parse(digits, "US")
            ) and phonenumbers.is_valid_number(phonenumbers.parse(digits, region)):
                found.append((said, region, country))
                break
        if len(found) == how_many:
            break
    return found


_BOTH = _both(9)


@pytest.mark.parametrize(("said", "region", "country"), _BOTH)
@pytest.mark.parametrize("answer", ["country", "home", "plus"])
async def test_a_number_of_two_countries_is_asked_about_and_the_answer_decides(
    said: str, region: str, country: str, answer: str
) -> None:
    talk = Talk()
    await _to_the_phone(talk)
    asked = await talk.say(f"{said} {country}")
    abroad, abroad_e164 = _written(said, region)
    home, home_e164 = _written(said, "US")
    assert abroad in asked.text and "country code" in asked.text and "email" not in asked.text, asked.text
    told = {"country": country.title(), "home": "USA", "plus": home}[answer]
    await talk.say(told)
    read_back = await _finish(talk)
    expected = abroad_e164 if answer == "country" else home_e164
    assert f"phone {abroad if answer == 'country' else _national(expected)};" in read_back, read_back
    assert [s["phone"] for s in talk.saves] == [expected]


def _national(e164: str) -> str:
    digits = e164.removeprefix("+1")
    return f"+1 {digits[:3]}-{digits[3:6]}-{digits[6:]}"  # as Knotty writes its region's numbers
