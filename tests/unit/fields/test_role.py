from __future__ import annotations

import pytest

from knotty.fields import FieldError, RoleFinding, extract_role, normalize_role


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


# --- extract_role -------------------------------------------------------------

THERAPIST = RoleFinding(role="therapist")
CLIENT = RoleFinding(role="client")
AMBIGUOUS = RoleFinding(ambiguous=True)
NOTHING = RoleFinding()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I'm a therapist", THERAPIST),
        ("I’m a licensed massage therapist", THERAPIST),
        ("I am an LMT", THERAPIST),
        ("I'm a masseuse", THERAPIST),
        ("I'm a masseur in Miami", THERAPIST),
        ("I work as a bodyworker", THERAPIST),
        ("I give massages for a living", THERAPIST),
        ("I do massage", THERAPIST),
        ("I'm a provider", THERAPIST),
        ("I'm licensed", THERAPIST),
        ("I want to list my practice", THERAPIST),
        ("I want to find clients", THERAPIST),
        ("I want more clients", THERAPIST),
        ("I own a spa", THERAPIST),
        ("I'm a therapist, not a client", THERAPIST),
        ("I don't know, I'm a therapist", THERAPIST),
        ("I'm a client", CLIENT),
        ("just a customer", CLIENT),
        ("sign me up as a client", CLIENT),
        ("I'm a patient", CLIENT),
        ("I want to book a massage", CLIENT),
        ("I'd like to get a massage", CLIENT),
        ("I want a massage", CLIENT),
        ("I'm looking for a massage therapist", CLIENT),
        ("I want to book a massage therapist", CLIENT),
        ("I'm looking to book", CLIENT),
        ("I'm a mom looking for a good massage therapist", CLIENT),
        ("I'm a physical therapist looking for a massage", CLIENT),
        ("I'm no longer a therapist, I just want to book", CLIENT),
        ("a bit of both", AMBIGUOUS),
        ("I'm both", AMBIGUOUS),
        ("I'm a therapist but I also want to book massages", AMBIGUOUS),
        # not a statement about themselves: nothing
        ("I'm not a therapist", NOTHING),
        ("therapist", NOTHING),
        ("I have a massage therapist license", NOTHING),
        ("I'm a mental health therapist", NOTHING),
        ("hello my name is Ana", NOTHING),
        ("I'm not sure", NOTHING),
        ("both", NOTHING),
        ("", NOTHING),
    ],
)
def test_extract_role(text: str, expected: RoleFinding) -> None:
    assert extract_role(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("therapist", THERAPIST),
        ("Therapist please", THERAPIST),
        ("massage therapist", THERAPIST),
        ("massage", THERAPIST),
        ("provider", THERAPIST),
        ("LMT", THERAPIST),
        ("the first one", THERAPIST),
        ("first", THERAPIST),
        ("the former", THERAPIST),
        ("client please", CLIENT),
        ("customer", CLIENT),
        ("a client", CLIENT),
        ("the second one", CLIENT),
        ("the latter", CLIENT),
        ("I'm not a therapist", CLIENT),
        ("not a therapist", CLIENT),
        ("I dont give massages", CLIENT),
        ("this is my first time getting a massage", CLIENT),
        ("both", AMBIGUOUS),
        ("either", AMBIGUOUS),
        ("not sure", AMBIGUOUS),
        ("I don't know", AMBIGUOUS),
        ("what's the difference?", AMBIGUOUS),
        ("a therapist and a client", AMBIGUOUS),
        ("yes", NOTHING),
        ("hello my name is Ana", NOTHING),
        ("", NOTHING),
    ],
)
def test_extract_role_when_expecting(text: str, expected: RoleFinding) -> None:
    assert extract_role(text, expecting=True) == expected


def test_role_finding_is_frozen() -> None:
    with pytest.raises(AttributeError):
        THERAPIST.role = "client"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I'm the one giving massages", THERAPIST),
        ("I want to offer my services", THERAPIST),
        ("I'm looking for a job as a massage therapist", THERAPIST),
        ("I practice massage therapy", THERAPIST),
        ("I want to join as a therapist", THERAPIST),
        ("I'm a customer looking for a therapist", CLIENT),
        ("I usually get massages", CLIENT),
        ("I'm a regular client of a spa", CLIENT),
        ("I'm a nurse", NOTHING),
    ],
)
def test_extract_role_more_ways_of_saying_it(text: str, expected: RoleFinding) -> None:
    assert extract_role(text) == expected


@pytest.mark.parametrize(
    ("text", "role"),
    [("I'm the one who gives massages", "therapist"), ("giving", "therapist"), ("receiving", "client")],
)
def test_giving_or_receiving(text: str, role: str) -> None:
    assert extract_role(text, expecting=True).role == role


def test_giving_is_no_role_unless_asked() -> None:
    assert extract_role("I'm giving it a try").role is None
