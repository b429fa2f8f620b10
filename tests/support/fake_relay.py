"""Twilio ConversationRelay's side of a call, played against the real app over a real WebSocket.

It signs the handshake like Twilio, sends `setup`, `prompt`, `interrupt` and `dtmf`, and collects
the app's `text` tokens into replies (a reply ends with `last: true`) and its `end` message. Each token is
spoken in its `lang`, else the session's language; a `lang` the session did not declare (the TwiML's
`language` and `<Language code>`s, given as `languages`) is answered with an `error` message, as Twilio
answers a message it cannot take, and not spoken.
"""

from __future__ import annotations

import asyncio
import json
import time
from typing import Any

import websockets

from tests.support.fake_media_stream import signed_headers

__all__ = ["FakeRelay"]


class FakeRelay:
    """One ConversationRelay session, as Twilio would run it."""

    def __init__(
        self,
        app_url: str,
        public_url: str,
        auth_token: str,
        *,
        call_sid: str = "CA" + "3" * 32,
        caller: str = "+14155550134",
        languages: tuple[str, ...] = ("en-US",),
    ) -> None:
        self.app_url = app_url
        self.public_url = public_url
        self.auth_token = auth_token
        self.call_sid = call_sid
        self.caller = caller
        self.ws: Any = None
        self.languages = languages
        """The session's languages, its default first."""
        self.spoken: list[tuple[str, str]] = []
        """`(language, token)` of every token Twilio spoke, in order."""
        self.errors: list[str] = []
        """What Twilio refused (the descriptions of the `error` messages it sent)."""
        self.messages: list[dict[str, Any]] = []
        self.replies: list[str] = []
        """Completed replies (tokens joined), in order."""
        self.token_times: list[tuple[float, dict[str, Any]]] = []
        self.ended: dict[str, Any] | None = None
        self._current: list[str] = []
        self._changed = asyncio.Condition()
        self._reader: asyncio.Task[None] | None = None
        self.closed = asyncio.Event()

    async def connect(self) -> FakeRelay:
        """Open the signed WebSocket and send `setup`."""
        self.ws = await websockets.connect(
            self.app_url,
            additional_headers=signed_headers(self.auth_token, self.public_url),
            compression=None,
        )
        self._reader = asyncio.create_task(self._read())
        await self.send(
            {
                "type": "setup",
                "sessionId": "VX" + "0" * 32,
                "accountSid": "AC" + "0" * 32,
                "parentCallSid": "",
                "callSid": self.call_sid,
                "from": self.caller,
                "to": "+18005550101",
                "forwardedFrom": "",
                "callType": "PSTN",
                "callerName": "",
                "direction": "inbound",
                "callStatus": "IN-PROGRESS",
                "customParameters": {"caller": self.caller},
            }
        )
        return self

    async def send(self, message: dict[str, Any]) -> None:
        """Any message."""
        await self.ws.send(json.dumps(message))

    async def say(self, text: str) -> None:
        """The caller said `text` (a final prompt)."""
        await self.send({"type": "prompt", "voicePrompt": text, "lang": "en-US", "last": True})

    async def interrupt(self, heard: str = "", ms: int = 0) -> None:
        """The caller cut in while Knotty was speaking."""
        await self.send(
            {"type": "interrupt", "utteranceUntilInterrupt": heard, "durationUntilInterruptMs": ms}
        )

    async def press(self, digits: str) -> None:
        """Keypad presses."""
        for d in digits:
            await self.send({"type": "dtmf", "digit": d})

    async def reply(self, index: int = -1, *, count: int | None = None, timeout: float = 10.0) -> str:
        """Wait until `count` replies are complete (default: one more than now), or the session ended, and
        return reply `index`."""
        want = count if count is not None else len(self.replies) + 1
        async with asyncio.timeout(timeout):
            async with self._changed:
                await self._changed.wait_for(
                    lambda: len(self.replies) >= want or self.ended is not None or self.closed.is_set()
                )
        return self.replies[index] if self.replies else ""

    async def ask(self, text: str, timeout: float = 10.0) -> str:
        """Say `text` and return Knotty's complete answer."""
        want = len(self.replies) + 1
        await self.say(text)
        return await self.reply(count=want, timeout=timeout)

    async def wait_end(self, timeout: float = 10.0) -> dict[str, Any]:
        """The `end` message."""
        async with asyncio.timeout(timeout):
            async with self._changed:
                await self._changed.wait_for(lambda: self.ended is not None)
        assert self.ended is not None
        return self.ended

    def text_messages(self) -> list[dict[str, Any]]:
        """Every `text` message received."""
        return [m for m in self.messages if m.get("type") == "text"]

    async def close(self) -> None:
        """The caller hangs up."""
        await self.ws.close()

    async def _read(self) -> None:
        try:
            async for raw in self.ws:
                message = json.loads(raw)
                self.messages.append(message)
                if message.get("type") == "text":
                    lang = message.get("lang", self.languages[0])
                    if lang not in self.languages:
                        self.errors.append(f"lang {lang!r} is not one of the session's languages")
                        await self.send({"type": "error", "description": self.errors[-1]})
                        continue
                    self.spoken.append((lang, message.get("token", "")))
                    self.token_times.append((time.perf_counter(), message))
                    self._current.append(message.get("token", ""))
                    if message.get("last"):
                        self.replies.append("".join(self._current).strip())
                        self._current = []
                elif message.get("type") == "end":
                    self.ended = message
                async with self._changed:
                    self._changed.notify_all()
        except websockets.ConnectionClosed:
            pass
        finally:
            self.closed.set()
            async with self._changed:
                self._changed.notify_all()
