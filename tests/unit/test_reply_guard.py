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


_DENIALS = [
    f"{who} {have} been {done}{yet}{end}"
    for who, have in (("Nothing", "has"), ("None of it", "has"), ("None of your details", "have"))
    for done in ("saved", "added", "registered", "recorded", "submitted")
    for yet in ("", " yet")
    for end in (".", ", so let's try that again.")
]


@pytest.mark.parametrize("reply", _DENIALS)
def test_a_model_saying_nothing_was_saved_is_not_refused_as_a_claim(reply: str) -> None:
    """ "Nothing has been saved" is the truth a person needs after a failed save; it had been refused as
    a signup claim (its "has been saved" part), and the offline brain answered instead."""
    assert check_reply(reply, ConversationState()) is None


@pytest.mark.parametrize(
    "reply", ["Everything has been saved.", "Your details have been saved!", "It has been recorded, Ana."]
)
def test_a_saved_claim_beside_the_denials_is_still_refused(reply: str) -> None:
    assert check_reply(reply, ConversationState()) == "false_signup_claim"
