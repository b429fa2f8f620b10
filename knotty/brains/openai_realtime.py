"""What OpenAI's Realtime model is told: the same prompt, channel note and tools as the Chat Completions brain.

The Realtime model hears and speaks by itself, so it is not a `Brain` the agent steps; but it must
follow the same prompt and may only use the same tools, run by the core (see `knotty.live`). This
module builds the GA `session.update` event and the items that seed a resumed conversation. The
audio format is the channel's choice (telephony passes G.711 μ-law straight through).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from knotty.brains.openai import _context_note
from knotty.prompt import knotty_prompt
from knotty.tools import TOOL_SCHEMAS

if TYPE_CHECKING:
    from knotty.brains.base import BrainContext, ChatLine

__all__ = ["DEFAULT_TRANSCRIPTION_MODEL", "context_item", "history_items", "realtime_tools", "session_update"]

DEFAULT_TRANSCRIPTION_MODEL = "gpt-4o-mini-transcribe"
# Phone lines are noisy: a slightly higher threshold than the default 0.5 avoids false barge-ins, and
# people pause while spelling an email, so the turn ends after a little more than the default 500 ms.
VAD = {"type": "server_vad", "threshold": 0.6, "prefix_padding_ms": 300, "silence_duration_ms": 700}


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
    """A system item telling the model it is on a phone call and which number the caller uses."""
    return _message("system", "input_text", _context_note(ctx))


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
