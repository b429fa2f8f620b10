"""A loopback server that speaks OpenAI's Chat Completions wire format, tool calls included.

Tests give it a `responder`: a function from the request body to what the "model" answers, so the
real `openai` client, its HTTP stack and the OpenAI brain are all exercised as in production.
"""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from tests.support.asgi import read_body, serve_lifespan

__all__ = ["FakeOpenAI", "ModelAnswer", "text_answer", "tool_answer"]


@dataclass
class ModelAnswer:
    """What the fake model says: text, tool calls, a delay, or an HTTP error status."""

    content: str | None = None
    tool_calls: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    delay_s: float = 0.0
    status: int = 200


def text_answer(content: str) -> ModelAnswer:
    return ModelAnswer(content=content)


def tool_answer(name: str, arguments: dict[str, Any], content: str | None = None) -> ModelAnswer:
    return ModelAnswer(content=content, tool_calls=[(name, arguments)])


Responder = Callable[[dict[str, Any]], ModelAnswer | Awaitable[ModelAnswer]]


class FakeOpenAI:
    """An ASGI app; `requests` keeps every request body it received."""

    def __init__(self, responder: Responder) -> None:
        self.responder = responder
        self.requests: list[dict[str, Any]] = []

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "lifespan":
            await serve_lifespan(receive, send)
            return
        body = await read_body(receive)
        if not scope["path"].endswith("/chat/completions"):
            await self._send(send, 404, {"error": {"message": "not found", "type": "invalid_request_error"}})
            return
        request = json.loads(body or b"{}")
        self.requests.append(request)
        answer = self.responder(request)
        if asyncio.iscoroutine(answer):
            answer = await answer
        assert isinstance(answer, ModelAnswer)
        if answer.delay_s:
            await asyncio.sleep(answer.delay_s)
        if answer.status != 200:
            await self._send(
                send, answer.status, {"error": {"message": "fake failure", "type": "server_error"}}
            )
            return
        if request.get("stream"):
            await self._stream(send, request, answer)
        else:
            await self._send(send, 200, self._completion(request, answer))

    @staticmethod
    def _tool_calls(answer: ModelAnswer) -> list[dict[str, Any]]:
        return [
            {
                "id": f"call_{uuid.uuid4().hex[:12]}",
                "type": "function",
                "function": {"name": n, "arguments": json.dumps(a)},
            }
            for n, a in answer.tool_calls
        ]

    @staticmethod
    def _bounded(request: dict[str, Any], content: str | None) -> tuple[str | None, bool]:
        """The content cut at the request's `max_tokens` (a word a token here), and whether it was cut."""
        limit = request.get("max_tokens")
        words = (content or "").split(" ")
        if content is None or limit is None or len(words) <= limit:
            return content, False
        return " ".join(words[:limit]), True

    def _completion(self, request: dict[str, Any], answer: ModelAnswer) -> dict[str, Any]:
        content, cut = self._bounded(request, answer.content)
        message: dict[str, Any] = {"role": "assistant", "content": content}
        if answer.tool_calls:
            message["tool_calls"] = self._tool_calls(answer)
        return {
            "id": f"chatcmpl-{uuid.uuid4().hex[:12]}",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": request.get("model", "fake"),
            "choices": [
                {
                    "index": 0,
                    "message": message,
                    "finish_reason": "length" if cut else ("tool_calls" if answer.tool_calls else "stop"),
                }
            ],
            "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
        }

    async def _stream(self, send: Any, request: dict[str, Any], answer: ModelAnswer) -> None:
        await send(
            {
                "type": "http.response.start",
                "status": 200,
                "headers": [(b"content-type", b"text/event-stream")],
            }
        )
        base = {
            "id": f"chatcmpl-{uuid.uuid4().hex[:12]}",
            "object": "chat.completion.chunk",
            "created": int(time.time()),
            "model": request.get("model", "fake"),
        }

        async def chunk(delta: dict[str, Any], finish: str | None = None) -> None:
            data = {**base, "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}
            await send(
                {
                    "type": "http.response.body",
                    "body": f"data: {json.dumps(data)}\n\n".encode(),
                    "more_body": True,
                }
            )

        await chunk({"role": "assistant", "content": ""})
        for word in (answer.content or "").split(" ") if answer.content else []:
            await chunk({"content": word + " "})
        for i, call in enumerate(self._tool_calls(answer)):
            await chunk(
                {
                    "tool_calls": [
                        {
                            "index": i,
                            "id": call["id"],
                            "type": "function",
                            "function": {"name": call["function"]["name"], "arguments": ""},
                        }
                    ]
                }
            )
            await chunk(
                {"tool_calls": [{"index": i, "function": {"arguments": call["function"]["arguments"]}}]}
            )
        await chunk({}, "tool_calls" if answer.tool_calls else "stop")
        await send({"type": "http.response.body", "body": b"data: [DONE]\n\n", "more_body": False})

    @staticmethod
    async def _send(send: Any, status: int, payload: dict[str, Any]) -> None:
        body = json.dumps(payload).encode()
        await send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": [(b"content-type", b"application/json")],
            }
        )
        await send({"type": "http.response.body", "body": body})
