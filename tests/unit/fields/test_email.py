from __future__ import annotations

import pytest

from knotty.fields import FieldError, normalize_email


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("ana@x.com", "ana@x.com"),
        ("Ana@X.com", "ana@x.com"),
        ("  ANA.LIMA@GMAIL.COM ", "ana.lima@gmail.com"),
        ("<ana+spa@gmail.com>", "ana+spa@gmail.com"),
        ("mailto:ana@gmail.com", "ana@gmail.com"),
        ("john_smith-77@mail.co.uk", "john_smith-77@mail.co.uk"),
    ],
)
def test_normalize_email_accepts(raw: str, expected: str) -> None:
    assert normalize_email(raw) == expected


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("", "didn't catch"),
        ("ana.gmail.com", "missing the at sign"),
        ("ana@@gmail.com", "more than one at sign"),
        ("ana lima@gmail.com", "spaces"),
        ("@gmail.com", "before the at sign"),
        ("ana@", "after the at sign"),
        ("ana@gmail", "needs a dot"),
        ("ana..lima@gmail.com", "two dots"),
        ("ana@gmail.com.", "end with a dot"),
        ("ana@gmail,com", "character"),
        ("ana@gmail.c", "too short"),
    ],
)
def test_normalize_email_rejects_with_a_reason(raw: str, reason: str) -> None:
    with pytest.raises(FieldError) as info:
        normalize_email(raw)
    assert info.value.field == "email"
    assert reason in info.value.reason
