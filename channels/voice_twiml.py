"""The TwiML documents of a gathered phone call, written as strings.

They are the bytes the twilio library's `VoiceResponse(...).to_xml()` writes (a test holds them to
it, hostile text included), without building and serialising an element tree on every turn: that
cost ~40 µs per document. Everything a caller or the brain can put in (the text said, the URLs
that carry what the caller said) is escaped as ElementTree escapes it.

Every document that waits for the caller ends with a `<Redirect>`: Twilio continues to the verb
after a `<Gather>` that heard nothing, and a document that simply ends hangs up on the caller.
Callback URLs are absolute public URLs, so Twilio signs exactly what the app checks.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from channels.voice_questions import Listening

if TYPE_CHECKING:
    from knotty import Settings

__all__ = [
    "LANGUAGE",
    "SPANISH",
    "empty",
    "gather_menu",
    "gather_read_back",
    "gather_speech",
    "pause_and_redirect",
    "say_and_hang_up",
]

LANGUAGE = "en-US"
SPANISH = "es-MX"
"""The language of the few lines a call says in Spanish, spoken by `TWILIO_VOICE_ES`."""
WAIT_FOR_SPEECH_S = 6
"""Seconds Twilio waits for the caller to start speaking at the menu before the Gather falls through."""
MENU_HINTS = "waitlist, wait list, join, join the waitlist, sign up, early access, español, Spanish"

_XML = '<?xml version="1.0" encoding="UTF-8"?>'


def _escape_text(text: str) -> str:
    """Character data escaped as ElementTree escapes it."""
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    return text


def _escape_attribute(value: str | int) -> str:
    """An attribute's value escaped as ElementTree escapes it (quotes and line breaks too); booleans
    written `true`/`false` as the twilio library writes them."""
    text = str(value).lower() if isinstance(value, bool) else _escape_text(str(value))
    if '"' in text:
        text = text.replace('"', "&quot;")
    if "\r" in text:
        text = text.replace("\r", "&#13;")
    if "\n" in text:
        text = text.replace("\n", "&#10;")
    if "\t" in text:
        text = text.replace("\t", "&#09;")
    return text


def _element(name: str, attributes: dict[str, str | int | None], inner: str = "") -> str:
    """`<name a="..">inner</name>` as the twilio library writes it: attributes sorted by name, None left
    out, values escaped; an element with nothing inside closes itself (`<Hangup />`)."""
    written = "".join(
        f' {key}="{_escape_attribute(value)}"'
        for key, value in sorted(attributes.items())
        if value is not None
    )
    return f"<{name}{written}>{inner}</{name}>" if inner else f"<{name}{written} />"


def _say(settings: Settings, text: str) -> str:
    return _element("Say", {"voice": settings.twilio_voice}, _escape_text(text))


def _say_in_spanish(settings: Settings, text: str) -> str:
    """A line in Spanish, in a Spanish voice: an English voice reading Spanish is hard to follow."""
    return _element("Say", {"language": SPANISH, "voice": settings.twilio_voice_es}, _escape_text(text))


def _said(settings: Settings, text: str, parts: Sequence[tuple[str, str]]) -> str:
    """`text` as `<Say>`s: one, or one per run of `parts` (`TurnResult.parts`), the Spanish ones in the
    Spanish voice."""
    if not parts:
        return _say(settings, text)
    return "".join(
        (_say_in_spanish if language == "es" else _say)(settings, run) for language, run in parts if run
    )


def _redirect(action: str) -> str:
    return _element("Redirect", {"method": "POST"}, _escape_text(action))


def _response(*verbs: str) -> str:
    inner = "".join(verbs)
    return _XML + (f"<Response>{inner}</Response>" if inner else "<Response />")


def gather_menu(
    settings: Settings, prompt: str, action: str, *, spanish: str = "", spanish_first: bool = False
) -> str:
    """The call's menu: keypad or speech, falling through to `action` itself when nothing is heard.

    `spanish`: a line said in Spanish with the prompt (after it, or before it with `spanish_first`)."""
    said = _say(settings, prompt)
    if spanish:
        line = _say_in_spanish(settings, spanish)
        said = line + said if spanish_first else said + line
    gather = _element(
        "Gather",
        {
            "input": "dtmf speech",
            "action": action,
            "method": "POST",
            "numDigits": 1,
            "timeout": WAIT_FOR_SPEECH_S,
            "speechTimeout": 2,
            "speechModel": settings.twilio_speech_model,
            "language": LANGUAGE,
            "hints": MENU_HINTS,
        },
        said,
    )
    return _response(gather, _redirect(action))


def gather_speech(
    settings: Settings,
    text: str,
    action: str,
    listening: Listening | None = None,
    parts: Sequence[tuple[str, str]] = (),
) -> str:
    """Say the agent's reply (in runs of one language, with `parts`) and listen for the answer as
    `listening` says; silence posts to the same `action`."""
    return _response(
        _gather(settings, listening or Listening(), action, _said(settings, text, parts)), _redirect(action)
    )


def _gather(settings: Settings, how: Listening, action: str, said: str) -> str:
    """A `<Gather>` listening as `how` says, around what is `said` (already escaped elements)."""
    return _element(
        "Gather",
        {
            "input": how.input,
            "action": action,
            "method": "POST",
            "timeout": how.wait_s,
            "speechTimeout": how.speech_timeout_s,
            "speechModel": settings.twilio_speech_model,
            "language": LANGUAGE,
            "hints": how.hints,
            "profanityFilter": "false",
            "numDigits": how.num_digits,
            "finishOnKey": how.finish_on_key,
            "bargeIn": None if how.barge_in else "false",
        },
        said,
    )


READ_BACK_GAP_S = 1
"""Seconds between the read-back and its question: the read-back's own `<Gather>` listens that long
after it (Twilio's shortest wait), then the question's `<Gather>` takes the answer."""
READ_BACK_QUESTION = "Is that all correct?"
"""Asked after a read-back that asks nothing of its own, or whose question cannot be told from it."""
_LAST_QUESTION = re.compile(r"^(?P<body>.*[.!])\s+(?P<question>[^.!?]+\?)\s*$", re.DOTALL)
_LAST_CLAUSE = re.compile(r"^(?P<body>.*[,;:\u2014-])\s+(?P<question>[^.!?,;:\u2014]+\?)\s*$", re.DOTALL)
"""A read-back in one sentence ("..., and a therapist, is that right?"): its last clause is the question."""
_LAST_DETAIL = re.compile(r"^(?P<body>.*[.!;:,])\s+(?P<tail>(?:(?![.!;:,]\s).)+?)\s*$", re.DOTALL)
"""The details' last sentence or clause ("... And you're joining as a therapist."), said after their Gather."""


def _split_read_back(runs: Sequence[tuple[str, str]]) -> tuple[list[tuple[str, str]], str]:
    """The read-back's runs (`TurnResult.parts`, or one English run) cut into the details and the question
    asked after them: the last English sentence (or clause) ending in "?", else `READ_BACK_QUESTION`."""
    details = [(language, text) for language, text in runs if text.strip()]
    if not details or details[-1][0] == "es":
        return details, READ_BACK_QUESTION
    language, last = details[-1]
    split = _LAST_QUESTION.match(last) or _LAST_CLAUSE.match(last)
    if split is not None:
        return [*details[:-1], (language, split["body"])], split["question"]
    if len(details) > 1 and last.rstrip().endswith("?"):
        return details[:-1], last.strip()
    return details, READ_BACK_QUESTION


def gather_read_back(
    settings: Settings,
    text: str,
    action: str,
    over_action: str,
    listening: Listening | None = None,
    parts: Sequence[tuple[str, str]] = (),
) -> str:
    """The read-back and its question ("... And you're joining as a therapist. Is that all correct?") in two
    `<Gather>`s. Words said while the details are still being read stop them and go to `over_action`: the
    turn knows they were said over the read-back (a correction is heard; a yes confirms nothing unheard).
    The question is asked after a gap of `READ_BACK_GAP_S` and its answer goes to `action`. Keys are
    heard at the question only.

    The details' last sentence (or clause) is a plain `<Say>` between the two: Twilio's `timeout` begins
    after the audio completes, so for `READ_BACK_GAP_S` after its `<Say>` the details' Gather is still the
    one listening, and a "yes" said the moment the details ended went to `over_action` (and the details
    were read again). A plain `<Say>` listens to nothing and plays to its end, so the question's Gather
    listens from the moment the last detail was said: what it hears was said after all of them.

    Always two: nothing here relies on `bargeIn="false"` to drop words said over the details (Twilio's
    reference does not say it drops them; docs/voice-modes.md). A read-back whose question can't be cut
    off (one in runs of two languages, one asking nothing) is followed by `READ_BACK_QUESTION`."""
    how = listening or Listening()
    details_runs, question = _split_read_back(parts or ((("en", text),)))
    tail = ""
    if details_runs and details_runs[-1][0] != "es":
        last = _LAST_DETAIL.match(details_runs[-1][1])
        if last is not None:
            details_runs, tail = [*details_runs[:-1], ("en", last["body"])], last["tail"]
    details = replace(
        how, input="speech", wait_s=READ_BACK_GAP_S, num_digits=None, finish_on_key=None, barge_in=True
    )
    if not details_runs:  # nothing read back: the question alone, answered when heard
        return gather_speech(settings, question, action, replace(how, barge_in=True))
    said = "".join(
        (_say_in_spanish if language == "es" else _say)(settings, run) for language, run in details_runs
    )
    over = _gather(settings, details, over_action, said)
    asked = _gather(settings, replace(how, barge_in=True), action, _say(settings, question))
    return _response(over, _say(settings, tail) if tail else "", asked, _redirect(action))


def say_and_hang_up(
    settings: Settings, text: str, *, spanish: bool = False, parts: Sequence[tuple[str, str]] = ()
) -> str:
    """The last words of a call (in Spanish, in the Spanish voice, with `spanish`; in runs, with `parts`)."""
    if spanish:
        said = _say_in_spanish(settings, text) if text else ""
    else:
        said = _said(settings, text, parts) if text else ""
    return _response(said, "<Hangup />")


def pause_and_redirect(settings: Settings, text: str, action: str, pause_s: int = 1) -> str:
    """Apologise, wait a moment, and try `action` again."""
    return _response(_say(settings, text), _element("Pause", {"length": pause_s}), _redirect(action))


def empty() -> str:
    """A document with nothing to do (answers to status callbacks)."""
    return _response()
