"""Phone numbers: check a given one, or find one in what a person said.

Numbers are stored in E.164 ("+14155550100"), the one form every SMS and
voice provider accepts. ``phonenumbers`` (Google's libphonenumber metadata)
decides what is a real number, so we never hand-roll numbering-plan rules;
its exceptions are turned into :class:`~knotty.fields.errors.FieldError` here.
Digits may come written or spoken ("four one five, double five, ...").
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from itertools import accumulate
from typing import TYPE_CHECKING

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberFormat, ValidationResult

from knotty.fields._digits import digit_runs
from knotty.fields._named_country import named_region
from knotty.fields.errors import FieldError

if TYPE_CHECKING:
    from knotty.fields._digits import DigitRun

__all__ = [
    "extract_phone",
    "mentions_own_number",
    "normalize_phone",
    "phone_digits_heard",
    "preload_numbering_plans",
]

_MIN_DIGITS = 7
_MAX_DIGITS = 17  # 15 for E.164, plus an international prefix such as "011"
_SAID_DIGITS = 3  # a run this long is something the person meant as digits
_STRAY_DIGITS = 2  # digits before a number in one breath ("I'm 30, 415 ...", "oh, four one five ...")
_MAX_TRIES = 12  # windows checked per run: keeps a long string of digits under a millisecond


def preload_numbering_plans() -> None:
    """Load every country's numbering plan now, once per process (about 50 ms, 1.5 MB).

    ``phonenumbers`` imports a country's plan the first time a number of it is read: the first British
    number a process heard held its event loop, and every call and text in it, for up to 0.1 s.

    Its patterns are kept once compiled (`phonenumbers.enable_pattern_cache`): left to `re`'s cache of
    512, they were pushed out by the readers' own and compiled again, about 0.3 ms a number checked."""
    phonenumbers.PhoneMetadata.load_all()
    phonenumbers.enable_pattern_cache()


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
    if not plus and len(digits) > 4:
        # "0044 20 ...", "011 44 20 ...": the ways to dial out of the region
        outward = [p for p in _dialling(region)[1] if len(p) > 1 and digits.startswith(p)]
        candidates += [(digits[len(p) :], True) for p in sorted(outward, key=len, reverse=True)]
    for text, with_plus in candidates:
        for said in dict.fromkeys((text, _without_old_mobile_digit(text) if with_plus else text)):
            number = _parse(said, with_plus, region)
            if number is not None and phonenumbers.is_valid_number(number):
                return phonenumbers.format_number(number, PhoneNumberFormat.E164)
    return None


_OLD_MOBILE_DIGITS = {"52": "1"}
"""Digits once dialled between a country code and a mobile number, since dropped: Mexico's "+52 1 55 ..."
(gone in 2019, still written everywhere). libphonenumber no longer strips it, so "+52 1 55 1234 5678"
would be too long; without it, it is the same line, +52 55 1234 5678."""


def _without_old_mobile_digit(digits: str) -> str:
    """``digits`` (after a "+") without the old mobile digit of `_OLD_MOBILE_DIGITS`, when they have one."""
    for code, mobile in _OLD_MOBILE_DIGITS.items():
        if digits.startswith(code + mobile):
            return code + digits[len(code) + len(mobile) :]
    return digits


_ABROAD = (
    "GB", "IE", "FR", "DE", "ES", "IT", "PT", "NL", "BE", "CH", "AT", "SE", "NO", "DK", "FI", "PL", "GR",
    "BR", "MX", "AR", "CO", "CL", "PE", "IN", "PH", "AU", "NZ", "ZA", "NG", "JP", "KR", "CN", "IL", "AE", "TR",
)  # fmt: skip
"""Countries whose national numbers are checked, in this order, when a number is not from the region."""
_ABROAD_DIGITS = 10
"""A national number with a leading 0 this long is from abroad even when no country above takes it."""


def _from_abroad(digits: str, region: str) -> phonenumbers.PhoneNumber | None:
    """The number ``digits`` are when dialled inside another country ("07700 900123" in the UK), if any.

    Only numbers written with a trunk prefix ("0...") count: those are unmistakably national numbers.
    """
    if not digits.startswith("0") or digits.startswith("00"):
        return None
    for other in _ABROAD:
        if other == region:
            continue
        number = _parse(digits, False, other)
        if number is not None and phonenumbers.is_valid_number(number):
            return number
    return None


def _explain(digits: str, plus: bool, region: str) -> str:
    """Why ``digits`` are not a phone number, in words the agent can say."""
    if not digits:
        return "I couldn't find any digits in that phone number"
    if not plus and (abroad := _from_abroad(digits, region)) is not None:
        example = phonenumbers.format_number(abroad, PhoneNumberFormat.INTERNATIONAL)
        return f"that looks like a number from another country: please add your country code, like {example}"
    if not plus and digits.startswith("0") and not digits.startswith("00") and len(digits) >= _ABROAD_DIGITS:
        return (
            "that looks like a number from another country: please add your country code, like +44 for the UK"
        )
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
    value, valid = _number_or_reason(raw, region)
    if not valid:
        raise FieldError("phone", value)
    return value


_MEMO_SIZE = 256
"""Strings whose reading is remembered: one turn reads the same text and number several times
(the returning-person lookup, understanding, grounding, the save's validation); the reading is a
pure function of the string and the region."""


@lru_cache(maxsize=_MEMO_SIZE)
def _number_or_reason(raw: str, region: str) -> tuple[str, bool]:
    """`normalize_phone`'s answer, remembered: the E.164 number and True, or why it is not one and False."""
    runs = digit_runs(raw)
    digits = "".join(run.digits for run in runs)
    plus = bool(runs) and runs[0].plus
    e164 = _valid(digits, plus, region) if _MIN_DIGITS <= len(digits) <= _MAX_DIGITS else None
    if e164 is None:
        return _explain(digits, plus, region), False
    return e164, True


@cache
def _dialling(region: str) -> tuple[frozenset[int], tuple[str, ...]]:
    """How many digits a number dialled in ``region`` has, and the prefixes starting with 0.

    The prefixes are the ways to dial out of the region ("011", "00") and its
    trunk prefix when that is "0" (as in "020 7946 0958").
    """
    metadata = phonenumbers.PhoneMetadata.metadata_for_region(region)
    if metadata is None or metadata.general_desc is None:
        return frozenset(range(_MIN_DIGITS, _MAX_DIGITS + 1)), ("0",)
    lengths = set(metadata.general_desc.possible_length)
    trunk = metadata.national_prefix or ""
    code = len(str(metadata.country_code))
    outward = metadata.international_prefix or ""
    prefixes = {"00"} | ({outward} if outward.isdigit() else set()) | ({trunk} & {"0"})
    lengths |= {n + len(trunk) for n in lengths} | {n + code for n in lengths}
    return frozenset(lengths), tuple(sorted(prefixes))


def _windows(run: DigitRun, region: str) -> list[tuple[tuple[bool, int], str, bool, int]]:
    """Contiguous groups of a run that could be a number, most likely first.

    Each comes with its rank: groups that start with a stray 0 (an "oh" said
    as a filler before the number) come last, then longer before shorter; and
    with how many digits of the run follow it. A run that followed "+" starts
    with its country code, so only its groups from the start count: "+52 1 55
    1234 5678" is never the region's "1 551 234 5678".
    """
    lengths, prefixes = _dialling(region)
    chunks = run.chunks
    total, ends = len(run.digits), list(accumulate(len(chunk) for chunk in chunks))
    found: list[tuple[tuple[bool, int], int, str, bool, int]] = []
    for start in range(1 if run.plus else len(chunks)):
        digits = ""
        for end in range(start, len(chunks)):
            digits += chunks[end]
            if len(digits) > _MAX_DIGITS:
                break
            plus = run.plus and start == 0
            dialled_out = digits.startswith(prefixes)
            if len(digits) < _MIN_DIGITS or not (plus or dialled_out or len(digits) in lengths):
                continue
            stray_zero = not plus and digits[0] == "0" and not dialled_out
            after = (
                total - ends[end]
            )  # digits of the run after this group: a sum here made a long run quadratic
            found.append(((stray_zero, -len(digits)), start, digits, plus, after))
    found.sort()
    return [(rank, digits, plus, after) for rank, _, digits, plus, after in found[:_MAX_TRIES]]


def extract_phone(text: str, region: str = "US") -> str | None:
    """Find a phone number in an utterance and return it in E.164.

    Returns None when no complete, valid number was said; see
    :func:`phone_digits_heard` for what was heard instead. Numbers that are
    not phone numbers (an age, a year) are ignored.

    Args:
        text: What the person typed or said.
        region: Where a number without a country code is assumed to be.
    """
    return _extract_phone(text, region)


@lru_cache(maxsize=_MEMO_SIZE)
def _extract_phone(text: str, region: str) -> str | None:
    """`extract_phone`'s reading, remembered."""
    runs = digit_runs(text)
    strict = _number_in(runs, text, region)
    if strict is None and any(len(r.digits) >= _MIN_DIGITS and not r.plus for r in runs):
        # "07911 123456 (UK)", "612 34 56 78 (Spain)": a number as dialled in the country named beside it
        other = named_region(text)
        if other is not None and other != region:
            strict = _number_in(runs, text, other)
    if strict is None and (keyed := _KEYED_RE.match(text)):
        return _with_country_code(keyed.group(1), region)
    if strict is not None or not _HOMOPHONE_RE.search(text):
        return strict
    # "to zero one five five five ... three too": a recogniser's homophone at the edge of the number.
    return _number_in(digit_runs(text, loose=True), text, region)


_KEYED_RE = re.compile(r"^\s*([1-9]\d{7,14})\s*$")
"""Digits alone, as a keypad types them: no "+" on a keypad, so a country code may lead them."""


def _with_country_code(digits: str, region: str) -> str | None:
    """ "447400123456" typed on a keypad: the number with that country code, when it is not one of the region's."""
    e164 = _valid(digits, True, region)
    if e164 is None or _valid(digits, False, region) is not None:
        return None
    return e164


_HOMOPHONE_RE = re.compile(r"\b(?:to|too|for|fore|won|ate)\b", re.IGNORECASE)


def _number_in(all_runs: list[DigitRun], text: str, region: str) -> str | None:
    """The one phone number the runs of digits of ``text`` make, if there is one (see `extract_phone`)."""
    runs = [run for run in all_runs if len(run.digits) >= _SAID_DIGITS]
    found = [(i, _best(run, region)) for i, run in enumerate(runs)]
    numbers = [(i, e164) for i, e164 in found if e164 is not None]
    if not numbers:
        return None
    if len({e164 for _, e164 in numbers}) == 1 and len(runs) == 1:
        return numbers[0][1]
    if _CORRECTION_RE.search(text):
        # "415 555 0101, sorry, 415 555 0100": the last thing said wins,
        # but only when it is a whole number ("..., sorry, 0100" is not).
        last, e164 = numbers[-1]
        return e164 if last == len(runs) - 1 else None
    if len({e164 for _, e164 in numbers}) == 1:
        return numbers[0][1]
    return None  # two different numbers: ask, don't pick


def _best(run: DigitRun, region: str) -> str | None:
    """The number in a run, or None if there is none or it is ambiguous."""
    if len(run.digits) < _MIN_DIGITS:
        return None
    chosen: tuple[tuple[bool, int], str, str, int] | None = None
    for rank, digits, plus, after in _windows(run, region):
        if chosen is not None and rank != chosen[0]:
            break
        e164 = _valid(digits, plus, region)
        if e164 is None:
            continue
        if chosen is None:
            chosen = (rank, e164, digits, after)
        elif e164 != chosen[1]:
            return None  # two readings of one run of digits
    if chosen is None:
        return None
    _, e164, digits, after = chosen
    if run.digits.count(digits) >= 2:
        return e164  # the number said twice in one breath
    extra = len(run.digits) - len(digits)
    if extra > _STRAY_DIGITS or after:
        # Many more digits than a number, or a digit glued after it ("415 555 1234 5"): which were meant?
        return None
    return e164


def phone_digits_heard(text: str) -> str:
    """The digits of the longest digit run in ``text`` (the last, if tied), words read as digits.

    Lets the dialogue say "I only caught seven digits". Empty when no digits
    were heard. A leading "+" is kept when the run started with one.
    """
    return _digits_heard(text)


@lru_cache(maxsize=_MEMO_SIZE)
def _digits_heard(text: str) -> str:
    """`phone_digits_heard`'s reading, remembered (grounding reads every text understanding read)."""
    runs = digit_runs(text, loose=True)
    if not runs:
        return ""
    best = max(reversed(runs), key=lambda run: len(run.digits))  # ties: the latest said
    return ("+" if best.plus else "") + best.digits


_CORRECTION_RE = re.compile(
    r"\b(?:sorry|i\s+mean|i\s+meant|no\s+wait|wait|scratch\s+that|correction|actually|"
    r"rather|let\s+me\s+(?:start\s+)?again|my\s+bad|oops)\b",
    re.IGNORECASE,
)

_OWN_NUMBER_RE = re.compile(
    r"""
    \b(?:this|the\ same|same|current|my\ current)\s+(?:phone\s+|cell\s+|mobile\s+)?
        (?:number|one|phone|cell|mobile|line)\b(?!\s+(?:is|was)\s+\d)
        # "this line is terrible", "this phone keeps cutting out": a complaint about the line, not the number
        (?!(?:'s\s+|\s+)(?:[a-z']+\s+){0,3}?
            (?:terrible|bad|awful|horrible|breaking|cutting|noisy|crackly|choppy|rubbish|crap|useless|
            dropping|static|staticky|poor|garbage|dying|glitchy|patchy|weak|broken|muffled|not\s+working)\b)
    | \b(?:number|one|phone|cell|mobile|line)\s+(?:that\s+|which\s+)?(?:i'?m|i\s+am|im)\s+
        (?:calling|texting|messaging|on|using|talking|speaking|ringing|writing)\b
    | \b(?:number|one|phone|cell|mobile|line)\s+(?:that\s+|which\s+)?i\s+
        (?:called|texted|messaged|am\s+calling|am\s+texting)\b
    | \b(?:number|one)\s+(?:that\s+)?(?:you(?:'re|\s+are)?\s+(?:see|seeing|have|got)
        |(?:came|comes|showed|shows|popped|popping)\s+up)\b
    | \b(?:calling|texting|messaging|ringing)\s+(?:you\s+)?(?:from|on|with)\s+(?:it|this|here)\b
    | \b(?:you\s+(?:have|got|can\ see|see)|you've\ got)\s+(?:it|my\ number|the\ number)\b
    | \b(?:i'?m|i\s+am|im)\s+calling\s+(?:you\s+)?from\W*$
    | \buse\s+(?:it|this|mine|the\ caller\ id)\b
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
    can use this one", "my cell that I'm on", and "... I'm calling from" at the
    very end (a recogniser's cut of "the number I'm calling from"); false when they go on to say
    digits ("my number is 415 ...") or refuse it ("not this number").
    """
    if not _OWN_NUMBER_RE.search(text):
        return False
    if _OWN_NUMBER_NEGATION_RE.search(text):
        return False
    return len(phone_digits_heard(text).lstrip("+")) < _MIN_DIGITS
