"""Replies shaped for a text message: plain characters and a sensible length.

A single curly quote or dash switches a whole SMS to UCS-2, where a segment holds 70 characters
instead of 160; typography is flattened to plain GSM characters first. A reply longer than three
segments keeps its opening and its last sentence (usually the question) and drops the middle.
"""

from __future__ import annotations

import re

__all__ = ["MAX_SMS_CHARS", "fit_sms"]

MAX_SMS_CHARS = 459
"""Three concatenated GSM-7 segments (153 characters each)."""

_PLAIN = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'",
        "\u201c": '"', "\u201d": '"', "\u201e": '"',
        "\u2013": "-", "\u2014": "-", "\u2212": "-",
        "\u2026": "...", "\u00a0": " ", "\u2009": " ", "\u200b": "",
    }
)  # fmt: skip
_SENTENCE = re.compile(r"(?<=[.!?])\s+")


def fit_sms(text: str, limit: int = MAX_SMS_CHARS) -> str:
    """`text` with plain punctuation and collapsed whitespace, at most `limit` characters."""
    text = " ".join(text.translate(_PLAIN).split())
    if len(text) <= limit:
        return text
    sentences = _SENTENCE.split(text)
    last = sentences[-1]
    if len(last) >= limit - 4:
        return text[: limit - 3].rstrip() + "..."
    kept: list[str] = []
    room = limit - len(last) - 1
    for sentence in sentences[:-1]:
        if len(sentence) + 1 > room:
            break
        kept.append(sentence)
        room -= len(sentence) + 1
    return " ".join([*kept, last]) if kept else (text[: limit - len(last) - 5].rstrip() + "... " + last)
