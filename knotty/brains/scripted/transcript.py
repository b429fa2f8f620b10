"""Rebuild the slots from transcript lines another brain produced (the OpenAI brain, before it failed).

Each person's line is read in the light of the question before it, inferred from the words of the
assistant line that asked it; a refused save clears the fields it names when it passed the values
read from the person (not when it left them out or made them up). What was already saved is
the conversation state's business (`entry_id`, `saved_fields`, `sms`), never re-derived here.

Each field's question is counted (`Memory.asked`) up to the two usual asks: after a model asked for
the email twice in vain, the next ask is the third (on a call first the offer to finish by text,
`knotty.handoff`; else another way), and a brain taking over from a model that looped still has the
other ways to try before it gives up.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from knotty.brains.base import ChatLine
from knotty.brains.scripted.memory import ASK_ORDER, Memory
from knotty.brains.scripted.slots import apply_reading
from knotty.brains.scripted.understanding import understand
from knotty.tools import SAVE_WAITLIST_ENTRY

__all__ = ["USUAL_ASKS", "infer_asking", "replay", "tool_result"]

_FIELD_ASKS = frozenset({"full_name", "last_name", "phone", "email", "role"})
USUAL_ASKS = 2
"""Asks of one field counted from another brain's lines, at most: the ways after them are the offline brain's."""
_SENTENCE = re.compile(r"[^.?!]*[.?!]?")
_ASKS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "sms",
        re.compile(r"\b(?:text message|confirmation text|sms|text you|confirmation message|send you a)\b"),
    ),
    ("confirm", re.compile(r"\b(?:correct|right|accurate|confirm|look good|looks good)\b")),
    ("last_name", re.compile(r"\b(?:last name|surname|family name)\b")),
    ("email", re.compile(r"\be-?mail\b")),
    ("phone", re.compile(r"\b(?:phone|number|cell|mobile)\b")),
    ("full_name", re.compile(r"\bname\b")),
    ("role", re.compile(r"\b(?:therapist|client|massages?)\b")),
)


def _reads_back(text: str) -> bool:
    """The line reads an email back, so its question is about the whole signup."""
    low = text.lower()
    return "@" in low or (" at " in low and " dot " in low)


_ROLE_WORD = re.compile(r"\b(?:therapist|client)s?\b")
_DONE_WORDS = re.compile(r"\b(?:waitlist|wait list|all set|saved|added|signed up|welcome|thank)")
"""Words of a line after the save ("You're on the waitlist as ..."), which reads details back asking nothing."""


def _states_read_back(text: str) -> bool:
    """The line reads the details back and asks nothing ("Here's what I have: Ana Ruiz, ana@x.co, a
    client."): it waits for a yes as the read-back that asks does (not a line announcing the save)."""
    if "?" in text:
        return False
    low = text.lower()
    return _reads_back(low) and _ROLE_WORD.search(low) is not None and _DONE_WORDS.search(low) is None


def infer_asking(text: str, previous: str = "") -> str:
    """What an assistant line asked for, judged from its last question (or `previous` if none); a
    read-back that asks nothing asks for the confirmation."""
    if _states_read_back(text):
        return "confirm"
    sentences = [x.strip() for x in _SENTENCE.findall(text) if x.strip()]
    questions = [x for x in sentences if x.endswith("?")] or sentences[-1:]
    if not questions:
        return previous
    question = questions[-1].lower()
    for asking, pattern in _ASKS:
        if pattern.search(question):
            if asking == "confirm" and not _reads_back(text):
                continue  # "Is that right?" after one field is not the read-back
            return asking
    return previous


def tool_result(line: ChatLine) -> dict[str, Any] | None:
    """`{"name", "result"}` of a tool line."""
    payload = line.payload or {}
    if "name" not in payload:
        return None
    result = payload.get("result")
    return {"name": payload["name"], "result": result if isinstance(result, dict) else {}}


def replay(mem: Memory, lines: Iterable[ChatLine], *, region: str, caller_number: str | None) -> None:
    """Fold lines another brain handled into `mem` (slots, the pending question and the asks of each field)."""
    saves: dict[str, dict[str, Any]] = {}
    for line in lines:
        for call in (line.payload or {}).get("tool_calls") or () if line.role == "assistant" else ():
            if isinstance(call, dict) and call.get("name") == SAVE_WAITLIST_ENTRY:
                saves[str(call.get("id"))] = call.get("arguments") or {}
        if line.role == "assistant" and line.content:
            asked = infer_asking(line.content)
            if asked in _FIELD_ASKS:
                mem.asked[asked] = min(mem.asked.get(asked, 0) + 1, max(USUAL_ASKS, mem.asked.get(asked, 0)))
            mem.asking = asked or mem.asking
            mem.readback = False
        elif line.role == "user" and line.content:
            reading = understand(
                line.content, mem.asking, region=region, first_name=mem.first_name, known_name=mem.full_name
            )
            if reading.start_over:  # "let's start over", said to the other brain: what came before is gone
                for name in ASK_ORDER:
                    mem.clear(name)
            if not reading.injection:
                apply_reading(mem, reading, region=region, caller_number=caller_number)
        elif line.role == "tool":
            found = tool_result(line)
            if found and found["name"] == SAVE_WAITLIST_ENTRY and not found["result"].get("ok"):
                args = saves.get(str((line.payload or {}).get("tool_call_id")))
                for name in found["result"].get("errors") or {}:
                    if hasattr(mem, name) and _refused_ours(name, args, getattr(mem, name)):
                        mem.clear(name)


def _refused_ours(name: str, args: dict[str, Any] | None, ours: object) -> bool:
    """Whether a refused save refused the value read from the person (so it is forgotten), rather than
    another value the other brain passed or left out (a model's save with no name, or one it made up,
    says nothing about the name the person gave). Unknown arguments count as ours."""
    if args is None or not isinstance(ours, str):
        return True
    theirs = str(args.get(name) or "")
    if name == "phone":
        return _digits(theirs)[-10:] == _digits(ours)[-10:]
    return " ".join(theirs.split()).casefold() == " ".join(ours.split()).casefold()


def _digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())
