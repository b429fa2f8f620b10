"""Saying a phone number or an e-mail address back to a caller.

Text-to-speech reads "4155550100" as "four billion..." and "ana.lima" as a
word that could be spelled many ways. Before storing a value the agent reads
it back, so every digit becomes a word, digits come in the groups people use
("four one five, five five five, ..."), and the parts of an address a
listener could mishear are spelled letter by letter.
"""

from __future__ import annotations

import re

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberFormat

__all__ = ["speak_email", "speak_phone"]

_DIGIT_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")

_SYMBOL_WORDS = {".": "dot", "_": "underscore", "-": "dash", "+": "plus", "'": "apostrophe"}
"""The marks of an address said as words: an apostrophe ("o'brien@") had been said as a bare "'", which a voice
does not say, so the caller heard "o b r i e n" for an address that is not obrien@."""

_SAID_AS_WORDS = frozenset({
    "gmail", "googlemail", "yahoo", "hotmail", "outlook", "icloud", "live", "mail",
    "proton", "protonmail", "comcast", "verizon", "yandex", "zoho", "fastmail", "me",
    "com", "net", "org", "edu", "gov", "co", "info", "biz",
})  # fmt: skip
"""Domain labels a listener recognises when said as a word."""

_DIGITS_RE = re.compile(r"\d+")
_SEPARATOR_RE = re.compile(r"([._+\-'])")


def _say_digits(digits: str) -> str:
    return " ".join(_DIGIT_WORDS[int(d)] for d in digits)


def speak_phone(e164: str, region: str = "US") -> str:
    """A phone number as words, grouped: "four one five, five five five, zero one zero zero".

    Numbers from ``region`` are said the way they are dialled there; others
    start with their country code ("plus four four, two zero, seven nine four
    six, zero nine five eight").
    """
    try:
        number = phonenumbers.parse(e164, region)
    except NumberParseException:
        groups = _DIGITS_RE.findall(e164)
    else:
        home = number.country_code == phonenumbers.country_code_for_region(region)
        fmt = PhoneNumberFormat.NATIONAL if home else PhoneNumberFormat.INTERNATIONAL
        groups = _DIGITS_RE.findall(phonenumbers.format_number(number, fmt))
        if not home:
            groups[0] = "+" + groups[0]
    spoken = [("plus " + _say_digits(g[1:])) if g.startswith("+") else _say_digits(g) for g in groups]
    return ", ".join(spoken)


def _spell(text: str) -> str:
    """Letters one by one, digits as words: "lima85" -> "l i m a eight five"."""
    return " ".join(_DIGIT_WORDS[int(c)] if c.isdigit() else c for c in text)


def speak_email(email: str) -> str:
    """An address as words: "a n a, dot, l i m a, at gmail dot com".

    The part before "@" is always spelled; in the domain, well-known names
    and endings are said as words and anything else is spelled.
    """
    local, _, domain = email.lower().rpartition("@")
    if not local:
        local, domain = domain, ""
    said = [
        _SYMBOL_WORDS[piece] if piece in _SYMBOL_WORDS else _spell(piece)
        for piece in _SEPARATOR_RE.split(local)
        if piece
    ]
    if not domain:
        return ", ".join(said)
    labels = [
        label if label in _SAID_AS_WORDS or (label.isalpha() and len(label) > 3 and i > 0) else _spell(label)
        for i, label in enumerate(domain.split("."))
    ]
    return ", ".join(said) + ", at " + " dot ".join(labels)
