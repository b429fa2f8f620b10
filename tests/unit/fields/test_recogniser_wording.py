"""What a small real recogniser (Whisper tiny.en on an 8 kHz line) writes for a spelled address (issue 11)."""

from __future__ import annotations

import pytest

from knotty.fields import extract_email, mentions_own_number


@pytest.mark.parametrize(
    ("heard", "email"),
    [
        (
            "r and in romeo u and in uniform b and in bravo y and in yankee at therapy by galvin dot studio",
            "ruby@therapybygalvin.studio",
        ),
        ("My email in H and in Hotel L and in Lima E and in Echo M and in Mike at gmx dot de", "hlem@gmx.de"),
        ("b and in bravo o b at gmail dot com", "bob@gmail.com"),
    ],
)
def test_as_in_written_and_in_is_still_a_spelling(heard: str, email: str) -> None:
    assert extract_email(heard) == email


@pytest.mark.parametrize("heard", ["I met him and in bed at home dot com", "salt and in pepper at the shop"])
def test_and_in_between_ordinary_words_spells_nothing(heard: str) -> None:
    assert extract_email(heard) is None


@pytest.mark.parametrize(
    ("heard", "email"),
    [
        ("it's m not s m i t h at gmail dot com", "m.smith@gmail.com"),  # "dot" written "not"
        ("jane at gmail not com", "jane@gmail.com"),
        ("h-e-l-l-o at gmail dot com", "hello@gmail.com"),  # a spelling written with hyphens
        ("tom-baker at gmail dot com", "tom-baker@gmail.com"),  # a word's own dash stays
        ("ana at gmail dot com, not ana at yahoo dot com", "ana@gmail.com"),
    ],
)
def test_dots_heard_as_not_and_spellings_written_with_hyphens(heard: str, email: str) -> None:
    assert extract_email(heard) == email


def test_not_between_words_is_the_word() -> None:
    assert extract_email("I am not a robot") is None


@pytest.mark.parametrize("heard", ["I'm calling from", "You remember, I'm calling from..."])
def test_the_number_im_calling_from_cut_by_a_recogniser_is_still_the_callers_own(heard: str) -> None:
    assert mentions_own_number(heard)  # "use the number I'm calling from", its start lost on the line


@pytest.mark.parametrize("heard", ["I'm calling from London", "hi, I'm calling from about the waitlist"])
def test_calling_from_somewhere_is_no_number(heard: str) -> None:
    assert not mentions_own_number(heard)
