"""How Knotty's written replies are drawn (`web.bubble`): the read-back card's parts, quick replies, phones."""

from __future__ import annotations

from web.bubble import quick_replies, read_back, unbroken_phones

READ_BACK = (
    "Thanks, I've updated that. Here's what I have: name Ana de la O; phone +44 20 7946 0958; "
    "email ana@example.co.uk; joining as a client. Is that all correct?"
)


def test_the_written_read_back_splits_into_four_labelled_parts() -> None:
    card = read_back(READ_BACK)
    assert card is not None
    assert (card.lead, card.name, card.phone, card.email, card.role, card.question) == (
        "Thanks, I've updated that. Here's what I have:",
        "Ana de la O",
        "+44 20 7946 0958",
        "ana@example.co.uk",
        "a client",
        "Is that all correct?",
    )
    assert [r.label for r in quick_replies(READ_BACK)] == ["Yes, that's right", "Fix something"]


def test_other_replies_are_no_card_and_only_the_role_question_gets_role_buttons() -> None:
    assert read_back("What's your email address?") is None
    assert read_back("Your name is Ana. Your phone number is 4 1 5.") is None  # speech is never a card
    assert quick_replies("What's your email address?") == ()
    asked = quick_replies("Great, thanks. Will you be joining as a massage therapist or as a client?")
    assert [r.text for r in asked] == ["I'm a massage therapist", "I'm a client"]
    assert quick_replies("Therapists and clients will hear first. What's your name?") == ()


def test_phone_numbers_are_kept_whole_and_everything_else_is_escaped() -> None:
    html = str(unbroken_phones("Call <b>+1 415-555-0100</b> & ask for 12 minutes"))
    assert (
        html == 'Call &lt;b&gt;<span class="nowrap">+1 415-555-0100</span>&lt;/b&gt; &amp; ask for 12 minutes'
    )
