"""The offline brain runs every extractor on every turn, at 200 turns a second."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

import pytest

from knotty.fields import (
    extract_email,
    extract_name,
    extract_name_spelling,
    extract_phone,
    extract_role,
    mentions_own_number,
    phone_digits_heard,
)

if TYPE_CHECKING:
    from collections.abc import Callable

UTTERANCES = [
    "Hi, my name is Ana Lima and I'm a licensed massage therapist",
    "my number is four one five five five five zero one zero zero",
    "sure it's j o h n dot s m i t h at g mail dot com thanks",
    "um, yeah, I'm looking to book a massage for next week, what do I do?",
    "one two three four five six seven eight nine one two three four five six seven",
    "+44 20 7946 0958, and my email is ana.lima@gmail.com",
    "I'm not sure, a bit of both really, I give massages but I also love getting them",
]

EXTRACTORS: list[Callable[[str], object]] = [
    extract_email,
    extract_name,
    lambda text: extract_name(text, expecting=True),
    extract_name_spelling,
    extract_phone,
    extract_role,
    mentions_own_number,
    phone_digits_heard,
]


@pytest.mark.parametrize("extract", EXTRACTORS)
def test_each_extractor_takes_well_under_a_millisecond(extract: Callable[[str], object]) -> None:
    for text in UTTERANCES:
        extract(text)  # warm up: phonenumbers loads its metadata lazily
    rounds = 20
    start = time.perf_counter()
    for _ in range(rounds):
        for text in UTTERANCES:
            extract(text)
    average = (time.perf_counter() - start) / (rounds * len(UTTERANCES))
    assert average < 0.0005, f"{average * 1e6:.0f} µs per call"
