from __future__ import annotations

import pytest

from knotty.fields import FieldError, normalize_phone


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
