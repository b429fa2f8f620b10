"""Writes what happens on a Realtime call into the conversation, in conversation order, off the audio path.

The Realtime API reports things out of order: the caller's words are transcribed asynchronously and
often arrive after the model has answered or asked for a tool. The journal keeps a slot for each
committed user turn, waits (briefly) for its transcript, and only then writes the lines that came
after it. A tool call therefore runs after the words it must be grounded in are stored, exactly as
in any other channel. Database time never delays a single audio frame.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from knotty import LiveSession, Unavailable, log_event

__all__ = ["STORAGE_ERROR", "Journal"]

TRANSCRIPT_WAIT_S = 5.0
STORAGE_ERROR = {
    "ok": False,
    "error": "Nothing could be saved just now. Apologise and ask the person to try again.",
}

ToolDone = Callable[[str, dict[str, Any]], Awaitable[None]]


@dataclass
class _User:
    transcript: asyncio.Future[str]


@dataclass
class _Assistant:
    text: str


@dataclass
class _Tool:
    name: str
    arguments: str
    call_id: str
    done: ToolDone


@dataclass
class _End:
    written: Callable[[], None]


_STOP = object()


class Journal:
    """An ordered queue of transcript lines and tool calls, written by one task."""

    def __init__(self, live: LiveSession, *, transcript_wait_s: float = TRANSCRIPT_WAIT_S) -> None:
        self._live = live
        self._wait = transcript_wait_s
        self._queue: asyncio.Queue[Any] = asyncio.Queue()
        self._awaiting: dict[str, asyncio.Future[str]] = {}
        self._task: asyncio.Task[None] | None = None
        self.failures = 0

    def start(self) -> None:
        """Start writing."""
        self._task = asyncio.create_task(self._run(), name="realtime-journal")

    def user_turn(self, item_id: str) -> None:
        """The caller's audio was committed as `item_id`; its transcript will follow."""
        if item_id in self._awaiting:
            return
        fut: asyncio.Future[str] = asyncio.get_running_loop().create_future()
        self._awaiting[item_id] = fut
        self._queue.put_nowait(_User(fut))

    def user_transcript(self, item_id: str, text: str) -> None:
        """The transcript of a user item (empty when transcription failed)."""
        fut = self._awaiting.pop(item_id, None)
        if fut is None:  # never saw it committed: store it where it arrives
            fut = asyncio.get_running_loop().create_future()
            self._queue.put_nowait(_User(fut))
        if not fut.done():
            fut.set_result(text)

    def user_keyed(self, text: str) -> None:
        """Digits the caller typed on the keypad, stored as what they said (grounding reads them there)."""
        fut: asyncio.Future[str] = asyncio.get_running_loop().create_future()
        fut.set_result(text)
        self._queue.put_nowait(_User(fut))

    def assistant_transcript(self, text: str) -> None:
        """What Knotty said in one audio item."""
        self._queue.put_nowait(_Assistant(text))

    def end_in_words(self, written: Callable[[], None]) -> None:
        """Knotty took leave in words: the conversation ends after the lines before it are stored;
        `written()` is called then (also when the write failed: the call ends all the same)."""
        self._queue.put_nowait(_End(written))

    def tool_call(self, name: str, arguments: str, call_id: str, done: ToolDone) -> None:
        """Run a tool once everything said before it is stored; `done(call_id, result)` gets the result."""
        self._queue.put_nowait(_Tool(name, arguments, call_id, done))

    @property
    def awaiting(self) -> bool:
        """Some committed user turn still waits for its transcript."""
        return any(not f.done() for f in self._awaiting.values())

    def give_up_transcripts(self) -> None:
        """Transcripts still awaited will never come (the Realtime connection is gone): skip them."""
        for fut in self._awaiting.values():
            if not fut.done():
                fut.set_result("")
        self._awaiting.clear()

    async def drain(self, timeout_s: float = 10.0) -> None:
        """Write what is queued (waiting at most `timeout_s`), then stop."""
        if self._task is None:
            return
        self._queue.put_nowait(_STOP)
        try:
            async with asyncio.timeout(timeout_s):
                await asyncio.shield(self._task)
        except TimeoutError:
            self._task.cancel()
            log_event("realtime_journal_abandoned", logging.WARNING, conversation=self._live.conversation_id)

    async def _run(self) -> None:
        while True:
            job = await self._queue.get()
            if job is _STOP:
                return
            try:
                await self._write(job)
            except Exception as exc:  # keeps the call going, through an outage or a bug (logged as one)
                self.failures += 1
                if not isinstance(exc, Unavailable):
                    logging.getLogger("knotty").exception("realtime journal failed")
                log_event("realtime_journal_failed", logging.WARNING, conversation=self._live.conversation_id)
                if isinstance(job, _Tool):
                    await self._answer(job, dict(STORAGE_ERROR))
            if isinstance(job, _End):
                job.written()

    async def _write(self, job: Any) -> None:
        if isinstance(job, _User):
            try:
                async with asyncio.timeout(self._wait):
                    text = await job.transcript
            except TimeoutError:
                log_event(
                    "realtime_transcript_missing", logging.WARNING, conversation=self._live.conversation_id
                )
                return
            await self._live.add_user_text(text)
        elif isinstance(job, _Assistant):
            await self._live.add_assistant_text(job.text)
        elif isinstance(job, _End):
            await self._live.end_in_words()
        elif isinstance(job, _Tool):
            result = await self._live.run_tool(job.name, job.arguments, job.call_id)
            await self._answer(job, result)

    @staticmethod
    async def _answer(job: _Tool, result: dict[str, Any]) -> None:
        try:
            await job.done(job.call_id, result)
        except Exception:  # keeps the journal going: the model's connection may be gone; the result is stored
            logging.getLogger("knotty").debug("could not return a tool result", exc_info=True)
