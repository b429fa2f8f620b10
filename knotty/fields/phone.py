"""Phone numbers: check a given one, or find one in what a person said.

Numbers are stored in E.164 ("+14155550100"), the one form every SMS and
voice provider accepts. ``phonenumbers`` (Google's libphonenumber metadata)
decides what is a real number, so we never hand-roll numbering-plan rules;
its exceptions are turned into :class:`~knotty.fields.errors.FieldError` here.
Digits may come written or spoken ("four one five, double five, ...").
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberFormat, ValidationResult

from knotty.fields._digits import digit_runs
from knotty.fields.errors import FieldError

if TYPE_CHECKING:
    from knotty.fields._digits import DigitRun

__all__ = [
    "extract_phone",
    "mentions_own_number",
    "normalize_phone",
    "phone_digits_heard",
]

_MIN_DIGITS = 7
_MAX_DIGITS = 17  # 15 for E.164, plus an international prefix such as "011"


def _parse(digits: str, plus: bool, region: str) -> phonenumbers.PhoneNumber | None:
    try:
        if plus:
            return phonenumbers.parse("+" + digits, None)
        return phonenumbers.parse(digits, region)
    except NumberParseException:
        return None


def _valid(digits: str, plus: bool, region: str) -> str | None:
    """The E.164 form of ``digits`` when they make a valid number, else None."""
    candidates = [(digits, plus)]
    if not plus and digits.startswith("00") and len(digits) > 4:
        candidates.append((digits[2:], True))  # "0044 20 ...": the European way to dial out
    for text, with_plus in candidates:
        number = _parse(text, with_plus, region)
        if number is not None and phonenumbers.is_valid_number(number):
            return phonenumbers.format_number(number, PhoneNumberFormat.E164)
    return None


def _explain(digits: str, plus: bool, region: str) -> str:
    """Why ``digits`` are not a phone number, in words the agent can say."""
    if not digits:
        return "I couldn't find any digits in that phone number"
    try:
        number = phonenumbers.parse(("+" if plus else "") + digits, None if plus else region)
    except NumberParseException as exc:
        if exc.error_type == NumberParseException.INVALID_COUNTRY_CODE:
            return "I don't recognise the country code in that phone number"
        return "that doesn't look like a phone number"
    reason = phonenumbers.is_possible_number_with_reason(number)
    if reason == ValidationResult.TOO_SHORT:
        missing = 10 - len(str(number.national_number)) if number.country_code == 1 else 0
        if missing == 1:
            return "that phone number seems to be missing a digit"
        return "that phone number seems to be missing some digits"
    if reason == ValidationResult.TOO_LONG:
        return "that phone number seems to have too many digits"
    if reason == ValidationResult.INVALID_COUNTRY_CODE:
        return "I don't recognise the country code in that phone number"
    if number.country_code == 1:
        return "that doesn't seem to be a valid phone number, could you check the area code"
    return "that doesn't seem to be a valid phone number"


def normalize_phone(raw: str, region: str = "US") -> str:
    """Check a phone number given on its own and return it in E.164.

    Accepts any written format ("(415) 555-0100", "+44 20 7946 0958") and
    spoken digits ("four one five five five five zero one zero zero").

    Args:
        raw: The number, e.g. a tool-call argument or a form field.
        region: Where a number without a country code is assumed to be.

    Raises:
        FieldError: The digits do not make a valid phone number.
    """
    runs = digit_runs(raw)
    digits = "".join(run.digits for run in runs)
    plus = bool(runs) and runs[0].plus
    e164 = _valid(digits, plus, region) if _MIN_DIGITS <= len(digits) <= _MAX_DIGITS else None
    if e164 is None:
        raise FieldError("phone", _explain(digits, plus, region))
    return e164


def _windows(run: DigitRun) -> list[tuple[str, bool]]:
    """Contiguous groups of a run that could be a number, longest first."""
    chunks = run.chunks
    found: list[tuple[int, int, str, bool]] = []
    for start in range(len(chunks)):
        digits = ""
        for end in range(start, len(chunks)):
            digits += chunks[end]
            if len(digits) > _MAX_DIGITS:
                break
            if len(digits) >= _MIN_DIGITS:
                found.append((-len(digits), start, digits, run.plus and start == 0))
    found.sort()
    return [(digits, plus) for _, _, digits, plus in found]


def extract_phone(text: str, region: str = "US") -> str | None:
    """Find a phone number in an utterance and return it in E.164.

    Returns None when no complete, valid number was said; see
    :func:`phone_digits_heard` for what was heard instead. Numbers that are
    not phone numbers (an age, a year) are ignored.

    Args:
        text: What the person typed or said.
        region: Where a number without a country code is assumed to be.
    """
    for run in digit_runs(text):
        if len(run.digits) < _MIN_DIGITS:
            continue
        for digits, plus in _windows(run):
            e164 = _valid(digits, plus, region)
            if e164 is not None:
                return e164
    return None


def phone_digits_heard(text: str) -> str:
    """The digits of the longest digit run in ``text``, after reading words as digits.

    Lets the dialogue say "I only caught seven digits". Empty when no digits
    were heard. A leading "+" is kept when the run started with one.
    """
    runs = digit_runs(text)
    if not runs:
        return ""
    best = max(runs, key=lambda run: len(run.digits))
    return ("+" if best.plus else "") + best.digits


_OWN_NUMBER_RE = re.compile(
    r"""
    \b(?:this|that|the\ same|same|current|my\ current)\s+(?:phone\s+|cell\s+|mobile\s+)?
        (?:number|one|phone|cell|mobile|line)\b(?!\s+(?:is|was)\s+\d)
    | \b(?:number|one|phone|cell|mobile|line)\s+(?:that\s+|which\s+)?(?:i'?m|i\s+am|im)\s+
        (?:calling|texting|messaging|on|using|talking|speaking|ringing|writing)\b
    | \b(?:number|one|phone|cell|mobile|line)\s+(?:that\s+|which\s+)?i\s+
        (?:called|texted|messaged|am\s+calling|am\s+texting)\b
    | \b(?:calling|texting|messaging|ringing)\s+(?:you\s+)?(?:from|on|with)\s+(?:it|this|here)\b
    | \b(?:you\s+(?:have|got|can\ see|see)|you've\ got)\s+(?:it|my\ number|the\ number)\b
    | \buse\s+(?:it|this|that|mine|the\ caller\ id)\b
    | \bcaller\ ?id\b
    """,
    re.IGNORECASE | re.VERBOSE,
)

_OWN_NUMBER_NEGATION_RE = re.compile(
    r"\b(?:not|don'?t|do\s+not|no|isn'?t|never|rather\s+not|different|another|other)\b"
    r"[\w\s']{0,20}\b(?:this|that|same|number|one|phone|cell|line)\b",
    re.IGNORECASE,
)


def mentions_own_number(text: str) -> bool:
    """Whether the person means "use the number I'm calling or texting from".

    True for "this number", "the one I'm texting from", "same number", "you
    can use this one", "my cell that I'm on"; false when they go on to say
    digits ("my number is 415 ...") or refuse it ("not this number").
    """
    if not _OWN_NUMBER_RE.search(text):
        return False
    if _OWN_NUMBER_NEGATION_RE.search(text):
        return False
    return len(phone_digits_heard(text).lstrip("+")) < _MIN_DIGITS
