"""What a small real recogniser (Whisper tiny.en on an 8 kHz line) writes for a spelled address (issue 11)."""

from __future__ import annotations

import pytest

from knotty.fields import extract_email


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
