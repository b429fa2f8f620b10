"""What the reply guard lets through to a person, judged against the conversation's state."""

from __future__ import annotations

import pytest

from knotty.reply_guard import check_reply
from knotty.state import ConversationState, SmsOffer, Stage

SAVED = {"stage": Stage.SAVED, "entry_id": 7, "saved_fields": {"phone": "+14155550100"}}


@pytest.mark.parametrize(
    ("reply", "state", "verdict"),
    [
        ("You're all set, Ana! Would you like a confirmation text?", ConversationState(**SAVED), None),
        ("You're all set on the list!", ConversationState(), "false_signup_claim"),
        ("Great, a confirmation text is on its way.", ConversationState(**SAVED), "false_text_claim"),
        ("Would you like a confirmation text?", ConversationState(), "text_offered_before_save"),
        (
            "You're all set, Ana! Would you like a confirmation text?",
            ConversationState(**SAVED, sms=SmsOffer.UNAVAILABLE),
            "text_offered_but_unavailable",
        ),
        (
            "You're on the list, Ana. Have a lovely day!",
            ConversationState(**SAVED, sms=SmsOffer.UNAVAILABLE),
            None,
        ),
        ("functions.send_confirmation_sms:", ConversationState(**SAVED), "tool_syntax"),
        ("   ", ConversationState(), "empty"),
    ],
)
def test_the_guard_judges_replies_against_the_state(
    reply: str, state: ConversationState, verdict: str | None
) -> None:
    assert check_reply(reply, state) == verdict
