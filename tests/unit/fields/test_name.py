from __future__ import annotations

import pytest

from knotty.fields import FieldError, is_full_name, normalize_name


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("ana lima", "Ana Lima"),
        ("ANA LIMA", "Ana Lima"),
        ("  ana   lima  ", "Ana Lima"),
        ("mary-jane o'neil", "Mary-Jane O'Neil"),
        ("mary-jane o’neil", "Mary-Jane O'Neil"),
        ("mcdonald", "McDonald"),
        ("DeShawn McDonald", "DeShawn McDonald"),
        ("ana da silva", "Ana da Silva"),
        ("ludwig van beethoven", "Ludwig van Beethoven"),
        ("josé álvarez", "José Álvarez"),
        ("ana Lima", "Ana Lima"),
        ("Ana", "Ana"),
        ("j. r. smith", "J. R. Smith"),
        ("Ana Lima.", "Ana Lima"),
        ("Will", "Will"),
    ],
)
def test_normalize_name_accepts(raw: str, expected: str) -> None:
    assert normalize_name(raw) == expected


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("", "didn't catch"),
        ("   ", "didn't catch"),
        ("a" * 101, "longer"),
        ("ana@gmail.com", "email"),
        ("Ana 2", "numbers"),
        ("Ana #1 Lima", "numbers"),
        ("Ana & Lima", "character"),
        ("J", "too short"),
        ("um", "doesn't sound like a name"),
        ("yes", "doesn't sound like a name"),
        ("No", "doesn't sound like a name"),
        ("uh yeah", "doesn't sound like a name"),
        ("therapist", "doesn't sound like a name"),
    ],
)
def test_normalize_name_rejects_with_a_reason(raw: str, reason: str) -> None:
    with pytest.raises(FieldError) as info:
        normalize_name(raw)
    assert info.value.field == "full_name"
    assert reason in info.value.reason


@pytest.mark.parametrize(
    ("name", "full"),
    [
        ("Ana Lima", True),
        ("Ana da Silva", True),
        ("J. R. Smith", True),
        ("Mary-Jane O'Neil", True),
        ("Ana", False),
        ("Ana L.", False),
        ("Ana da", False),
        ("", False),
    ],
)
def test_is_full_name(name: str, full: bool) -> None:
    assert is_full_name(name) is full
