"""What OpenAI's Realtime model is told: the same prompt, channel note and tools as the Chat Completions brain.

The Realtime model hears and speaks by itself, so it is not a `Brain` the agent steps; but it must
follow the same prompt and may only use the same tools, run by the core (see `knotty.live`). This
module builds the GA `session.update` event and the items that seed a resumed conversation. The
audio format is the channel's choice (telephony passes G.711 μ-law straight through).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from knotty.brains.openai import _context_note
from knotty.languages import SPANISH_AGAIN, SPANISH_GOODBYE_SPOKEN, SPANISH_NOTE_SPOKEN
from knotty.prompt import knotty_prompt
from knotty.tools import TOOL_SCHEMAS

if TYPE_CHECKING:
    from knotty.brains.base import BrainContext, ChatLine

__all__ = [
    "DEFAULT_TRANSCRIPTION_MODEL",
    "LANGUAGE_NOTE",
    "context_item",
    "history_items",
    "realtime_tools",
    "session_update",
]

DEFAULT_TRANSCRIPTION_MODEL = "gpt-4o-mini-transcribe"
# Phone lines are noisy: a slightly higher threshold than the default 0.5 avoids false barge-ins, and
# people pause while spelling an email, so the turn ends after a little more than the default 500 ms.
VAD = {"type": "server_vad", "threshold": 0.6, "prefix_padding_ms": 300, "silence_duration_ms": 700}
LANGUAGE_NOTE = (
    "Knotty helps in English only for now. If the caller speaks Spanish, say this once, in Spanish, "
    f'with a Spanish accent: "{SPANISH_NOTE_SPOKEN}" Then ask your question again, in English. If they '
    f'go on in Spanish, say in Spanish: "{SPANISH_AGAIN}" and the question again in English; the third '
    f'time, say in Spanish: "{SPANISH_GOODBYE_SPOKEN}" and end the conversation.'
)
"""The offline brain's Spanish lines (`knotty.languages`), for a model that speaks them itself: on `gather`
and `relay` they are spoken by a Spanish voice; the Realtime model's own voice speaks Spanish, so it is told
the same words and when to say them (the transcription is not tied to English, so it hears Spanish)."""


def realtime_tools() -> list[dict[str, Any]]:
    """The agent's tools in Realtime's flat format (`{type, name, description, parameters}`)."""
    return [{"type": "function", **schema["function"]} for schema in TOOL_SCHEMAS]


def session_update(
    *,
    model: str,
    voice: str,
    audio_format: str = "audio/pcmu",
    prompt_id: str | None = None,
    prompt_version: str | None = None,
    transcription_model: str = DEFAULT_TRANSCRIPTION_MODEL,
) -> dict[str, Any]:
    """The `session.update` client event: prompt (text or stored reference), tools, audio, VAD, transcription."""
    session: dict[str, Any] = {
        "type": "realtime",
        "model": model,
        "output_modalities": ["audio"],
        "audio": {
            "input": {
                "format": {"type": audio_format},
                "transcription": {"model": transcription_model},
                "turn_detection": dict(VAD),
            },
            "output": {"format": {"type": audio_format}, "voice": voice},
        },
        "tools": realtime_tools(),
        "tool_choice": "auto",
    }
    if prompt_id:
        session["prompt"] = {"id": prompt_id, **({"version": prompt_version} if prompt_version else {})}
    else:
        session["instructions"] = knotty_prompt()
    return {"type": "session.update", "session": session}


def context_item(ctx: BrainContext) -> dict[str, Any]:
    """A system item telling the model it is on a phone call, which number the caller uses, and what to
    say to a caller speaking Spanish (`LANGUAGE_NOTE`)."""
    return _message("system", "input_text", f"{_context_note(ctx)} {LANGUAGE_NOTE}")


def history_items(lines: list[ChatLine]) -> list[dict[str, Any]]:
    """`conversation.item.create` events replaying an earlier part of the conversation as text."""
    items = []
    for ln in lines:
        if ln.role == "user":
            items.append(_message("user", "input_text", ln.content))
        elif ln.role == "assistant":
            items.append(_message("assistant", "output_text", ln.content))
    return items


def _message(role: str, kind: str, text: str) -> dict[str, Any]:
    return {
        "type": "conversation.item.create",
        "item": {"type": "message", "role": role, "content": [{"type": kind, "text": text}]},
    }
