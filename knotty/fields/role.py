"""The role a person signs up with: therapist (provider) or client, given or said.

MasseurMatch's waitlist has exactly two kinds of people: massage therapists
who want to be listed, and clients who want to book them. Everything people
call themselves is folded into those two words here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from knotty.fields._role_words_abroad import role_abroad, says_not_abroad
from knotty.fields.errors import FieldError

__all__ = ["ROLES", "Role", "RoleFinding", "extract_role", "names_role_plainly", "normalize_role"]

Role = Literal["therapist", "client"]

ROLES: tuple[Role, ...] = ("therapist", "client")
"""Every role, in the order the agent offers them ("therapist or client")."""

_SYNONYMS: dict[str, Role] = {
    "therapist": "therapist",
    "massage therapist": "therapist",
    "licensed massage therapist": "therapist",
    "lmt": "therapist",
    "rmt": "therapist",
    "masseuse": "therapist",
    "masseur": "therapist",
    "massagist": "therapist",
    "bodyworker": "therapist",
    "body worker": "therapist",
    "provider": "therapist",
    "practitioner": "therapist",
    "professional": "therapist",
    "pro": "therapist",
    "client": "client",
    "customer": "client",
    "patient": "client",
    "user": "client",
    "consumer": "client",
    "guest": "client",
}

_CLEAN_RE = re.compile(r"[^a-z ]+")
_ARTICLE_RE = re.compile(r"^(?:(?:i'?m|i am|im|as)\s+)?(?:an?|the)\s+|s$")


def normalize_role(raw: str) -> Role:
    """Check a role given on its own and return "therapist" or "client".

    Accepts the two words in any case and their obvious synonyms ("LMT",
    "masseuse", "provider", "customer", "a client").

    Raises:
        FieldError: The value is neither role.
    """
    text = " ".join(_CLEAN_RE.sub(" ", raw.lower().replace("'", "")).split())
    role = _SYNONYMS.get(text) or _SYNONYMS.get(_ARTICLE_RE.sub("", text).strip())
    if role is None:
        raise FieldError("role", "I need to know whether you're a massage therapist or a client")
    return role


@dataclass(frozen=True, slots=True)
class RoleFinding:
    """What an utterance says about the person's role."""

    role: Role | None = None
    """"therapist" or "client" when one was clearly said, else None."""
    ambiguous: bool = False
    """True when they said both, either, or that they are not sure."""


def _pattern(*alternatives: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{a})" for a in alternatives), re.IGNORECASE)


_THERAPIST_NOUN = (
    r"(?:massage\s+)?therap(?:ist|ists)|lmts?|rmts?|masseuses?|masseurs?|massagists?"
    r"|body\s*workers?|(?:care\s+)?providers?|practitioners?"
)
_CLIENT_NOUN = r"clients?|customers?|patients?"
_ADJECTIVES = (
    r"(?:(?!for\b|looking\b|seeking\b|needing\b|wanting\b|not\b|physical\b|occupational\b"
    r"|speech\b|family\b|marriage\b|mental\b|respiratory\b|art\b|music\b|sex\b)[a-z'-]+\s+){0,3}"
)
"""Up to three words between "I'm a" and the noun ("licensed massage"), but not a
physical or speech therapist, who is no massage therapist."""
_SELF = (
    r"\b(?:i'?m|i\s+am|im|as|just|only|work(?:ing)?\s+as|i'?ve\s+been"
    r"|signing\s+up\s+as|sign\s+(?:me\s+)?up\s+as)\s+(?:an?\s+|the\s+)?"
)
"""How people introduce what they are: "I'm a", "as a", "just a", "I work as an"."""

_CLIENT_PHRASES = _pattern(
    r"\b(?<!\byou )(?<!\bu )(?:book|books|booking|get|gets|getting|receive|receiving|have|having|find|finding"
    r"|schedule|scheduling|want|wanting|need|needing|like|love|enjoy|hire|hiring|try|trying"
    r"|looking\s+for|look\s+for|searching\s+for|search\s+for)\s+"
    r"(?:to\s+(?:book|get|have|receive|find|try)\s+)?"
    r"(?:(?:a|an|some|the|more|regular|good|great|new|my|me|massage)\s+)*"
    r"(?:massages?|massage\s+therap(?:y|ist|ists)|therapists?|masseuses?|masseurs?|bodywork"
    r"|rubdowns?|appointments?|sessions?)\b"
    r"(?!\s+(?:therap|licen[cs]|certif|practice|business|degree|school|training|clients))",
    r"\b(?:want|wanna|like|looking|hoping|trying|need)\s+to\s+(?:book|get\s+(?:a\s+)?massage)",
    r"\b(?:get|getting)\s+massaged\b",
    rf"{_SELF}{_ADJECTIVES}(?:{_CLIENT_NOUN})\b",
    r"\b(?:client|customer)\s+side\b",
)
"""Ways of saying "I want to be massaged". Not what Knotty is asked to do ("do you have therapists near me",
"can you find me a masseuse"): a question about the service says nothing of who the person is."""

_THERAPIST_PHRASES = _pattern(
    r"\b(?:find|get|getting|gain|attract|reach|more|new|my|book\s+more|grow\s+my)\s+"
    r"(?:new\s+|more\s+)?(?:clients|customers)\b",
    r"\b(?:looking|look|searching|search|hoping|hunting)\s+for\s+(?:some\s+|new\s+|more\s+)*(?:clients|customers)\b",
    r"\b(?:seeking|seek|need|needing|want|wanting)\s+(?:some\s+|new\s+|more\s+)*(?:clients|customers)\b",
    r"\b(?:list|advertise|promote|market|grow|offer|sell)\s+(?:my|our)\s+"
    r"(?:practice|business|services|studio|spa|clinic)\b",
    r"\b(?:my|our)\s+(?:massage\s+)?(?:practice|clinic|studio|spa|massage\s+business)\b",
    r"\bi\s+(?:(?:don'?t|do\s+not|also|really|actually|mainly|mostly|professionally)\s+)?"
    r"(?:give|do|offer|provide|perform|practi[cs]e|teach)\s+(?:a\s+|some\s+)?"
    r"(?:massages?|massage\s+therapy|bodywork|body\s+work)\b",
    r"\b(?:i'?m|i\s+am)\s+(?:the\s+one\s+|usually\s+|always\s+)?(?:giving|doing|offering)\s+"
    r"(?:the\s+)?(?:massages?|massage\s+therapy|bodywork)\b",
    r"\b(?:massage|massages|bodywork)\s+(?:is\s+my\s+(?:job|work|business|profession|career)"
    r"|for\s+a\s+living)\b",
    r"\bi\s+(?:own|run|have|manage)\s+(?:a\s+|my\s+own\s+)?(?:massage\s+)?"
    r"(?:practice|clinic|studio|spa|massage\s+business)\b",
    r"\bi'?m\s+(?:licensed|certified|registered)\b",
    r"\b(?:licensed|certified|registered)\s+(?:massage|therapist|lmt|bodyworker)",
    rf"{_SELF}{_ADJECTIVES}(?:{_THERAPIST_NOUN})\b",
    r"\b(?:provider|therapist)\s+side\b",
    r"\b(?:one|person|someone|somebody)\s+(?:who|that)\s+(?:gives|does|offers|provides)\s+"
    r"(?:the\s+)?(?:massages?|massage\s+therapy|bodywork)\b",
)
"""Ways of saying "I give massages"."""

_NOT_THEIRS = re.compile(
    r"\b(?:my|your|our|his|her|their|a\s+friend'?s|someone'?s|somebody'?s)\s+(?:(?:massage|regular|old|new)\s+)?"
    rf"(?:{_THERAPIST_NOUN}|{_CLIENT_NOUN})(?:'s)?\b"
    rf"|\b(?:an?\s+)?(?:{_THERAPIST_NOUN}|{_CLIENT_NOUN})\s+of\s+(?:mine|ours|his|hers|theirs)\b"
    r"|\b(?:customer|client|patient)s?\s+(?:service|services|support|care|relations|success|experience|rep|reps"
    r"|representatives?|team|line|desk|portal|feedback|number|agent|help)\b"
    r"|\b(?:(?:do|does|can|could|will|would)\s+(?:you|u|it|they|masseurmatch)\s+(?:have|find|list|offer|book|get)"
    r"|are\s+there|is\s+there|any)\s+(?:(?:any|some|a|an|me|good|licensed|massage)\s+)*"
    rf"(?:{_THERAPIST_NOUN}|{_CLIENT_NOUN})\b",
    re.IGNORECASE,
)
"""A role word about someone else, or no person at all: "my therapist told me about you", "a client of
mine", "customer service", a question about the service ("do you have therapists near me", "are there any
masseuses"). Said alone, such a word had been taken as the person's own role ("customer
service" at the name question signed them up as a client); a role is only what they say they are."""

_BARE_THERAPIST = _pattern(rf"\b(?:{_THERAPIST_NOUN}|massage|professional|pro|giving|giver)\b")
_BARE_CLIENT = _pattern(rf"\b(?:{_CLIENT_NOUN}|user|consumer|guest|receiving|receiver|getting)\b")

_BOTH = _pattern(
    r"\b(?:i'?m|i\s+am|im)\s+(?:kind\s+of\s+|sort\s+of\s+|actually\s+|really\s+)?both\b",
    r"\b(?:a\s+)?(?:bit|little)\s+of\s+both\b",
    r"\bboth\s+(?:a\s+|an\s+)?(?:therapist|client|provider|customer)",
)
_UNSURE = _pattern(
    r"\bboth\b", r"\beither\b", r"\bneither\b", r"\bnot\s+(?:really\s+)?sure\b",
    r"\bdon'?t\s+know\b", r"\bdunno\b", r"\bunsure\b", r"\bno\s+idea\b",
    r"\bdepends\b", r"\bwhat'?s\s+the\s+difference\b",
)  # fmt: skip
_ORDINAL = _pattern(
    r"\b(?:the\s+)?(?P<first>first|former|1st)(?:\s+one|\s+option)?\b(?!\s+(?:time|name))",
    r"\b(?:the\s+)?(?P<second>second|latter|last|2nd)(?:\s+one|\s+option)?\b(?!\s+name)",
    r"\b(?:option|number)\s+(?:(?P<one>one|1)|(?P<two>two|2))\b",
)
_NEGATION = re.compile(
    r"\b(?:not|never|no|nor|rather\s+than|instead\s+of|dont|doesnt|didnt|isnt|arent|wasnt"
    r"|aint|wont)\b|n't\b",
    re.IGNORECASE,
)
_CLAUSE = re.compile(r"[,.;!?]|\bbut\b", re.IGNORECASE)
_SHORT_ANSWER_WORDS = 6


_ANSWER_NO = re.compile(r"^(?:(?:um+|uh+|oh|er|well|hmm+)[\s,.]+)*(?:(?:no+|nope|nah)\b[\s,.!-]*)+(?=\S)")
"""A "no" that opens the utterance: the answer to the question asked ("no, I'm a therapist", said to a
read-back that had "client"), which negates nothing after it."""


def _negated(text: str, match: re.Match[str]) -> bool:
    """Whether a match is negated: "I'm not a therapist", "I don't give massages". A "no" opening the
    utterance answers the question asked: "no I'm a therapist" (spoken, with no comma to set the "no"
    apart) is a therapist."""
    answer = _ANSWER_NO.match(text)
    floor = answer.end() if answer else 0
    before = text[max(floor, match.start() - 30) : match.start()]
    return bool(_NEGATION.search(_CLAUSE.split(before)[-1] + match.group()))


def _hits(pattern: re.Pattern[str], text: str) -> tuple[int, int, str]:
    """Count (positive, negated) matches, and return the text with them blanked out."""
    positive = negated = 0
    for match in pattern.finditer(text):
        if _negated(text, match):
            negated += 1
        else:
            positive += 1
    return positive, negated, pattern.sub(lambda m: " " * len(m.group()), text)


def _ordinal(text: str) -> Role | None:
    match = _ORDINAL.search(text)
    if match is None or len(text.split()) > _SHORT_ANSWER_WORDS:
        return None
    return ROLES[0] if match.group("first") or match.group("one") else ROLES[1]


def extract_role(text: str, expecting: bool = False) -> RoleFinding:
    """Find whether the person is a therapist or a client in an utterance.

    Without ``expecting`` only a statement about themselves counts ("I'm a
    massage therapist", "I give massages", "I want to book a massage", "just
    a customer"); "I'm not a therapist" does not count as therapist. With
    ``expecting`` (the agent just asked), short answers count too:
    "therapist", "client please", "provider", "massage", "the first one"
    (the agent offers "therapist or client", in that order), "both", "not
    sure". Saying both roles, or being unsure, gives ``ambiguous=True``.
    """
    return _role_in(text, expecting)


_ROLE_WORD = re.compile(r"\b(?:(therapist)|(client))s?\b", re.IGNORECASE)


def names_role_plainly(text: str, role: str) -> bool:
    """Whether `text` names `role` by its own word, without the other role's word or a negation
    ("joining as a client"): such a line is read as `role` by `extract_role` too. A quick look for long
    lines such as a read-back, where the full reading's many phrases cost a tenth of a millisecond."""
    if role not in ROLES:
        return False
    found = {m.lastindex for m in _ROLE_WORD.finditer(text)}
    return found == {ROLES.index(role) + 1} and _NEGATION.search(text) is None


@lru_cache(maxsize=256)
def _role_in(text: str, expecting: bool) -> RoleFinding:
    """`extract_role`'s reading, remembered (a pure function of the text; grounding reads it again at a save)."""
    low = " ".join(text.lower().replace("’", "'").split())
    if _BOTH.search(low):
        return RoleFinding(ambiguous=True)
    client, not_client, rest = _hits(_CLIENT_PHRASES, low)
    therapist, not_therapist, rest = _hits(_THERAPIST_PHRASES, rest)
    if expecting and not (client or therapist) and not says_not_abroad(low):  # "ich bin kein Masseur"
        rest = _NOT_THEIRS.sub(lambda m: " " * len(m.group()), rest)
        client, more_not_client, _ = _hits(_BARE_CLIENT, rest)
        therapist, more_not_therapist, _ = _hits(_BARE_THERAPIST, rest)
        not_client += more_not_client
        not_therapist += more_not_therapist
    if client and therapist:
        return RoleFinding(ambiguous=True)
    if therapist:
        return RoleFinding(role="therapist")
    if client:
        return RoleFinding(role="client")
    if expecting:
        if _UNSURE.search(low):
            return RoleFinding(ambiguous=True)
        if not (not_client or not_therapist) and (abroad := role_abroad(low)) is not None:
            # "Mimi ni mteja", "je suis masseuse": the answer in a language the name reader knows too
            return RoleFinding(ambiguous=True) if abroad == "both" else RoleFinding(role=abroad)
        if not_therapist and not not_client:
            return RoleFinding(role="client")  # "I'm not a therapist": of two, the other
        if not_client and not not_therapist:
            return RoleFinding(role="therapist")
        return RoleFinding(role=_ordinal(low))
    return RoleFinding()
