"""A line said again with a word changed is a repeat; a line that moves the sign-up on is not."""

from __future__ import annotations

import pytest

from knotty.brains.base import ChatLine
from knotty.reply_repeat import says_again

_EARLIER = "Hello, this is Knotty with MasseurMatch. I'm glad to hear that. What's your full name?"


@pytest.mark.parametrize(
    "reply",
    [
        "Hello, this is Knotty with MasseurMatch. I'm happy to hear that. What's your full name?",
        "Hello, this is Knotty with MasseurMatch. I'm glad to hear that. What's your name?",
        "Hello, this is Knotty with MasseurMatch. I'm so glad to hear that. What's your full name?",
    ],
)
def test_the_same_question_with_a_word_changed_is_said_again(reply: str) -> None:
    assert says_again(reply, [ChatLine("assistant", _EARLIER)])


@pytest.mark.parametrize(
    ("earlier", "reply"),
    [
        ("Thanks, Ana. Could you tell me your phone number?", "Thanks, Ana. Could you tell me your email?"),
        (
            "So that's Ana Lima, ana@example.com, a client. Is that right?",
            "So that's Ana Lima, anna@example.com, a client. Is that right?",
        ),
        (
            "Got it. Your number is 415 555 0100, what's your email?",
            "Got it. Your number is 415 555 0199, what's your email?",
        ),
        ("Thanks! What's your email?", "Thanks! What's your role?"),
    ],
)
def test_a_line_that_asks_something_else_or_reads_back_a_change_is_news(earlier: str, reply: str) -> None:
    assert not says_again(reply, [ChatLine("assistant", earlier)])
