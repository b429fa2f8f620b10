"""Grounding: a saved field must come from the person's own words, in whatever form they said it."""

from __future__ import annotations

import pytest

from knotty.grounding import ungrounded_fields
from knotty.signup import SignupFields

ANA = SignupFields(
    full_name="Ana Smith", phone="+14155550100", email="ana.smith@example.com", role="therapist"
)


def check(texts: list[str], caller: str | None = None, **changes: str) -> set[str]:
    fields = SignupFields(**{**ANA.as_dict(), **changes})
    return set(ungrounded_fields(fields, texts, caller))


@pytest.mark.parametrize(
    "texts",
    [
        ["Hi, I'm Ana Smith, a massage therapist, ana.smith@example.com, 415-555-0100"],
        [
            "my name is ana smith",
            "four one five, five five five, oh one oh oh",
            "ana dot smith at example dot com",
            "I'm an LMT",
        ],
        ["ana smyth, s m i t h", "(415) 555 0100", "A N A dot S M I T H at example dot com", "therapist"],
        ["Ana Smith", "+1 415 555 0100", "Ana.Smith@Example.COM", "I give massages for a living"],
    ],
)
def test_fields_said_in_any_form_are_grounded(texts: list[str]) -> None:
    assert check(texts) == set()


def test_a_number_given_in_two_breaths_is_grounded() -> None:
    assert check(["I'm Ana Smith, therapist, ana.smith@example.com", "415 555", "0100"]) == set()


@pytest.mark.parametrize(
    ("changes", "invented"),
    [
        ({"email": "ana.smith@gmail.com"}, "email"),
        ({"email": "asmith@example.com"}, "email"),
        ({"email": "ana@smith.io"}, "email"),
        ({"email": "ana.smith@example.org"}, "email"),
        ({"phone": "+14155550199"}, "phone"),
        ({"full_name": "Anna Smithson"}, "full_name"),
        ({"role": "client"}, "role"),
    ],
)
def test_invented_fields_are_caught(changes: dict[str, str], invented: str) -> None:
    said = ["Hi, I'm Ana Smith, a massage therapist, ana.smith@example.com, 415-555-0100"]
    assert check(said, **changes) == {invented}


def test_callers_number_counts_only_when_asked_for() -> None:
    said = ["Ana Smith, therapist, ana.smith@example.com"]
    assert check(said, caller="+14155550100") == {"phone"}
    assert check([*said, "just use the number I'm calling from"], caller="+14155550100") == set()
    assert check([*said, "use this number"], caller="+14155550199") == {"phone"}
