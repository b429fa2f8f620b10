"""What a text message may be: carrier keywords recognised exactly, replies plain and short enough."""

from __future__ import annotations

import pytest

from channels.sms_keywords import Keyword, classify
from channels.sms_text import MAX_SMS_CHARS, fit_sms


@pytest.mark.parametrize(
    ("body", "keyword"),
    [
        ("STOP", Keyword.STOP), ("stop", Keyword.STOP), (" Stop. ", Keyword.STOP), ("unsubscribe", Keyword.STOP),
        ("Cancel", Keyword.STOP), ("END", Keyword.STOP), ("quit", Keyword.STOP), ("STOPALL", Keyword.STOP),
        ("start", Keyword.START), ("UNSTOP", Keyword.START), ("help", Keyword.HELP), ("Info", Keyword.HELP),
        ("stop texting me please", None), ("yes", None), ("I want to end this", None), ("", None),
    ],
)  # fmt: skip
def test_only_a_message_that_is_the_keyword_counts(body: str, keyword: Keyword | None) -> None:
    assert classify(body) is keyword


def test_yes_opts_back_in_only_an_opted_out_number() -> None:
    assert classify("Yes", opted_out=True) is Keyword.START
    assert classify("Yes", opted_out=False) is None


def test_replies_are_plain_gsm_and_short() -> None:
    assert fit_sms("It\u2019s \u201cgreat\u201d \u2014 really\u2026") == 'It\'s "great" - really...'
    long = " ".join(f"Sentence number {i} says something rather long and detailed." for i in range(20))
    fitted = fit_sms(long + " Is that right?")
    assert len(fitted) <= MAX_SMS_CHARS
    assert fitted.startswith("Sentence number 0") and fitted.endswith("Is that right?")
    assert len(fit_sms("x" * 2000)) <= MAX_SMS_CHARS
    assert fit_sms("short  and\n sweet") == "short and sweet"
