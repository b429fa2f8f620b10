from __future__ import annotations

import pytest

from knotty.fields import FieldError, normalize_role


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("therapist", "therapist"),
        ("Therapist", "therapist"),
        ("CLIENT", "client"),
        ("a client", "client"),
        ("massage therapist", "therapist"),
        ("LMT", "therapist"),
        ("masseuse", "therapist"),
        ("masseur", "therapist"),
        ("provider", "therapist"),
        ("customer", "client"),
        ("I'm a therapist", "therapist"),
        ("clients", "client"),
    ],
)
def test_normalize_role_accepts(raw: str, expected: str) -> None:
    assert normalize_role(raw) == expected


@pytest.mark.parametrize("raw", ["", "both", "nope", "doctor", "therapist or client"])
def test_normalize_role_rejects(raw: str) -> None:
    with pytest.raises(FieldError) as info:
        normalize_role(raw)
    assert info.value.field == "role"
