"""The bridge between one Twilio media stream and one OpenAI Realtime session.

Two pumps run side by side. Twilio → OpenAI: each `media` payload becomes an
`input_audio_buffer.append`, untouched; mark echoes update what the caller has heard. OpenAI →
Twilio: each audio delta becomes a `media` frame plus a `mark`; `speech_started` clears Twilio's
queue and truncates the item being played where the caller stopped hearing it; transcripts and tool
calls go to the journal, which writes them through the core and returns tool results to the model.
Nothing on these paths waits for the database.

A caller who says nothing gives server VAD nothing to answer, so the bridge times the silence itself
(`IdleTimer`), from the moment Knotty's words finished playing (the last mark echoed, no response
under way): the model is asked to say "Are you still there?" and its question again; after
`SILENCE_LIMIT` silences in a row Knotty says goodbye (saying whether the details are saved) and
the call ends, as on the `gather` line. A response that produced no audio starts the count at once.

Keypad digits (Twilio's `dtmf` frames) are gathered as on the other lines (`#` or a short pause ends
them) and given to the model as the caller's words, stored like a transcript so a phone number typed
on the keypad grounds the save; pressed while Knotty speaks, they cut it off like speech.

The bridge ends in one of four ways (`Outcome`): the caller hung up (Twilio's `stop`), Twilio's
stream closed without a `stop` (the call may still be up), Knotty said goodbye and it finished
playing, or the Realtime connection was lost (the call then continues in `gather` mode).
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections import defaultdict
from collections.abc import Awaitable, Callable
from enum import StrEnum
from typing import TYPE_CHECKING, Any

import msgspec
import websockets

from channels import wording
from channels.idle_timer import IdleTimer
from channels.realtime.gate import WAIT, Gate
from channels.realtime.journal import Journal
from channels.realtime.playback import Playback
from channels.realtime.twilio_wire import (
    base64_size,
    clear_frame,
    is_base64,
    mark_frame,
    media_frame,
    parse_frame,
)
from channels.realtime.upstream import (
    INPUT_COMMIT,
    RESPONSE_CANCEL,
    RESPONSE_CREATE,
    RealtimeUnavailable,
    append_event,
    dumps,
    function_output_event,
    truncate_event,
)
from channels.voice_call import DIGIT_PAUSE_S, MAX_KEYED_DIGITS, SILENCE_LIMIT
from channels.voice_questions import keypad_answer, keys_not_taken
from knotty import (
    MAX_TURNS,
    KnottyError,
    LiveSessionUnavailable,
    context_item,
    history_items,
    log_event,
    session_update,
)

if TYPE_CHECKING:
    from websockets.asyncio.client import ClientConnection

    from knotty import LiveSession, Settings

__all__ = ["Bridge", "Outcome", "TwilioGone"]

_AUDIO_DELTAS = frozenset({"response.output_audio.delta", "response.audio.delta"})  # GA and beta names
_WORD_DELTAS = frozenset(
    {
        "response.output_audio_transcript.delta",
        "response.audio_transcript.delta",  # beta name
        "response.output_text.delta",
        "response.text.delta",  # beta name
    }
)
BLOCKS_LIMIT = 2
"""The model's words stopped this many times in a row: the call goes on in `gather` (offline brain)."""


class _Head(msgspec.Struct):
    """The fields of a Realtime event the audio path needs; everything else is skipped unparsed."""

    type: str
    item_id: str | None = None
    response_id: str | None = None
    delta: str | None = None


_head = msgspec.json.Decoder(_Head).decode

SAY_IT_ALOUD = (
    "The caller heard nothing of your last reply: it came as text, and this is a phone call. "
    "Say it to them now, aloud."
)
"""After a response that came as text only (no audio): the model is asked once to speak it."""
_LENGTH_GOODBYE = {"knotty": "too_long_goodbye"}
"""The metadata of the goodbye asked at `MAX_TURNS`: Realtime returns it on `response.created`, so the
bridge tells that response from the ones it cancels. The API's types have it optional: from a server that
never returned the metadata of a response Knotty asked for, the first response created after the goodbye
was asked is taken for it (`Bridge._goodbye_guessed`)."""
_ACTIVE_RESPONSE = "conversation_already_has_active_response"
"""Realtime's error for a `response.create` sent while another response is under way."""
GOODBYE_TIMEOUT_S = 20.0
"""Hang up this long after the goodbye was requested even if Twilio never confirms it played."""
HANGUP_GRACE_S = 2.0
"""After the caller hangs up, keep listening this long (at most) for the transcripts still on their way."""
QUIET_S = 0.25
"""…and stop as soon as nothing is awaited and Realtime has been quiet this long."""
FAREWELL_WAIT_S = 3.0
"""A goodbye judged while the caller's last words are still being transcribed is held (unheard) at most
this long for them; then it is judged by what is known."""

SendText = Callable[[str], Awaitable[None]]
ReceiveText = Callable[[], Awaitable[str | None]]


class _SessionRefused(RealtimeUnavailable):
    """Realtime answered the session's configuration with an error."""


class TwilioGone(KnottyError):
    """Sending to Twilio failed: the stream is closed (the caller hung up)."""


class Outcome(StrEnum):
    """How a bridged call ended."""

    HANGUP = "hangup"
    """The caller hung up (Twilio sent `stop`)."""
    STREAM_CLOSED = "stream_closed"
    """Twilio's stream closed without a `stop`: a dropped connection, not necessarily a hang-up. The
    conversation stays open: if the call is still up, Twilio asks the `<Connect action>`, which
    carries it on in `gather` mode; if it is over, the status callback closes it."""
    GOODBYE = "goodbye"
    """Knotty ended the conversation and its last words have played."""
    UPSTREAM_LOST = "upstream_lost"
    """The Realtime connection failed; the call should continue without it."""


RESPONSE_AUDIO = json.dumps(
    {"type": "response.create", "response": {"output_modalities": ["audio"], "metadata": {"knotty": "asked"}}}
)


def _response_words(response: dict[str, Any]) -> tuple[bool, bool]:
    """Whether a finished response's messages held text content, and whether they held audio."""
    written = spoken = False
    for item in response.get("output") or ():
        if not isinstance(item, dict) or item.get("type") != "message":
            continue
        for content in item.get("content") or ():
            kind = content.get("type") if isinstance(content, dict) else None
            if kind in ("output_audio", "audio"):
                spoken = True
            elif kind in ("output_text", "text") and str(content.get("text") or "").strip():
                written = True
    return written, spoken


class Bridge:
    """Moves audio both ways and turns Realtime events into core calls for one call."""

    def __init__(
        self,
        *,
        stream_sid: str,
        send_twilio: SendText,
        upstream: ClientConnection,
        live: LiveSession,
        journal: Journal,
        idle_s: float = 0.0,
    ) -> None:
        self.stream_sid = stream_sid
        self.playback = Playback()
        self._send_twilio = send_twilio
        self._upstream = upstream
        self._live = live
        self._journal = journal
        self._tools_pending: defaultdict[str, int] = defaultdict(int)
        self._responses_active: set[str] = set()
        self._responses_done: dict[str, str] = {}
        self._ending = False
        self._goodbye = asyncio.Event()
        self._last_event_at = 0.0
        self._twilio_gone = False
        self._idle = IdleTimer(idle_s, self._on_idle)
        self._silences = 0
        """The caller's silences in a row (reset when they speak)."""
        self._silent_goodbye = False
        self._heard_turns = 0
        """The caller's turns (committed by VAD): at `MAX_TURNS` the call ends, as the agent ends a conversation."""
        self._too_long = False
        """`MAX_TURNS` reached: every response but Knotty's goodbye is cancelled, and the call ends."""
        self._goodbye_owed = False
        """That goodbye is still to be asked for: other responses were under way, or Realtime refused it."""
        self._goodbye_asked = False
        """That goodbye was asked for and no response was taken for it yet."""
        self._metadata_returned = False
        """Realtime returned a response's metadata (`response.created`): the goodbye is known by its own."""
        self._goodbye_guessed: str | None = None
        """The response taken for that goodbye though it came without its metadata: if Realtime then refuses
        the goodbye (a response was already under way), it was another, and is cancelled."""
        self._asking: asyncio.Task[None] | None = None
        self._digits: list[str] = []
        self._digit_timer: asyncio.TimerHandle | None = None
        self._keying: set[asyncio.Task[None]] = set()
        self._spoke_text = False
        """The last response came as text only and the model was asked to say it (asked once in a row)."""
        self._question = ""
        """What Knotty's last line asked for (`LiveSession.asked_in`): keys are read by it."""
        self._caller_said = ""
        """The caller's latest words (transcribed or keyed), perhaps not stored yet: a farewell is judged by them."""
        self._end_written = True
        """False while the end of a goodbye said in words is being stored: the stream closes after it."""
        self._handlers: dict[str, Callable[[dict[str, Any]], Awaitable[None]]] = {
            "response.output_audio.done": self._on_audio_done,
            "response.audio.done": self._on_audio_done,  # beta name
            "input_audio_buffer.speech_started": self._on_speech_started,
            "input_audio_buffer.committed": self._on_committed,
            "conversation.item.input_audio_transcription.completed": self._on_user_transcript,
            "conversation.item.input_audio_transcription.failed": self._on_user_transcript,
            "response.output_audio_transcript.done": self._on_assistant_transcript,
            "response.audio_transcript.done": self._on_assistant_transcript,  # beta name
            "response.function_call_arguments.done": self._on_function_call,
            "response.created": self._on_response_created,
            "response.done": self._on_response_done,
            "error": self._on_error,
            "session.updated": self._on_session_updated,
        }
        self._session_ready = False
        self._gates: dict[str, Gate] = {}
        """Each assistant item's words and held audio (`Gate`), until its response is done."""
        self._audio_done: set[str] = set()
        self._said: dict[str, str] = {}
        """The last few items' whole transcripts (what Knotty said), for what a barge-in cut of them."""
        """Items whose audio is complete: audio of them let out later is marked at once (its tail)."""
        self._blocked_items: set[str] = set()
        self._corrections: dict[str, str] = {}
        """Responses whose words were stopped: the model is corrected once each is done."""
        self._blocks_in_row = 0
        self._handback = asyncio.Event()
        self._undecided: dict[str, str | None] = {}
        """Goodbyes held until the caller's last words are transcribed (`Gate.waiting`): item → its whole
        transcript once it came (the line then stored as said if it is let out)."""
        self._deciding: set[asyncio.Task[None]] = set()
        self._decide_timers: list[asyncio.TimerHandle] = []
        self._refused_unheard: str | None = None
        """A goodbye stopped after `FAREWELL_WAIT_S` while the caller's words were still untranscribed: if
        those words, come later, say they are leaving, it is said to them after all (`_late_leaving`)."""
        self._handlers["response.output_text.done"] = self._on_text_done
        self._handlers["response.text.done"] = self._on_text_done  # beta name

    # --- set-up ------------------------------------------------------------------------------

    async def configure(self, settings: Settings) -> None:
        """Configure the session (prompt, tools, μ-law, VAD, transcription), replay history, let Knotty speak."""
        send = self._upstream.send
        await send(
            dumps(
                session_update(
                    model=settings.openai_realtime_model,
                    voice=settings.openai_realtime_voice,
                    prompt_id=settings.openai_prompt_id,
                    prompt_version=settings.openai_prompt_version,
                )
            )
        )
        await send(dumps(context_item(self._live.context())))
        for item in history_items(self._live.transcript()):
            await send(dumps(item))
        await send(RESPONSE_CREATE)

    # --- running -----------------------------------------------------------------------------

    async def run(self, receive_twilio: ReceiveText) -> Outcome:
        """Pump both ways until the call hangs up, says goodbye, or loses the Realtime connection."""
        twilio = asyncio.create_task(self._pump_twilio(receive_twilio), name="bridge-twilio")
        upstream = asyncio.create_task(self._pump_upstream(), name="bridge-upstream")
        goodbye = asyncio.create_task(self._goodbye.wait(), name="bridge-goodbye")
        handback = asyncio.create_task(self._handback.wait(), name="bridge-handback")
        try:
            done, _ = await asyncio.wait(
                {twilio, upstream, goodbye, handback}, return_when=asyncio.FIRST_COMPLETED
            )
            if twilio in done:
                outcome = twilio.result()
            elif goodbye in done:
                outcome = Outcome.GOODBYE
            elif handback in done:
                outcome = Outcome.UPSTREAM_LOST  # the offline brain carries the call on in gather
            else:
                outcome = upstream.result()
            if outcome in (Outcome.HANGUP, Outcome.STREAM_CLOSED) and not upstream.done():
                await self._let_transcripts_arrive(upstream)
                await self._journal.drain(timeout_s=6.0)
            return outcome
        finally:
            self._idle.stop()
            if self._digit_timer is not None:
                self._digit_timer.cancel()
            for timer in self._decide_timers:
                timer.cancel()
            for job in (self._asking, *self._keying, *self._deciding):
                if job is not None:
                    job.cancel()
            for task in (twilio, upstream, goodbye, handback):
                task.cancel()
            await asyncio.gather(twilio, upstream, goodbye, handback, return_exceptions=True)

    async def _let_transcripts_arrive(self, upstream: asyncio.Task[Outcome]) -> None:
        """The caller hung up: have what they said last committed and transcribed before stopping."""
        loop = asyncio.get_running_loop()
        started = loop.time()
        try:
            await self._upstream.send(INPUT_COMMIT)  # words cut short by the hang-up still count
        except websockets.ConnectionClosed:
            return
        while loop.time() < started + HANGUP_GRACE_S and not upstream.done():
            quiet = loop.time() - max(self._last_event_at, started)
            if not self._journal.awaiting and quiet > QUIET_S:
                return
            await asyncio.sleep(0.05)

    async def _pump_twilio(self, receive: ReceiveText) -> Outcome:
        send_up = self._upstream.send
        playback = self.playback
        try:
            while True:
                text = await receive()
                if text is None:
                    return Outcome.STREAM_CLOSED
                frame = parse_frame(text)
                if frame is None:
                    continue
                event = frame.event
                if event == "media":
                    media = frame.media
                    if (
                        media is not None
                        and media.track in ("inbound", "inbound_track")
                        and is_base64(media.payload)
                    ):
                        await send_up(append_event(media.payload))
                elif event == "mark":
                    if frame.mark is not None and playback.acknowledged(frame.mark.name):
                        self._maybe_goodbye()
                        self._wait_for_caller()
                elif event == "dtmf":
                    if frame.dtmf is not None:
                        self._key(frame.dtmf.digit)
                elif event == "stop":
                    return Outcome.HANGUP
        except websockets.ConnectionClosed:
            return Outcome.UPSTREAM_LOST

    async def _pump_upstream(self) -> Outcome:
        handlers = self._handlers
        loop = asyncio.get_running_loop()
        try:
            async for raw in self._upstream:
                self._last_event_at = loop.time()
                try:
                    head = _head(raw)
                    if head.type in _AUDIO_DELTAS:  # the hot path: no dict, no second parse
                        await self._on_audio_delta(head.item_id, head.delta, head.response_id)
                        continue
                    if head.type in _WORD_DELTAS:
                        await self._on_words_delta(head.item_id, head.delta, head.response_id)
                        continue
                    handler = handlers.get(head.type)
                    if handler is None:
                        continue
                    event = json.loads(raw)
                except (msgspec.DecodeError, msgspec.ValidationError, ValueError):
                    continue
                except TwilioGone:
                    self._twilio_gone = True  # the caller is gone; keep listening for transcripts
                    continue
                if isinstance(event, dict):
                    try:
                        await handler(event)
                    except TwilioGone:
                        self._twilio_gone = True
        except (websockets.ConnectionClosed, _SessionRefused):
            pass
        return Outcome.UPSTREAM_LOST

    # --- OpenAI → Twilio ---------------------------------------------------------------------

    def _gate(self, item_id: str, response_id: str | None) -> Gate:
        gate = self._gates.get(item_id)
        if gate is None:
            gate = self._gates[item_id] = Gate(
                response_id or "",
                self._live.check_words,
                hold=self._farewell_held_from,
                final=self._refused_goodbye,
            )
        return gate

    def _farewell_held_from(self, text: str, start: int) -> int:
        return self._live.farewell_held_from(text, start, self._caller_said, pending=self._journal.awaiting)

    def _refused_goodbye(self, text: str) -> str | None:
        """A whole line that takes leave of a caller who is staying with nothing saved: never heard. While a
        turn of the caller's is still untranscribed (Realtime transcribes apart from answering: the words
        often come after the answer), their words before it tell nothing ("bye", then their name): `WAIT`,
        the line held until they come, unless a save or an end already allows it."""
        pending = self._journal.awaiting
        why = self._live.takes_leave(text, self._caller_said, pending=pending)
        if why != "goodbye_before_save":
            return None
        return WAIT if pending else why

    async def _on_audio_delta(self, item_id: str | None, delta: str | None, response_id: str | None) -> None:
        if (
            self._twilio_gone
            or item_id is None
            or delta is None
            or not is_base64(delta)
            or self.playback.is_cut(item_id)
            or item_id in self._blocked_items
        ):
            return
        for piece in self._gate(item_id, response_id).add_audio(delta, base64_size(delta)):
            await self._play(item_id, piece)

    async def _play(self, item_id: str, delta: str) -> None:
        mark = self.playback.sent(item_id, base64_size(delta))
        await self._send_twilio(media_frame(self.stream_sid, delta))
        if mark is not None:
            await self._send_twilio(mark_frame(self.stream_sid, mark))

    async def _release(self, item_id: str, gate: Gate) -> None:
        if self._twilio_gone or self.playback.is_cut(item_id):
            return
        for piece in gate.release():
            await self._play(item_id, piece)
        if item_id in self._audio_done and (mark := self.playback.flush(item_id)) is not None:
            # The item's audio ended while its last words were still being checked: the tail let out now
            # gets its mark, or Knotty would never be known to have finished speaking.
            await self._send_twilio(mark_frame(self.stream_sid, mark))

    async def _on_words_delta(self, item_id: str | None, delta: str | None, response_id: str | None) -> None:
        """The model's words so far: checked by the reply guard; the audio they cover is let out."""
        if item_id is None or not delta or item_id in self._blocked_items:
            return
        gate = self._gate(item_id, response_id)
        why = gate.add_words(delta)
        if why is not None:
            await self._block(item_id, gate, why)
        elif gate.holding:
            await self._release(item_id, gate)

    async def _finish_words(self, item_id: str, text: str | None, response_id: str | None) -> bool:
        """The item's whole transcript: True when it may be heard (its held audio is let out)."""
        if item_id in self._blocked_items:
            return False
        gate = self._gate(item_id, response_id)
        why = gate.finish_words(text)
        if why == WAIT:
            self._hold_goodbye(item_id)
            return False
        if why is not None:
            await self._block(item_id, gate, why)
            return False
        self._blocks_in_row = 0
        self._live.note_words(gate.text)
        await self._release(item_id, gate)
        return True

    async def _block(self, item_id: str, gate: Gate, why: str) -> None:
        """The model's words failed the reply guard: the caller hears no more of them. Twilio's queue
        is cleared and the item truncated at what was heard; the response is cancelled and, once it is
        done, the model is told why and asked for a line that carries on (or, the `BLOCKS_LIMIT`-th
        time in a row, the call goes on in `gather`, answered by the offline brain)."""
        gate.stop(why)
        self._blocked_items.add(item_id)
        self._blocks_in_row += 1
        log_event(
            "realtime_reply_blocked",
            logging.WARNING,
            conversation=self._live.conversation_id,
            reason=why,
            heard_bytes=gate.sent_bytes,
        )
        if self._blocks_in_row >= BLOCKS_LIMIT:
            log_event("realtime_model_stopped", logging.WARNING, conversation=self._live.conversation_id)
            self._handback.set()
        try:
            if gate.sent_bytes and not self._twilio_gone:
                cuts = self.playback.interrupt()
                if cuts:
                    await self._send_twilio(clear_frame(self.stream_sid))
                    for cut in cuts:
                        await self._upstream.send(truncate_event(cut.item_id, cut.audio_end_ms))
            response_id = gate.response_id
            if response_id in self._responses_active:
                self._corrections[response_id] = why
                await self._upstream.send(json.dumps({"type": "response.cancel", "response_id": response_id}))
            else:
                await self._correct(why)
        except websockets.ConnectionClosed:  # the Realtime pump sees it too and ends the bridge
            return

    async def _correct(self, why: str) -> None:
        """Tell the model why its words were stopped, and let it say the right thing instead."""
        if self._handback.is_set() or self._ending or self._twilio_gone:
            return
        item = {
            "type": "message",
            "role": "system",
            "content": [{"type": "input_text", "text": self._live.correction(why)}],
        }
        await self._upstream.send(json.dumps({"type": "conversation.item.create", "item": item}))
        await self._upstream.send(RESPONSE_AUDIO)

    async def _on_audio_done(self, event: dict[str, Any]) -> None:
        item_id = event.get("item_id")
        if isinstance(item_id, str) and not self._twilio_gone:
            if item_id in self._gates:
                self._audio_done.add(item_id)
            mark = self.playback.flush(item_id)
            if mark is not None:
                await self._send_twilio(mark_frame(self.stream_sid, mark))

    async def _on_speech_started(self, event: dict[str, Any]) -> None:
        self._idle.stop()
        self._silences = 0
        for item_id, gate in self._gates.items():  # audio still held for its words is never played
            if gate.holding:
                gate.stop("interrupted")
                self._blocked_items.add(item_id)
                self._undecided.pop(item_id, None)
        cuts = self.playback.interrupt()
        if not cuts or self._twilio_gone:
            return
        await self._send_twilio(clear_frame(self.stream_sid))
        for cut in cuts:
            await self._upstream.send(truncate_event(cut.item_id, cut.audio_end_ms))
            self._heard_only(cut.item_id, cut.audio_end_ms)
        log_event("realtime_barge_in", conversation=self._live.conversation_id, heard_ms=cuts[0].audio_end_ms)
        self._maybe_goodbye()

    def _heard_only(self, item_id: str, heard_ms: int) -> None:
        """The caller cut Knotty off: of the item's words, only the share its heard audio covers counts as
        heard (rounded down), so a "yes" said over a read-back confirms only the details played
        (`LiveSession.heard_only`)."""
        said, generated = self._said.get(item_id), self.playback.generated_bytes(item_id)
        if said is None or not generated:
            return
        share = min(1.0, heard_ms * 8 / generated)
        self._live.heard_only(said, said[: int(len(said) * share)])

    async def _on_committed(self, event: dict[str, Any]) -> None:
        if isinstance(event.get("item_id"), str):
            self._refused_unheard = None  # the caller spoke again: the model answers that
            self._journal.user_turn(event["item_id"])
            self._heard_turns += 1
            if self._heard_turns >= MAX_TURNS and not (
                self._too_long or self._ending or self._silent_goodbye
            ):
                await self._end_for_length()

    async def _end_for_length(self) -> None:
        """`MAX_TURNS` of the caller's: the conversation ends (stored first), the model's answer to them
        is cancelled, and Knotty says goodbye, saying truthfully whether the details are saved. Without
        it a caller who answered for ever kept a paid Realtime session going, its transcript growing."""
        self._too_long = True
        self._idle.stop()
        # Whatever becomes of the goodbye (never asked, refused, cut short), the call ends within the timeout.
        asyncio.get_running_loop().call_later(GOODBYE_TIMEOUT_S, self._goodbye.set)
        log_event("realtime_too_long", logging.WARNING, conversation=self._live.conversation_id)
        try:
            await self._live.end_after_silence()
        except LiveSessionUnavailable:  # the call still ends politely; the idle expiry closes it
            logging.getLogger("knotty.channels.realtime").warning("could not store the ending")
        await self._ask_length_goodbye()

    async def _ask_length_goodbye(self) -> None:
        """Ask for the goodbye once no other response is under way (those are cancelled first: a
        response asked for while one runs is refused, so it is asked again when they are done)."""
        self._goodbye_owed = bool(self._responses_active)
        try:
            if self._goodbye_owed:
                for response_id in list(self._responses_active):
                    await self._upstream.send(
                        json.dumps({"type": "response.cancel", "response_id": response_id})
                    )
                return
        except websockets.ConnectionClosed:
            return
        saved = self._live.entry_id is not None
        goodbye = wording.STREAM_LONG_GOODBYE_SAVED if saved else wording.STREAM_LONG_GOODBYE
        self._goodbye_asked = True
        await self._respond(f'Say exactly this, and nothing else: "{goodbye}"', metadata=_LENGTH_GOODBYE)

    async def _goodbye_refused(self) -> None:
        """Realtime refused the goodbye (asked while VAD's answer ran): it is asked again once that answer is
        cancelled; a response taken for it without its metadata was that answer, and is cancelled now."""
        self._goodbye_asked = False
        guessed, self._goodbye_guessed = self._goodbye_guessed, None
        if guessed is not None:
            self._silent_goodbye = False
            try:
                await self._upstream.send(json.dumps({"type": "response.cancel", "response_id": guessed}))
            except websockets.ConnectionClosed:
                return
        if not self._silent_goodbye:
            self._goodbye_owed = True

    async def _on_user_transcript(self, event: dict[str, Any]) -> None:
        if isinstance(event.get("item_id"), str):
            transcript = event.get("transcript")
            if isinstance(transcript, str) and transcript.strip():
                self._caller_said = transcript
            self._journal.user_transcript(event["item_id"], transcript if isinstance(transcript, str) else "")
            if self._undecided and not self._journal.awaiting:
                await self._decide_goodbyes()
            elif self._refused_unheard is not None and not self._journal.awaiting:
                await self._late_leaving(self._refused_unheard)

    async def _on_assistant_transcript(self, event: dict[str, Any]) -> None:
        if isinstance(event.get("transcript"), str):
            item_id, response_id = event.get("item_id"), event.get("response_id")
            if isinstance(item_id, str) and not await self._finish_words(
                item_id, event["transcript"], response_id if isinstance(response_id, str) else None
            ):
                if item_id in self._undecided:
                    self._undecided[item_id] = event["transcript"]  # stored once let out
                return  # stopped by the reply guard (or not judged yet): not what Knotty said
            self._heard_line(item_id if isinstance(item_id, str) else None, event["transcript"])

    def _heard_line(self, item_id: str | None, transcript: str) -> None:
        """Knotty's whole line `transcript` was let out to the caller: stored as said, and read for what it
        asks, or for a goodbye that ends the call."""
        self._journal.assistant_transcript(transcript)
        self._live.said_again(transcript)
        if item_id is not None:
            self._said[item_id] = transcript
            while len(self._said) > 4:
                del self._said[next(iter(self._said))]
        self._question = self._live.asked_in(transcript) or self._question
        if (
            not (self._ending or self._silent_goodbye)
            and self._live.takes_leave(transcript, self._caller_said) == "end"
        ):
            self._take_leave()

    def _hold_goodbye(self, item_id: str) -> None:
        """A goodbye to judge once the caller's last words are transcribed, or `FAREWELL_WAIT_S` from now."""
        self._idle.stop()
        self._undecided.setdefault(item_id, None)
        log_event("realtime_goodbye_held", conversation=self._live.conversation_id)
        self._decide_timers.append(asyncio.get_running_loop().call_later(FAREWELL_WAIT_S, self._decide_soon))

    def _decide_soon(self) -> None:
        if self._undecided:
            task = asyncio.create_task(self._decide_goodbyes(), name="bridge-goodbye-verdict")
            self._deciding.add(task)
            task.add_done_callback(self._deciding.discard)

    async def _decide_goodbyes(self) -> None:
        """The held goodbyes judged by the caller's words as now known: a caller leaving hears the line
        whole and the call ends after it; a caller staying never hears it (the model is told why)."""
        for item_id, transcript in list(self._undecided.items()):
            del self._undecided[item_id]
            gate = self._gates.get(item_id)
            if gate is None or not gate.waiting:  # cut off by the caller meanwhile (`_on_speech_started`)
                continue
            why = self._live.takes_leave(gate.text, self._caller_said)
            try:
                if why == "goodbye_before_save":
                    self._refused_unheard = gate.text if self._journal.awaiting else None
                    await self._block(item_id, gate, why)
                else:
                    gate.decide(None)
                    self._blocks_in_row = 0
                    self._live.note_words(gate.text)
                    await self._release(item_id, gate)
                    if transcript is not None:
                        self._heard_line(item_id, transcript)
            except TwilioGone:
                self._twilio_gone = True
            if gate.response_id not in self._responses_active:
                self._gates.pop(item_id, None)
                self._audio_done.discard(item_id)
        self._maybe_goodbye()
        self._wait_for_caller()

    async def _late_leaving(self, farewell: str) -> None:
        """The caller's words came after their held goodbye was stopped for want of them (`FAREWELL_WAIT_S`,
        inside the journal's wait): if they say the caller is leaving, Knotty stops whatever it went on
        with ("are you still there?", the question again) and says that goodbye after all, and the call
        ends after it. Before, a caller who said "that's all, bye" heard the goodbye cut, then silence and
        the sign-up carried on, as if they had never said it."""
        self._refused_unheard = None
        if (
            self._ending
            or self._too_long
            or self._silent_goodbye
            or self._twilio_gone
            or self._handback.is_set()
        ):
            return  # the call is ending anyway, or the caller has gone
        if self._live.takes_leave(farewell, self._caller_said) != "end":
            return
        log_event("realtime_goodbye_after_late_words", conversation=self._live.conversation_id)
        for response_id, why in list(self._corrections.items()):
            if why == "goodbye_before_save":  # the model is not to be told the caller is staying
                del self._corrections[response_id]
        await self._stop_and_say(f'The caller is leaving. Say exactly this, and nothing else: "{farewell}"')

    def _take_leave(self) -> None:
        """The model took leave in words, without `end_conversation`, after the save or of a caller who is
        leaving: the conversation ends as the tool would have ended it, and the stream closes once the
        goodbye has played and the end is stored (no silence, no "are you still there?" after it)."""
        log_event("realtime_goodbye_in_words", conversation=self._live.conversation_id)
        self._end_written = False
        self._journal.end_in_words(self._ended_in_words)
        self._end_after_goodbye()

    def _ended_in_words(self) -> None:
        self._end_written = True
        self._maybe_goodbye()

    async def _on_function_call(self, event: dict[str, Any]) -> None:
        name, call_id = event.get("name"), event.get("call_id")
        if not isinstance(name, str) or not isinstance(call_id, str):
            return
        if self._too_long:  # the conversation has ended: a cancelled response's call saves and sends nothing
            log_event("realtime_tool_after_the_end", conversation=self._live.conversation_id, tool=name)
            return
        response_id = str(event.get("response_id") or "")
        arguments = event.get("arguments")
        self._tools_pending[response_id] += 1

        async def done(call_id: str, result: dict[str, Any]) -> None:
            try:
                await self._upstream.send(function_output_event(call_id, result))
            finally:
                self._tools_pending[response_id] -= 1
                await self._continue_after_tools(response_id)

        self._journal.tool_call(name, arguments if isinstance(arguments, str) else "{}", call_id, done)

    async def _on_response_created(self, event: dict[str, Any]) -> None:
        response = event.get("response")
        if isinstance(response, dict) and isinstance(response.get("id"), str):
            self._responses_active.add(response["id"])
            self._metadata_returned = self._metadata_returned or bool(response.get("metadata"))
            if self._too_long:
                metadata = response.get("metadata")
                guess = not (metadata or self._metadata_returned) and self._goodbye_asked
                if metadata == _LENGTH_GOODBYE or guess:
                    self._goodbye_asked = False
                    self._goodbye_guessed = None if metadata else response["id"]
                    self._silent_goodbye = True  # once it is done, the call ends (`_end_after_goodbye`)
                else:  # VAD's answer to the caller's last words, or to any after them: not heard
                    cancel = {"type": "response.cancel", "response_id": response["id"]}
                    try:
                        await self._upstream.send(json.dumps(cancel))
                    except websockets.ConnectionClosed:
                        return
        self._idle.stop()

    async def _on_text_done(self, event: dict[str, Any]) -> None:
        item_id, response_id, text = event.get("item_id"), event.get("response_id"), event.get("text")
        if isinstance(item_id, str) and isinstance(text, str):
            await self._finish_words(item_id, text, response_id if isinstance(response_id, str) else None)

    async def _on_response_done(self, event: dict[str, Any]) -> None:
        response = event.get("response")
        if not isinstance(response, dict):
            return
        response_id = str(response.get("id") or "")
        self._responses_active.discard(response_id)
        if self._too_long and not self._silent_goodbye:
            for item_id, gate in list(self._gates.items()):
                if gate.response_id == response_id:
                    del self._gates[item_id]
            if self._goodbye_owed and not self._responses_active:
                await self._ask_length_goodbye()
            return
        for item_id, gate in list(self._gates.items()):
            if gate.response_id != response_id or item_id in self._undecided:
                continue
            if gate.holding:  # audio whose words never came whole: checked on what came, or dropped
                await self._finish_words(item_id, None, response_id)
            del self._gates[item_id]
            self._audio_done.discard(item_id)
        why = self._corrections.pop(response_id, None)
        if why is not None and response_id not in self._tools_pending:
            try:
                await self._correct(why)
            except websockets.ConnectionClosed:
                return
            return
        if response_id not in self._tools_pending and await self._text_only(response):
            return
        if response_id in self._tools_pending:
            self._responses_done[response_id] = str(response.get("status") or "completed")
            await self._continue_after_tools(response_id)
        if self._silent_goodbye and not self._ending:
            self._end_after_goodbye()
        self._maybe_goodbye()
        self._wait_for_caller()

    async def _text_only(self, response: dict[str, Any]) -> bool:
        """A finished response whose words came as text, not audio: the caller heard nothing, so the
        model is asked (once in a row) to say it aloud. Its text is not stored: no one heard it."""
        written, spoken = _response_words(response)
        if spoken or not written:
            self._spoke_text = False
            return False
        if self._spoke_text or self._ending or self._silent_goodbye or self._twilio_gone:
            return False
        self._spoke_text = True
        log_event("realtime_text_only", logging.WARNING, conversation=self._live.conversation_id)
        item = {
            "type": "message",
            "role": "system",
            "content": [{"type": "input_text", "text": SAY_IT_ALOUD}],
        }
        try:
            await self._upstream.send(json.dumps({"type": "conversation.item.create", "item": item}))
            await self._upstream.send(RESPONSE_AUDIO)
        except websockets.ConnectionClosed:  # the Realtime pump sees it too and ends the bridge
            return False
        return True

    async def _on_session_updated(self, event: dict[str, Any]) -> None:
        self._session_ready = True

    async def _on_error(self, event: dict[str, Any]) -> None:
        error = event.get("error")
        if not isinstance(error, dict):
            error = {}
        log_event(
            "realtime_error",
            logging.WARNING,
            conversation=self._live.conversation_id,
            code=str(error.get("code") or error.get("type") or "unknown"),
            during="session" if not self._session_ready else "call",
        )
        if self._too_long and error.get("code") == _ACTIVE_RESPONSE:
            await self._goodbye_refused()
        if not self._session_ready:
            # The session was refused (unknown model or prompt, no access): the model would never
            # speak, so hand the call back to gather instead of leaving the caller in silence.
            raise _SessionRefused

    # --- after tools, and the goodbye --------------------------------------------------------

    async def _continue_after_tools(self, response_id: str) -> None:
        """Once a finished response's tool results are all back, let the model speak again (or end)."""
        if response_id not in self._responses_done or response_id not in self._tools_pending:
            return
        if self._tools_pending[response_id] > 0:
            return
        del self._tools_pending[response_id]
        status = self._responses_done.pop(response_id)
        if self._live.ended or self._ending:
            self._end_after_goodbye()
            self._maybe_goodbye()
        elif status != "cancelled":
            # A cancelled response means the caller barged in; VAD will start the next response.
            await self._upstream.send(RESPONSE_CREATE)
        else:
            self._maybe_goodbye()

    def _end_after_goodbye(self) -> None:
        self._ending = True
        asyncio.get_running_loop().call_later(GOODBYE_TIMEOUT_S, self._goodbye.set)

    def _maybe_goodbye(self) -> None:
        if self._ending and self._end_written and not self.playback.playing and not self._responses_active:
            self._goodbye.set()

    # --- the keypad --------------------------------------------------------------------------

    def _key(self, digit: str) -> None:
        """One key: digits become one answer after `#` or `DIGIT_PAUSE_S` without another."""
        self._idle.stop()
        if self._digit_timer is not None:
            self._digit_timer.cancel()
            self._digit_timer = None
        if digit == "#":
            self._keyed()
        elif (digit.isdigit() or digit == "*") and len(digit) == 1:
            if len(self._digits) < MAX_KEYED_DIGITS:
                self._digits.append(digit)
            self._digit_timer = asyncio.get_running_loop().call_later(DIGIT_PAUSE_S, self._keyed)

    def _keyed(self) -> None:
        """The keys read as on the other lines, by the question Knotty last asked: at a phone question they
        are the number; at a role or text offer 1 and 2 mean therapist/client, yes/no; at a question no key
        answers (a name, an email, the read-back) the caller is told to say it, and nothing is stored."""
        self._digit_timer = None
        if self._digits and not (self._ending or self._too_long):
            digits, self._digits = self._digits, []
            say_it = keys_not_taken(self._question)
            if say_it:
                job = self._say_instead(say_it)
            else:
                answer = keypad_answer(self._question, "".join(digits))
                job = self._say_keyed(answer if answer.isalpha() else " ".join(digits))
            task = asyncio.create_task(job, name="bridge-keypad")
            self._keying.add(task)
            task.add_done_callback(self._keying.discard)

    async def _say_instead(self, said: str) -> None:
        """Keys at a question no key answers: Knotty stops, says `said` (which asks the question again), and
        the question stays open. No words of the caller's are stored (they said none), nor a silence."""
        log_event("realtime_keys_not_taken", conversation=self._live.conversation_id, asking=self._question)
        await self._stop_and_say(f'Say exactly this, and nothing else: "{said}"')

    async def _stop_and_say(self, instruction: str) -> None:
        """Knotty stops speaking, as when the caller talks over it, the response under way is cancelled,
        and the model is told `instruction` (the words it is to say now)."""
        try:
            await self._on_speech_started({})
            if self._responses_active:
                await self._upstream.send(RESPONSE_CANCEL)
        except (websockets.ConnectionClosed, TwilioGone):  # the pumps see it too and end the bridge
            return
        await self._respond(instruction)

    async def _say_keyed(self, text: str) -> None:
        """The typed digits are the caller's answer: stored as their words, then answered by the model
        (Knotty stops speaking first, as when the caller talks over it)."""
        self._silences = 0
        self._caller_said = text
        self._journal.user_keyed(text)
        log_event("realtime_keypad", conversation=self._live.conversation_id, keys=len(text.split()))
        try:
            await self._on_speech_started({})
            if self._responses_active:
                await self._upstream.send(RESPONSE_CANCEL)
            item = {"type": "message", "role": "user", "content": [{"type": "input_text", "text": text}]}
            await self._upstream.send(json.dumps({"type": "conversation.item.create", "item": item}))
            await self._upstream.send(RESPONSE_CREATE)
        except (websockets.ConnectionClosed, TwilioGone):  # the pumps see it too and end the bridge
            return

    # --- the caller's silence ----------------------------------------------------------------

    def _wait_for_caller(self) -> None:
        """Knotty has finished (its audio played, nothing under way): count the caller's silence from now."""
        if (
            self._ending
            or self._silent_goodbye
            or self._too_long
            or self._twilio_gone
            or self.playback.playing
            or self._responses_active
            or self._tools_pending
            or self._undecided
        ):
            return
        self._idle.start()

    def _on_idle(self) -> None:
        if self._asking is None or self._asking.done():
            self._asking = asyncio.create_task(self._after_silence(), name="bridge-silence")

    async def _after_silence(self) -> None:
        """The caller said nothing: ask again, or (the `SILENCE_LIMIT`-th time) say goodbye and end."""
        self._silences += 1
        log_event("realtime_silence", conversation=self._live.conversation_id, silences=self._silences)
        if self._silences < SILENCE_LIMIT:
            await self._respond(wording.STREAM_STILL_THERE)
            return
        saved = self._live.entry_id is not None
        goodbye = wording.STREAM_SILENT_GOODBYE_SAVED if saved else wording.STREAM_SILENT_GOODBYE
        self._silent_goodbye = True
        try:
            await self._live.end_after_silence()
        except LiveSessionUnavailable:  # the call still ends politely; the idle expiry closes it
            logging.getLogger("knotty.channels.realtime").warning("could not store the silent ending")
        await self._respond(f'Say exactly this, and nothing else: "{goodbye}"')

    async def _respond(self, instructions: str, *, metadata: dict[str, str] | None = None) -> None:
        """A response the caller did not prompt, told what to say (no tools); `metadata` comes back on it."""
        response: dict[str, Any] = {
            "instructions": instructions,
            "tool_choice": "none",
            "metadata": metadata or {"knotty": "asked"},
        }
        event = {"type": "response.create", "response": response}
        try:
            await self._upstream.send(json.dumps(event))
        except websockets.ConnectionClosed:  # the Realtime pump sees it too and ends the bridge
            return
