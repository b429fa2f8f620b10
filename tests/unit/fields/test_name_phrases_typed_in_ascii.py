""" "My name is" in another language typed in plain ASCII letters ("zovem se Ivan Horvat", "ich heisse Klaus
Weber", "mi apellido es Lyma") is read as the English cue, like the same phrase typed with its accents.

Most answers skip the phrases altogether after a cheap test of their words (`_may_be_foreign`); a phrase
whose words that test did not know was never read ("zovem se Ivan Horvat" had been saved whole).
"""

from __future__ import annotations

import pytest

from knotty.fields._name_reading_languages import _I_AM, _MY_NAME_IS, _MY_SURNAME_IS, in_english

_ASCII = [p for p in (*_MY_NAME_IS, *_MY_SURNAME_IS, *_I_AM) if p.isascii()]


@pytest.mark.parametrize("phrase", _ASCII)
def test_a_phrase_typed_in_ascii_is_read_as_the_english_cue(phrase: str) -> None:
    said = in_english(f"{phrase} Ana Lima")
    assert said.lower() in {"my name is ana lima", "my last name is ana lima", "i'm ana lima"}, said


@pytest.mark.parametrize(
    "answer",
    ["Ana Lima", "my name is Ana Lima", "it's ana at gmail dot com", "yes that's right", "I'm a therapist"],
)
def test_plain_english_is_left_as_it_is(answer: str) -> None:
    assert in_english(answer) == answer
