"""Grounding: a field the person never said must not reach the database.

A model can hallucinate an email or a phone number. Before a save, each field is looked for in the
person's own words, in every form the offline extractors understand (spoken digits, "at"/"dot",
spelled letters). The number the person calls from counts only if they asked for it to be used.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from functools import lru_cache
from itertools import pairwise

from knotty.brains.scripted.understanding import role_said_unasked
from knotty.fields import (
    extract_email,
    extract_email_domain,
    extract_email_local,
    extract_role,
    mentions_own_number,
    phone_digits_heard,
)
from knotty.fields._spoken_email import SPOKEN_SYMBOLS
from knotty.fields.name import (
    as_seen,
    extract_name_spelling,
    is_full_name,
    name_words,
    says_no_surname,
    says_single_name,
    written_family_first,
)
from knotty.fields.spoken import spelled_runs
from knotty.signup import SignupFields

__all__ = ["ungrounded_fields", "unsaid_contacts"]

_FILLER_WORDS = re.compile(r"\b(?:sign|the|rate|as|in|for|like|is|it's|its|my|email|e-mail)\b")
_SAID_TOKEN = re.compile(r"[a-z0-9]+|[@._+-]")


def _said_tokens(text: str) -> list[str]:
    """The letters, digits and marks (@ . _ - +) the person said, in order, without the words that join
    an address: "ana dot lima at example dot com" is "ana" "." "lima" "@" "example" "." "com"."""
    return [SPOKEN_SYMBOLS.get(t, t) for t in _SAID_TOKEN.findall(_FILLER_WORDS.sub(" ", text.lower()))]


def _said_as_run(target: str, tokens: list[str]) -> bool:
    """Whether `target` is exactly some consecutive tokens run together ("ana" "smith" -> "anasmith")."""
    if not target:
        return False
    for i, first in enumerate(tokens):
        if not target.startswith(first):
            continue
        joined = first
        for token in tokens[i + 1 :]:
            if joined == target or len(joined) >= len(target):
                break
            joined += token
        if joined == target:
            return True
    return False


def _phone_grounded(phone: str, texts: Sequence[str], caller: str | None) -> bool:
    if caller and phone == caller and any(mentions_own_number(t) for t in texts):
        return True
    heard = "".join(phone_digits_heard(t) for t in texts)
    digits = phone.lstrip("+")
    # The national part must have been said in full; a country code may be left implicit.
    return any(digits[i:] in heard for i in range(min(4, len(digits) - 6)))


def _email_grounded(email: str, texts: Sequence[str], names: frozenset[str]) -> bool:
    joined = " ".join(texts)
    # An address said in two halves ("t o n y two" ... "at h e a l i n g dot o r g") is in two texts
    # side by side; the whole transcript joined may run its spelled ending into the next words.
    pairs = (f"{a} {b}" for a, b in pairwise(texts))
    for candidate in (*texts, *pairs, joined):
        found = extract_email(candidate, names)  # "ivecen underscore seven ..." for İvecen Seven
        if found == email:
            return True
    if _said_in_halves(email, texts):
        return True
    # Otherwise the whole address, ending and marks included, must have been said in one run of words
    # ("ana dot lima at example dot com", "a n a ... at example dot com"): a name and a company said
    # apart from each other do not make an address, and "ana.lima" said is never "analima" saved.
    return _said_as_run(email, _said_tokens(joined))


def _said_in_halves(email: str, texts: Sequence[str]) -> bool:
    """The part before the @ said in one utterance and the part after it in the next, as the offline
    brain puts such halves together ("b dot y a m a n" ... "y a m a n t h e r a p y dot see o m")."""
    local, _, domain = email.rpartition("@")
    return any(
        extract_email_local(a) == local and extract_email_domain(b) == domain for a, b in pairwise(texts)
    )


def _name_grounded(name: str, texts: Sequence[str]) -> bool:
    said: set[str] = set()
    for t in map(as_seen, texts):  # "Ｋｉｍ Ｐｅｒｅｚ" typed in full width is the name Kim Perez
        said.update(re.findall(r"[^\W\d_]+", t.lower()))
        said.update(spelled_runs(t))
        if spelling := extract_name_spelling(t):
            said.add(spelling.lower())
    parts = re.findall(r"[^\W\d_]+", name.lower())
    heard = "".join(texts)
    # "伟", then "王": saved 王伟, family name first, every character said.
    return bool(parts) and all(
        p in said or (written_family_first(p) and all(c in heard for c in p)) for p in parts
    )


def _role_grounded(role: str, texts: Sequence[str], answers: Sequence[str]) -> bool:
    """Said of themselves anywhere ("I'm a massage therapist"), or a short answer ("client", "the first
    one", "massage") to a line that named the roles: "my husband is a client" said while giving a name is
    no answer about the person."""
    return any(role_said_unasked(t) == role for t in texts) or any(
        extract_role(t, expecting=True).role == role for t in answers
    )


_ALL_FIELDS = frozenset({"full_name", "phone", "email", "role"})


def ungrounded_fields(
    fields: SignupFields | Mapping[str, str],
    texts: Sequence[str],
    caller_number: str | None,
    *,
    only: frozenset[str] = _ALL_FIELDS,
    role_answers: Sequence[str] | None = None,
) -> dict[str, str]:
    """The fields of a validated signup that appear nowhere in the person's words, with a reason.

    A single name (saved only with the `mononym` flag) also needs the person to have said they have
    only one name ("I only have one name", or "none", "just Ana" for the last name); a model cannot decide
    that for them. `only`: the fields to look for (the others
    are not checked), for a caller that already knows where the rest were said. `role_answers`: the texts
    that answered a line naming the roles, where a short answer ("the first one") counts as a role; None:
    every text.
    """
    f = fields.as_dict() if isinstance(fields, SignupFields) else dict(fields)
    problems: dict[str, str] = {}
    if (
        "full_name" in only
        and not is_full_name(f["full_name"])
        and not any(says_single_name(t) or says_no_surname(t, f["full_name"]) for t in texts)
    ):
        problems["full_name"] = "the person has not said they have only one name; ask for their last name"
    if "phone" in only and not _phone_grounded(f["phone"], texts, caller_number):
        problems["phone"] = "the person has not said this phone number; ask for it"
    if "email" in only and not _email_grounded(f["email"], texts, name_words(f["full_name"])):
        problems["email"] = "the person has not said this email address; ask for it"
    if "full_name" in only and "full_name" not in problems and not _name_grounded(f["full_name"], texts):
        problems["full_name"] = "the person has not said this name; ask for it"
    answers = texts if role_answers is None else role_answers
    if "role" in only and not _role_grounded(f["role"], texts, answers):
        problems["role"] = "the person has not said whether they are a therapist or a client; ask"
    return problems


_WRITTEN_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_WRITTEN_PHONE = re.compile(r"\+?\d(?:[ ().-]{0,2}\d){6,}")
_EXAMPLE = re.compile(r"(?i)@(?:example|domain|email|yourdomain|mail)\.")
"""An address given as a pattern to follow ("like name@example.com"), not as anyone's."""
_ASKED = re.compile(r"[^,;?]*\?")
"""What follows an address up to a question mark, with no clause between: "did you mean ana@gmail.com?"
asks; "your email is x@y.com, and are you a therapist?" says it."""
_SENTENCES = re.compile(r"[^\n]+?(?:[.!?]+(?=\s|$)|\n|$)")
"""Sentences, never cut inside an address ("ana.lima@example.com")."""


@lru_cache(maxsize=256)
def _said(value: str, texts: tuple[str, ...]) -> bool:
    """An email address or a phone number's digits is in what the person said (a streamed reply is checked
    again at each piece: the answer is kept)."""
    if "@" in value:
        return _email_grounded(value, texts, frozenset())
    return _phone_grounded(value, texts, None)


def unsaid_contacts(
    reply: str, texts: Sequence[str], caller_number: str | None, known: Collection[str] = ()
) -> list[str]:
    """The email addresses and phone numbers a model's reply states (not asks about) that the person never
    said: "I have your email as ..." with an address the model made up. `known`: values that are true
    anyway (the saved fields); the number the person calls from is theirs, so it is true too."""
    if "@" not in reply and not any(c.isdigit() for c in reply):
        return []
    unsaid: list[str] = []
    for m in _SENTENCES.finditer(reply):
        sentence = m.group()
        for found in _WRITTEN_EMAIL.finditer(sentence):
            email = found.group().rstrip(".").lower()
            if _ASKED.match(sentence, found.end()) or email in known or _EXAMPLE.search(email):
                continue
            if not _said(email, tuple(texts)):
                unsaid.append(email)
        for found in _WRITTEN_PHONE.finditer(_WRITTEN_EMAIL.sub(" ", sentence)):
            if _ASKED.match(sentence, found.end()):
                continue
            phone = found.group()
            digits = re.sub(r"\D", "", phone)
            if any(digits and digits in re.sub(r"\D", "", k) for k in (*known, caller_number or "")):
                continue
            if not _said(digits, tuple(texts)):
                unsaid.append(phone)
    return unsaid
