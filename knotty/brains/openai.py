"""The OpenAI brain: Chat Completions with function calling, against OpenAI or any compatible server.

The prompt is the system message, the transcript (tool calls included) is the context. A second,
short system message tells the model what the channel is like (spoken or written) and which number
the person is using, without changing a word of the prompt.
"""

from __future__ import annotations

import html
import json
from typing import Any

import openai
from openai.types.chat import ChatCompletionFunctionToolParam, ChatCompletionMessageParam

from knotty.brains.base import Brain, BrainContext, BrainStep, ChatLine, ToolCall
from knotty.errors import BrainError, BrainUnavailable
from knotty.prompt import knotty_prompt
from knotty.state import Modality
from knotty.tools import TOOL_SCHEMAS

__all__ = [
    "MAX_REPLY_TOKENS",
    "OpenAIBrain",
    "as_plain_text",
    "build_messages",
    "context_notes",
    "model_error",
    "tool_params",
]

MAX_REPLY_TOKENS = 400
"""The most a model may write in one step (`max_tokens`): a reply is a sentence or two and a save's
arguments under a hundred tokens, and a model that rambles on a phone line would spend the turn's whole
budget. A step cut at it (`finish_reason` "length") is not used: the offline brain answers that turn."""


def as_plain_text(text: str) -> str:
    """A reply with HTML's character references written out ("I&#39;m" is "I'm"): some servers' chat
    templates escape the conversation for HTML and the model answers in kind; a person hears or reads
    plain text (each channel escapes what it writes itself)."""
    return html.unescape(text) if "&" in text else text


_SPOKEN_NOTE = (
    "This is a phone call: the person hears you. Keep replies short; read numbers back digit by digit."
)
_WRITTEN_NOTE = "This is a text chat: the person reads you. Keep replies short."


def context_notes() -> tuple[str, ...]:
    """The fixed words of the channel note (the reply guard refuses replies that repeat them)."""
    return (_SPOKEN_NOTE, _WRITTEN_NOTE)


def _context_note(ctx: BrainContext) -> str:
    note = _SPOKEN_NOTE if ctx.modality == Modality.SPOKEN else _WRITTEN_NOTE
    if ctx.caller_number:
        note += (
            f" The person is reaching you from {ctx.caller_number}; use it as their phone only if they say to "
            "use this number."
        )
    return note


def tool_params() -> list[ChatCompletionFunctionToolParam]:
    """The core's tool schemas, as the Chat Completions API types them."""
    return [{"type": "function", "function": schema["function"]} for schema in TOOL_SCHEMAS]


def _to_message(line: ChatLine) -> ChatCompletionMessageParam:
    payload = line.payload or {}
    if line.role == "assistant" and payload.get("tool_calls"):
        return {
            "role": "assistant",
            # A string, never null: OpenAI takes either, some compatible servers (llama.cpp's) only a string.
            "content": line.content or "",
            "tool_calls": [
                {
                    "id": c["id"],
                    "type": "function",
                    "function": {"name": c["name"], "arguments": json.dumps(c["arguments"])},
                }
                for c in payload["tool_calls"]
            ],
        }
    if line.role == "tool":
        return {"role": "tool", "tool_call_id": payload.get("tool_call_id", ""), "content": line.content}
    if line.role == "assistant":
        return {"role": "assistant", "content": line.content or "(silence)"}
    return {"role": "user", "content": line.content or "(silence)"}


def build_messages(ctx: BrainContext) -> list[ChatCompletionMessageParam]:
    """The Chat Completions messages for this step."""
    messages: list[ChatCompletionMessageParam] = [
        {"role": "system", "content": knotty_prompt()},
        {"role": "system", "content": _context_note(ctx)},
    ]
    messages.extend(_to_message(ln) for ln in (*ctx.history, *ctx.turn_lines))
    return messages


class OpenAIBrain(Brain):
    """Asks a Chat Completions model what to say or which tool to call."""

    name = "openai"

    def __init__(
        self, *, api_key: str, model: str, base_url: str | None = None, timeout_s: float = 6.0
    ) -> None:
        self.model = model
        self._client = openai.AsyncOpenAI(
            api_key=api_key, base_url=base_url, max_retries=0, timeout=timeout_s
        )

    async def step(self, ctx: BrainContext) -> BrainStep:
        try:
            completion = await self._client.chat.completions.create(
                model=self.model,
                messages=build_messages(ctx),
                tools=tool_params(),
                tool_choice="auto",
                temperature=0.3,
                max_tokens=MAX_REPLY_TOKENS,
            )
        except openai.OpenAIError as exc:
            raise model_error(exc) from exc
        if not completion.choices:
            raise BrainError("model returned no choices")
        if completion.choices[0].finish_reason == "length":
            # Half a sentence, or a tool call whose arguments stop mid-way: never said, never run.
            raise BrainError("model reply cut at its length limit", reason="too_long")
        message = completion.choices[0].message
        calls = tuple(
            ToolCall(id=c.id, name=function.name, arguments=_arguments(function.arguments))
            for c in (message.tool_calls or [])
            # duck-typed: a compatible server's call may not say its type; a custom tool call has no function
            if (function := getattr(c, "function", None)) is not None
        )
        text = as_plain_text(message.content or "").strip() or None
        if not calls and not text:
            raise BrainError("model returned neither text nor tool calls")
        return BrainStep(text=text, tool_calls=calls)

    async def aclose(self) -> None:
        await self._client.close()


def model_error(exc: openai.OpenAIError) -> BrainError:
    """A failed request as a `BrainError` whose `reason` says why (timeout, http_401, http_429, ...):
    a `BrainUnavailable` when the endpoint is away or failing, rather than refusing this request."""
    if isinstance(exc, openai.APITimeoutError):
        reason = "timeout"
    elif isinstance(exc, openai.APIStatusError):
        reason = f"http_{exc.status_code}"
    elif isinstance(exc, openai.APIConnectionError):
        reason = "unreachable"
    else:
        reason = "error"
    unavailable = reason in ("timeout", "unreachable", "http_429") or reason.startswith("http_5")
    kind = BrainUnavailable if unavailable else BrainError
    return kind(f"model request failed: {type(exc).__name__}", reason=reason)


def _arguments(raw: str | None) -> dict[str, Any]:
    try:
        value = json.loads(raw or "{}")
    except json.JSONDecodeError:
        return {}
    return value if isinstance(value, dict) else {}
