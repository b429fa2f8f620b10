"""Tools are grounded like fields: ending or texting needs the person to have asked for it.

The judge is the offline brain's intent reading (`understand`), the same one that drives its own
flow, so the model can never end a conversation on "Hi, I'd like to join" or text someone who did
not say yes. Imported lazily: the offline brain itself imports the tools.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING

from knotty.brains.scripted.understanding import understand
from knotty.fields import ROLES, extract_email, extract_phone, speak_email
from knotty.fields._name_reading import folded
from knotty.fields.role import names_role_plainly
from knotty.grounding import ungrounded_fields
from knotty.state import Modality

if TYPE_CHECKING:
    from knotty.brains.base import BrainContext
    from knotty.transcript import ChatLine

__all__ = [
    "NOT_CONFIRMED",
    "NOT_READ_BACK",
    "read_back_refusal",
    "said_leaving",
    "said_yes",
    "said_yes_after_save",
]

NOT_READ_BACK = "not_read_back"
NOT_CONFIRMED = "not_confirmed"

_NAMES_A_TEXT = re.compile(r"\b(text|texts|texting|sms|message)\b", re.IGNORECASE)


def _last_said(ctx: BrainContext) -> str:
    texts = ctx.user_texts()
    return texts[-1] if texts else ""


def said_leaving(ctx: BrainContext) -> bool:
    """The person's latest words say they are leaving or do not want to sign up."""
    text = _last_said(ctx)
    if not text:
        return False
    reading = understand(text, "", region=ctx.region)
    return reading.goodbye or reading.refusal


def said_yes(ctx: BrainContext) -> bool:
    """The person's latest words accept the confirmation text."""
    text = _last_said(ctx)
    return bool(text) and understand(text, "sms", region=ctx.region).yes is True


def said_yes_after_save(ctx: BrainContext) -> bool:
    """The person accepted the text with words said after the entry was saved.

    A text can only have been offered once the entry exists: the "yes" that confirmed the read-back
    came before the save, and a model that texts on it sends a text nobody was asked about. Words
    that name the text ("yes, and text me") ask for it whenever they were said; when this
    conversation holds no save of its own (an entry found another way), any accepting words count.
    """
    lines = [*ctx.history, *ctx.turn_lines]
    saved_at = next((i for i, ln in enumerate(lines) if _saved(ln)), None)
    answered = saved_at is None or any(ln.role == "user" and ln.content for ln in lines[saved_at:])
    return said_yes(ctx) and (answered or _NAMES_A_TEXT.search(_last_said(ctx)) is not None)


def _saved(line: ChatLine) -> bool:
    """A tool line saying the entry was saved."""
    payload = line.payload if line.role == "tool" and line.payload else {}
    result = payload.get("result")
    return (
        payload.get("name") == "save_waitlist_entry" and isinstance(result, dict) and result.get("ok") is True
    )


_EMAIL = frozenset({"email"})
_PHONE = frozenset({"phone"})
_PHONE_AND_ROLE = frozenset({"phone", "role"})
_WORDS = re.compile(r"[^\W\d_]+")
_NUMBER_HYPHEN = re.compile(r"(?<=ty)-(?=[a-z])")
"""The hyphen of "eighty-eight": the person's email reader takes "eighty eight"."""


def _words(text: str) -> set[str]:
    """The words of `text`, folded for case and accents ("José" and "jose" are one word)."""
    return {w for w in (folded(x) for x in _WORDS.findall(text)) if w}


def _names(line: str, fields: Mapping[str, str], name: set[str]) -> set[str]:
    """The fields an assistant line reads back, when it reads back the name (`name`: every word of it,
    folded) and the email (as written, as `speak_email` says it, or in any form a person's own words
    would ground it); else an empty set. Then the phone and the role too, as the person's words would
    ground them (the phone may be read back as "this number"). The name goes first: a save looks at
    assistant lines from the last one back until one reads back."""
    if not name or not name <= _words(line):
        return set()
    low = line.casefold()
    email = fields["email"]
    cheap = (
        email.casefold() in low
        or speak_email(email) in low
        or extract_email(_NUMBER_HYPHEN.sub(" ", low)) == email  # "garcia eighty-eight at gmail dot com"
    )
    if not cheap and "email" in ungrounded_fields(fields, [line], None, only=_EMAIL):
        return set()
    named = {"full_name", "email"}
    checked = _PHONE_AND_ROLE
    if names_role_plainly(line, fields["role"]):  # the common read-back
        named.add("role")
        checked = _PHONE
    return named | (checked - set(ungrounded_fields(fields, [line], None, only=checked)))


def _reads_back_otherwise(line: str, fields: Mapping[str, str], region: str) -> bool:
    """The read-back names a phone number or a role other than the ones being saved: the person said yes to
    those, not to what the save holds (a number they corrected, a role they took back)."""
    phone = extract_phone(line, region)
    if phone is not None and phone != fields["phone"]:
        return True
    return any(names_role_plainly(line, role) for role in ROLES if role != fields["role"])


def read_back_refusal(ctx: BrainContext, fields: Mapping[str, str]) -> str | None:
    """Why a save of `fields` may not happen yet (None when it may): Knotty's promise is to read the
    details back and save only once the person confirms, whichever brain is talking.

    The save needs an assistant line that reads back the name and the email being saved (`_names`),
    said after the person last gave or changed a field, and the person's words after it saying yes to
    it, as the offline brain hears a yes at its read-back (`understand(text, "confirm")`). A field
    given after that line and not read back in it, a field said to be wrong, or a "no" as the last
    answer, asks for the read-back again. The offline brain always reads back first, so its own saves
    pass unchanged; a model that saves straight after hearing the role is refused, nothing saved.
    """
    lines = [*ctx.history, *ctx.turn_lines]
    name = _words(fields["full_name"])
    at, named = None, set[str]()
    for i in range(len(lines) - 1, -1, -1):
        if lines[i].role == "assistant" and lines[i].content:
            named = _names(lines[i].content, fields, name)
            if named:
                at = i
                break
    if at is None or _reads_back_otherwise(lines[at].content, fields, ctx.region):
        return NOT_READ_BACK
    spoken = ctx.modality is Modality.SPOKEN
    answer: bool | None = None
    for line in lines[at + 1 :]:
        if line.role != "user" or not line.content:
            continue
        r = understand(
            line.content, "confirm", region=ctx.region, known_name=fields["full_name"], spoken=spoken
        )
        if r.clears or r.digit_swap or any(k not in named or fields.get(k) != v for k, v in r.values.items()):
            return NOT_READ_BACK  # a field given or changed after the read-back: read back again
        if r.yes is not None:
            answer = r.yes
    return None if answer else NOT_CONFIRMED
