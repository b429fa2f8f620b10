"""How a call listens for each question (issue 11): hints within Twilio's limits, keys for the text offers."""

from __future__ import annotations

import re

import pytest

from channels.voice_questions import (
    KEYPAD_YES_NO_HINT,
    keypad_answer,
    listening_for,
    with_keypad_hint,
)

ASKED = ("", "full_name", "last_name", "phone", "email", "role", "confirm", "sms", "text_handoff",
         "email_check", "returning", "update_listed")  # fmt: skip
CLASS_TOKENS = {"$OOV_CLASS_DIGIT_SEQUENCE", "$OOV_CLASS_ALPHANUMERIC_SEQUENCE", "$OOV_CLASS_ALPHA_SEQUENCE"}


@pytest.mark.parametrize("asking", ASKED)
def test_every_question_s_hints_are_within_twilio_s_limits(asking: str) -> None:
    # Twilio warns 13330 and ignores hints that are not a comma-separated list of at most 500 entries
    # of at most 100 characters, words separated by spaces, with only the provider's class tokens.
    entries = [h.strip() for h in listening_for(asking).hints.split(",")]
    assert 0 < len(entries) <= 500
    for entry in entries:
        assert 0 < len(entry) <= 100 and re.fullmatch(r"\S+( \S+)*", entry), entry
        assert not entry.startswith("$") or entry in CLASS_TOKENS, entry


def test_an_address_is_listened_for_as_letters_and_digits() -> None:
    email = listening_for("email").hints
    assert "$OOV_CLASS_ALPHANUMERIC_SEQUENCE" in email and "dot co dot uk" in email


@pytest.mark.parametrize("asking", ["text_handoff", "sms"])
def test_a_text_offer_takes_a_key_and_says_so_after_a_miss(asking: str) -> None:
    how = listening_for(asking)
    assert "dtmf" in how.input and how.num_digits == 1
    offer = "Shall I text you so you can type it instead?"
    assert with_keypad_hint(offer, asking, misses=0) == offer
    assert with_keypad_hint(offer, asking, misses=1).endswith(KEYPAD_YES_NO_HINT)
    assert (keypad_answer(asking, "1"), keypad_answer(asking, "2#")) == ("yes", "no")
