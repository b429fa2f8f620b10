from __future__ import annotations

import pytest

from knotty.fields import (
    FieldError,
    extract_phone,
    mentions_own_number,
    normalize_phone,
    phone_digits_heard,
    speak_phone,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("415-555-0100", "+14155550100"),
        ("(415) 555 0100", "+14155550100"),
        ("415.555.0100", "+14155550100"),
        ("+1 415 555 0100", "+14155550100"),
        ("1-415-555-0100", "+14155550100"),
        ("+14155550100", "+14155550100"),
        ("4155550100", "+14155550100"),
        (" 415 555 0100 ", "+14155550100"),
        ("+44 20 7946 0958", "+442079460958"),
        ("+55 11 91234-5678", "+5511912345678"),
        ("four one five five five five zero one zero zero", "+14155550100"),
        ("four fifteen five fifty five oh one hundred", "+14155550100"),
        ("212 555 0123", "+12125550123"),
    ],
)
def test_normalize_phone_accepts(raw: str, expected: str) -> None:
    assert normalize_phone(raw) == expected


def test_normalize_phone_uses_region_for_national_numbers() -> None:
    assert normalize_phone("020 7946 0958", region="GB") == "+442079460958"


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("", "couldn't find any digits"),
        ("call me maybe", "couldn't find any digits"),
        ("415 555 010", "missing a digit"),
        ("415 555", "missing some digits"),
        ("415555010000", "too many digits"),
        ("123 456 7890", "area code"),
        ("+999 1234 5678", "country code"),
    ],
)
def test_normalize_phone_rejects_with_a_reason(raw: str, reason: str) -> None:
    with pytest.raises(FieldError) as info:
        normalize_phone(raw)
    assert info.value.field == "phone"
    assert reason in info.value.reason


# --- extract_phone -----------------------------------------------------------

SF = "+14155550100"
UK = "+442079460958"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # written, any common format, alone or in a sentence
        ("415-555-0100", SF),
        ("415 555 0100.", SF),
        ("(415) 555 0100", SF),
        ("415.555.0100", SF),
        ("4155550100", SF),
        ("+1 415 555 0100", SF),
        ("+1 (415) 555-0100", SF),
        ("1-415-555-0100", SF),
        ("1 415 555 0100", SF),
        ("it's 415-555-0100", SF),
        ("My number's 415-555-0100, thanks!", SF),
        ("sure, (415) 555-0100", SF),
        ("415, 555, 0100", SF),
        ("(212) 555 0123 ext 45", "+12125550123"),
        # spoken digit by digit
        ("my number is four one five five five five zero one zero zero", SF),
        ("Four one five, five five five, zero one zero zero.", SF),
        ("it's four one five. five five five. zero one zero zero.", SF),
        ("one four one five five five five zero one zero zero", SF),
        ("nine one seven, eight six seven, five three oh nine", "+19178675309"),
        ("two one two five five five zero one two three", "+12125550123"),
        # "oh" and "o" for zero, double / triple
        ("four one five, five five five, oh one oh oh", SF),
        ("four one five, five five five, o one o o", SF),
        ("four one five double five five oh one oh oh", SF),
        ("four one five five five five zero one double zero", SF),
        ("four one five triple five zero one zero zero", SF),
        # tens and hundreds as people say them
        ("four fifteen, five fifty five, zero one hundred", SF),
        ("four fifteen five five five oh one oh oh", SF),
        ("four one five five fifty five zero one zero zero", SF),
        ("four one five five five five oh one hundred", SF),
        ("eight hundred five five five one two one two", "+18005551212"),
        ("one eight hundred five five five one two one two", "+18005551212"),
        # pauses, fillers, separators, mixed digits and words
        ("uh four one five um five five five uh zero one zero zero", SF),
        ("four one five dash five five five dash zero one zero zero", SF),
        ("it's four one five, and then five five five, and then zero one zero zero", SF),
        ("415 five five five 0100", SF),
        ("four 1 5 555 zero one 0 0", SF),
        ("oh four one five five five five zero one zero zero", SF),
        # international
        ("+44 20 7946 0958", UK),
        ("plus 44 20 7946 0958", UK),
        ("plus four four two zero seven nine four six zero nine five eight", UK),
        ("+44 (0) 20 7946 0958", UK),
        ("0044 20 7946 0958", UK),
        ("double oh four four two zero seven nine four six zero nine five eight", UK),
        ("011 44 20 7946 0958", UK),
        ("+55 11 91234 5678", "+5511912345678"),
        # other numbers around it are ignored
        ("I'm 30 and my number is 415 555 0100", SF),
        ("I am 30 415 555 0100", SF),
        ("call me at 415 555 0100 after 5", SF),
        ("my number is 415 555 0100 and my zip is 94110", SF),
        ("four one five five five five zero one zero zero my email is ana at gmail dot com", SF),
        ("nine one seven eight six seven five three oh nine, that's my cell", "+19178675309"),
        # said twice, or corrected with a whole number
        ("my number is 415 555 0100, 415 555 0100", SF),
        ("415 555 0101 no wait 415 555 0100", SF),
        ("415 555 0101, sorry, I mean 415 555 0100", SF),
    ],
)
def test_extract_phone_finds(text: str, expected: str) -> None:
    assert extract_phone(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "my number is",
        "I'm 30",
        "I was born in 1985",
        "in 2024 we moved to 415",
        "I have 2 kids and 3 dogs",
        "it's 415 555 01",  # a digit short
        "four one five five five five zero one zero",  # a digit short
        "555 0100",  # no area code
        "415-555-0100-0100-99",  # far too many digits
        "my number is 123 456 7890",  # no such area code
        "one two three four five six seven eight nine one two three four five six",
        "415 555 0101, sorry, 0100",  # a correction we cannot piece together
        "415 555 0100 or 212 555 0123",  # two numbers: ask which
        "john dot smith at gmail dot com",
        "use the number I'm calling from",
    ],
)
def test_extract_phone_returns_none(text: str) -> None:
    assert extract_phone(text) is None


def test_extract_phone_uses_the_region() -> None:
    assert extract_phone("it's 020 7946 0958", region="GB") == UK
    assert extract_phone("it's 020 7946 0958") is None


@pytest.mark.parametrize(
    ("text", "heard"),
    [
        ("four one five five five five zero one", "41555501"),
        ("it's 415 555 01", "41555501"),
        ("I'm 30 and it's four one five", "415"),
        ("+1 415 555 0100", "+14155550100"),
        ("four fifteen double five", "41555"),
        ("415 555 0101 no wait 415 555 0100", "4155550100"),
        ("no digits here", ""),
        ("", ""),
    ],
)
def test_phone_digits_heard(text: str, heard: str) -> None:
    assert phone_digits_heard(text) == heard


@pytest.mark.parametrize(
    "text",
    [
        "use the number I'm calling from",
        "this number",
        "this number is fine",
        "the one I'm texting from",
        "same number",
        "it's the same one",
        "you can use this one",
        "my cell that I'm on",
        "the number I'm calling on",
        "yeah the phone I'm using right now",
        "you have it already",
        "the number I called from",
        "use my caller ID",
        "same as the one I'm texting you from",
        "call me back on this line",
        "the one you're seeing",
        "the number that came up",
        "Just use this number please.",
    ],
)
def test_mentions_own_number(text: str) -> None:
    assert mentions_own_number(text)


@pytest.mark.parametrize(
    "text",
    [
        "my number is 415 555 0100",
        "this number is 415 555 0100",
        "not this number, use 415 555 0100",
        "I'd rather not use this number",
        "a different number",
        "use a different one",
        "that one is wrong",
        "the first one",
        "this is Ana",
        "I don't know my number",
        "I'm a therapist",
        "",
    ],
)
def test_does_not_mention_own_number(text: str) -> None:
    assert not mentions_own_number(text)


# --- speak_phone ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("e164", "region", "spoken"),
    [
        (SF, "US", "four one five, five five five, zero one zero zero"),
        ("+18005551212", "US", "eight zero zero, five five five, one two one two"),
        (UK, "US", "plus four four, two zero, seven nine four six, zero nine five eight"),
        (UK, "GB", "zero two zero, seven nine four six, zero nine five eight"),
        (SF, "GB", "plus one, four one five, five five five, zero one zero zero"),
    ],
)
def test_speak_phone(e164: str, region: str, spoken: str) -> None:
    assert speak_phone(e164, region=region) == spoken


def test_speak_phone_round_trips_through_extract_phone() -> None:
    for e164 in (SF, UK, "+19178675309", "+5511912345678"):
        assert extract_phone(speak_phone(e164)) == e164


@pytest.mark.parametrize(
    ("text", "region", "expected"),
    [
        ("call me on 07911 123456", "GB", "+447911123456"),
        ("oh seven nine one one, one two three four five six", "GB", "+447911123456"),
        ("call me on 07911 123456", "US", None),
        ("four hundred fifteen, five fifty five, zero one hundred", "US", SF),
        ("Four. One. Five. Five. Five. Five. Zero. One. Zero. Zero.", "US", SF),
        ("area code 415, 555 0100", "US", SF),
        ("415 555 0100 is my cell", "US", SF),
        ("my cell is 415 555 0100, home is 212 555 0123", "US", None),
    ],
)
def test_extract_phone_more_ways_of_saying_it(text: str, region: str, expected: str | None) -> None:
    assert extract_phone(text, region=region) == expected
