"""Every reply a model writes is checked against the conversation's state before anyone sees it.

A small or confused model can answer with its own tool syntax, a JSON object, a piece of the system
prompt, nothing at all, or a claim that is not true ("you're all set" when nothing was saved, "a
text is on its way" when none was accepted). `check_reply` names what is wrong, or returns None; the
agent then lets the offline brain answer that turn instead, so the person never sees it.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from functools import cache

from knotty.brains.base import BrainError
from knotty.brains.openai import context_notes
from knotty.prompt import knotty_prompt
from knotty.state import ConversationState, SmsOffer
from knotty.tools import END_CONVERSATION, SEND_CONFIRMATION_SMS, TOOL_SCHEMAS

__all__ = [
    "PROMPT_RUN_WORDS",
    "ReplyRejected",
    "check_reply",
    "claims_signup",
    "claims_text_sent",
    "shows_prompt",
    "shows_tool_syntax",
]

PROMPT_RUN_WORDS = 7
"""This many consecutive words of the prompt in a reply count as the prompt leaking."""

_TOOL_NAMES = "|".join(re.escape(t["function"]["name"]) for t in TOOL_SCHEMAS)
_TOOL_SYNTAX = re.compile(
    rf"""(?ix)
    \bfunctions?\s*[.:]\s*\w      # functions.send_confirmation_sms:
    | </?\s*(?:tool_?call|function|tools?)\b   # <tool_call> ... </tool_call>
    | <\|[^|>]{{0,40}}\|>         # <|im_start|> and other special tokens
    | \[/?(?:TOOL_CALLS|INST)\]
    | (?<![\w@.])(?:{_TOOL_NAMES}|full_name|entry_id|tool_call_id)(?![\w@])
    | \{{\s*"                      # a JSON object
    | "\s*:\s*[\[{{"]             # "key": "value"
    | "(?:name|arguments|parameters)"\s*:
    """
)
_YOU_ARE = r"\byou(?:'|’)?re\b|\byou\s+are\b"
_YOU_HAVE_BEEN = r"\byou(?:'|’)?ve\s+been\b|\byou\s+have\s+been\b"
_SIGNUP_CLAIM = re.compile(
    rf"""(?ix)
    (?:{_YOU_ARE})\s+(?:now\s+|all\s+|officially\s+|successfully\s+)*
        (?:set\b|signed\s+up|registered|added|saved|enrolled|in\s*[!.]|on\s+(?:the|our)\b[\w\s"'’-]{{0,40}}?\b(?:list|waitlist)\b)
    | (?:{_YOU_HAVE_BEEN})\s+(?:successfully\s+)?(?:signed\s+up|registered|added|saved|enrolled)
    | \b(?:i|we)(?:'|’)?(?:ve|\s+have)\s+(?:now\s+|just\s+|successfully\s+)?
        (?:saved|added|registered|signed\s+you|put\s+you|got\s+you\s+(?:on|down)|recorded)
    | \b(?:has|have)\s+been\s+(?:successfully\s+)?(?:saved|added|registered|submitted|recorded)
    | \b(?:sign[\s-]?up|registration)\s+(?:is\s+|was\s+)?(?:complete|done|confirmed|successful|finished)
    | \bwelcome\s+(?:aboard|to\s+the\s+(?:early[\s-]access\s+)?(?:wait)?list)
    | \bthanks?\s+(?:you\s+)?for\s+(?:joining|signing\s+up|registering)
    | \bsuccessfully\s+(?:saved|added|registered|signed)
    """
)
_TEXT_CLAIM = re.compile(
    r"""(?ix)
    \b(?:text|sms|message|confirmation)\b[\w\s]{0,25}?\b(?:is\s+on\s+its\s+way|on\s+its\s+way|has\s+been\s+sent|was\s+sent|is\s+coming)
    | \b(?:i|we)(?:'|’)?(?:ll|\s+will|ve|\s+have)\s+(?:just\s+|now\s+)?(?:sent|send|text(?:ed)?)\s+(?:you|a|the|it)\b
    | \byou(?:'|’)?(?:ll|\s+will)\s+(?:soon\s+)?(?:get|receive)\s+(?:a|the|your)\s+(?:confirmation|text|sms)
    | \bsent\s+(?:you\s+)?a\s+(?:confirmation|text|sms|message)
    """
)
_TEXT_OFFER = re.compile(
    r"(?i)\b(?:would\s+you\s+like|do\s+you\s+want|shall\s+i|should\s+i|can\s+i|may\s+i)\b[^?.!]{0,60}\b(?:text|sms)\b"
)
_WORD = re.compile(r"[a-z0-9]+")


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


@cache
def _prompt_runs() -> frozenset[tuple[str, ...]]:
    runs: set[tuple[str, ...]] = set()
    for source in (knotty_prompt(), *context_notes()):
        words = _words(source)
        runs.update(tuple(words[i : i + PROMPT_RUN_WORDS]) for i in range(len(words) - PROMPT_RUN_WORDS + 1))
    return frozenset(runs)


def shows_tool_syntax(text: str) -> bool:
    """Tool-call syntax, a tool or field name, or JSON: plumbing, not words for a person."""
    return bool(_TOOL_SYNTAX.search(text))


def shows_prompt(text: str) -> bool:
    """A long run of the system prompt's (or the channel note's) own words."""
    words, runs = _words(text), _prompt_runs()
    return any(
        tuple(words[i : i + PROMPT_RUN_WORDS]) in runs for i in range(len(words) - PROMPT_RUN_WORDS + 1)
    )


def claims_signup(text: str) -> bool:
    """The text tells the person they are signed up."""
    return bool(_SIGNUP_CLAIM.search(text))


def claims_text_sent(text: str) -> bool:
    """The text says a confirmation text was sent or is coming."""
    return bool(_TEXT_CLAIM.search(text))


def check_reply(text: str | None, state: ConversationState, refused: Collection[str] = ()) -> str | None:
    """Why this model reply must not reach the person, or None when it may.

    `refused` names the tools refused during this turn: a refused text or a refused end is never
    followed by the model's own words (they would confirm the text, or say goodbye to someone staying).
    """
    if not text or not text.strip():
        return "empty"
    if shows_tool_syntax(text):
        return "tool_syntax"
    if shows_prompt(text):
        return "prompt_text"
    if SEND_CONFIRMATION_SMS in refused:
        return "refused_send_confirmation_sms"
    if END_CONVERSATION in refused:
        return "refused_end_conversation"
    if state.entry_id is None and claims_signup(text):
        return "false_signup_claim"
    if state.sms != SmsOffer.ACCEPTED and claims_text_sent(text):
        return "false_text_claim"
    if state.entry_id is None and _TEXT_OFFER.search(text):
        return "text_offered_before_save"
    if state.sms == SmsOffer.UNAVAILABLE and _TEXT_OFFER.search(text):
        return "text_offered_but_unavailable"
    return None


class ReplyRejected(BrainError):
    """The model's reply failed `check_reply`; `detail` says why."""

    def __init__(self, detail: str) -> None:
        super().__init__(f"reply rejected: {detail}", reason="bad_output")
        self.detail = detail
