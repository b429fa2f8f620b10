"""One ConversationRelay call: the caller's words in, the agent's reply streamed out token by token.

Each prompt is one `Agent.turn` (same prompt, tools, validation and storage as every channel), run
inside `streaming_to(sink)` so a streaming brain's tokens reach Twilio as they are produced; a brain
that answers at once has its reply sent whole when the turn returns. An `interrupt`, or a new prompt
while a reply is still being produced, cancels that reply: no more of it is sent and the brain stops.
Turns run one at a time, in order. Keypad digits are gathered and passed on as one utterance.

A final prompt with no words in it is line noise, not silence (Twilio sends no prompt at all for
silence): it is no turn, so it never counts toward the silence limit that ends a call; Knotty says
it didn't catch that and repeats its last words, unless a reply is on its way anyway.

Real silence is heard by a timer (`IdleTimer`): once Knotty has finished speaking and nothing comes
from the caller for `KNOTTY_VOICE_SILENCE_S`, the silence is a turn with no words, exactly as a
`<Gather>` that heard nothing: "Are you still there?" and the question again, then a polite goodbye
and `end` after `SILENCE_LIMIT` of them. Anything from the caller (a prompt, an interruption, a key,
Twilio's `clientSpeaking`) stops the count; Twilio's `agentSpeaking: off` says when Knotty's words
finished playing, else that moment is estimated from the reply's length.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Awaitable, Callable, Sequence

from channels import voice_twiml, wording
from channels.idle_timer import IdleTimer
from channels.relay.protocol import end_message, text_message
from channels.voice_call import CHANNEL, DIGIT_PAUSE_S, MAX_KEYED_DIGITS, SILENCE_LIMIT
from channels.voice_questions import keypad_answer, keys_not_taken
from knotty import Agent, Inbound, Modality, TokenSink, Unavailable, log_event, streaming_to, written_language

__all__ = ["RelayCall", "RelaySink", "spoken_messages"]

SPOKEN_CHARS_PER_S = 12.0
"""How fast Twilio's voice reads a reply, a little slow: the silence is counted from its estimated end
when Twilio does not say (`agentSpeaking: off`) when it stopped speaking."""
_SPACE = re.compile(r"\s+")

SendText = Callable[[str], Awaitable[None]]
Runs = Sequence[tuple[str, str]]
"""A reply in runs of one language each (`TurnResult.parts`): `(BCP-47 primary tag, text)`."""
_VOICES = {"es": voice_twiml.SPANISH}
"""The session language (`<Language>` in the TwiML) that speaks a run of each language but English."""


def _squash(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


_SENTENCE_END = re.compile(r"[.!?\u2026]+[\"')\]\u201d\u2019]*(?:\s+|$)|\n\s*")
"""The end of a sentence: its mark followed by a space, or closing what was streamed so far (a streaming
brain lets text out at a pause, the space after it going with the next piece)."""
DECIDE_WORDS = 4
"""Words of a streamed sentence held back until its language is known (`written_language`); the rest of
the sentence streams as it comes, in the same voice."""


class RelaySink(TokenSink):
    """Streams one reply's tokens to Twilio until the caller interrupts it.

    A model writes what it writes: the Spanish note a Spanish speaker is given, or a whole Spanish reply.
    Each sentence's first words are held until its language is known, and the sentence goes out with
    `lang` (`es-MX`, the TwiML's `<Language>`) when it is Spanish, so that Twilio speaks it in a Spanish
    voice rather than the English one; once anything went out in another language, English goes out
    marked `en-US`."""

    def __init__(self, send: SendText, *, tagged: bool = False) -> None:
        self._send = send
        self._sent: list[str] = []
        self._cancelled = False
        self._muted = False
        self._step_break = False
        self._pending = ""
        """The start of a sentence whose language is not known yet."""
        self._lang: str | None = None
        """The language of the sentence being streamed, once known."""
        self._previous = "en"
        self.tagged = tagged
        """Something of this call was sent in another language than English: English goes out as `en-US`."""

    @property
    def cancelled(self) -> bool:
        return self._cancelled

    def cancel(self) -> None:
        """The caller interrupted: nothing more of this reply is sent."""
        self._cancelled = True

    def mute(self) -> None:
        """The caller hung up: nothing more is sent, but the reply is not cancelled, so the brain
        finishes its turn and the save their last words asked for still runs."""
        self._muted = True

    async def token(self, text: str) -> None:
        if self._cancelled or self._muted or not text:
            return
        before = self._pending or "".join(self._sent[-1:])
        if self._step_break and before and not before[-1:].isspace() and not text[:1].isspace():
            text = " " + text
        self._step_break = False
        await self._stream(text)

    async def step_done(self) -> None:
        await self._flush()
        self._step_break = True

    async def _stream(self, text: str) -> None:
        """Send `text` sentence by sentence, each in its language's voice (held until that is known)."""
        rest, self._pending = self._pending + text, ""
        while rest:
            end = _SENTENCE_END.search(rest)
            if self._lang is None:
                if end is None:
                    words = rest.split()
                    if len(words) - rest[-1:].isalnum() < DECIDE_WORDS:  # (a word still being written)
                        self._pending = rest
                        return
                    self._lang = written_language(rest, self._previous)
                else:
                    self._lang = written_language(rest[: end.end()], self._previous)
            if end is None:
                await self._say(rest, last=False, language=self._lang)
                return
            await self._say(rest[: end.end()], last=False, language=self._lang)
            self._previous, self._lang = self._lang, None
            rest = rest[end.end() :]

    async def _flush(self) -> None:
        """What is held of a sentence goes out (a step or the reply ended)."""
        if self._pending and not (self._cancelled or self._muted):
            pending, self._pending = self._pending, ""
            language = self._lang or written_language(pending, self._previous)
            await self._say(pending, last=False, language=language)
        self._lang = None

    async def finish(self, reply: str, parts: Runs = ()) -> None:
        """Close the reply: whatever of `reply` was not streamed (all of it, for a brain that doesn't stream).

        `parts`: `reply` in runs of one language (`TurnResult.parts`); each run is sent with its language,
        so Twilio speaks the Spanish note in a Spanish voice and the question after it in English."""
        if self._cancelled or self._muted:
            return
        await self._flush()
        streamed, whole = _squash("".join(self._sent)), _squash(reply)
        if not streamed:
            rest = reply
        elif whole == streamed:
            rest = ""
        elif whole.startswith(streamed):  # the brain held its end back until the turn was written
            lead = "" if "".join(self._sent[-1:])[-1:].isspace() else " "
            await self._stream(lead + whole[len(streamed) :].lstrip())
            await self._flush()
            await self._say("", last=True)
            return
        else:  # the streaming brain failed part-way and the offline brain answered instead
            rest = " " + reply
        if not rest.strip() or not parts:
            await self._say(rest, last=True)
            return
        for lang, token, last in spoken_messages(parts, lead=" " if streamed else ""):
            self._sent.append(token)
            self.tagged = self.tagged or lang != voice_twiml.LANGUAGE
            await self._send(text_message(token, last=last, lang=lang))

    async def _say(self, text: str, *, last: bool, language: str = "en") -> None:
        self._sent.append(text)
        if language != "en":
            self.tagged = True
        lang = _VOICES.get(language, voice_twiml.LANGUAGE) if self.tagged else None
        await self._send(text_message(text, last=last, lang=lang))


def spoken_messages(parts: Runs, *, lead: str = "") -> list[tuple[str, str, bool]]:
    """`(lang, token, last)` of the text messages that speak `parts`, each run in its language's voice
    (`en-US` for English, else the `<Language>` the TwiML declares for it); the last closes the reply."""
    runs = [(language, text) for language, text in parts if text.strip()]
    return [
        (
            _VOICES.get(language, voice_twiml.LANGUAGE),
            (lead if i == 0 else " ") + text,
            i == len(runs) - 1,
        )
        for i, (language, text) in enumerate(runs)
    ]


def speaking_time_s(reply: str) -> float:
    """Roughly how long Twilio takes to say `reply`: the caller's silence starts after it."""
    return len(reply) / SPOKEN_CHARS_PER_S


class RelayCall:
    """The conversation behind one ConversationRelay WebSocket."""

    def __init__(
        self,
        agent: Agent,
        send: SendText,
        *,
        call_sid: str,
        caller: str | None,
        caller_proven: bool = False,
        idle_s: float = 0.0,
    ) -> None:
        self._agent = agent
        self._send = send
        self.call_sid = call_sid
        self.caller = caller
        self.caller_proven = caller_proven
        """The call's caller ID proves the caller holds `caller` (from the stream's signed token)."""
        self.ended = False
        self.hung_up = False
        self.handed_over = False
        """The server's shutdown ended the session (`hand_over`): the call goes on by Gather elsewhere."""
        self._turns = asyncio.Lock()
        self._sink: RelaySink | None = None
        self._tasks: set[asyncio.Task[None]] = set()
        self._digits: list[str] = []
        self._digit_timer: asyncio.TimerHandle | None = None
        self._last_reply = ""
        """What Knotty last said (or was saying when cut off), to say again after line noise."""
        self._last_parts: Runs = ()
        """`_last_reply` in runs of one language, when some of it is not English (`TurnResult.parts`)."""
        self._asking = ""
        """What Knotty's last reply asked for (`TurnResult.asking`): keys no key answers are told to say it."""
        self._idle = IdleTimer(idle_s, self._silence)
        self._caller_speaking = False
        """Twilio said the caller started speaking and has not said they stopped."""
        self._tagged = False
        """Something was sent in another language than English: English is sent marked `en-US` since."""
        self._heard: str | None = None
        """What the caller heard of Knotty's reply before cutting in (Twilio's `utteranceUntilInterrupt`),
        handed to the core with their next words: a yes over a read-back confirms only what was heard."""

    # --- events from Twilio ------------------------------------------------------------------

    def start(self) -> None:
        """Knotty greets (or, when the conversation is already under way, repeats where it stands)."""
        self._spawn(None)

    def prompt(self, text: str) -> None:
        """The caller said `text`: whatever reply is still being produced is cancelled, this one follows.

        No words at all (`""`, whitespace) is line noise: see `noise`."""
        if not text.strip():
            self.noise()
            return
        self._idle.stop()
        self._caller_speaking = False
        if self._sink is not None:
            self._sink.cancel()
        heard, self._heard = self._heard, None
        self._spawn(text, heard)

    def noise(self) -> None:
        """A final prompt without words: the recogniser heard sound (a noisy line), not the caller's answer.

        It cancels nothing and is not a turn: counted as silence, two of them would end the call and
        lose what was collected. When a reply is still on its way to the caller, it is left to play;
        otherwise Knotty asks again with its last words (the caller may not have heard them over the noise).
        """
        speaking = bool(self._tasks) and not (self._sink is not None and self._sink.cancelled)
        log_event("relay_noise", call=self.call_sid, reasked=not speaking)
        if not speaking:
            task = asyncio.create_task(self._ask_again(), name="relay-noise")
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    def interrupt(self, heard: str | None = None) -> None:
        """The caller cut in: stop the reply in flight (their words follow; if none do, silence is counted).

        `heard`: what of the reply Twilio had spoken by then; the caller's next words go to the core with it."""
        if self._sink is not None:
            self._sink.cancel()
        if heard is not None:
            self._heard = heard
        if not self._caller_speaking:
            self._idle.start()

    def speaking(self, who: str, on: bool) -> None:
        """Twilio's speaker events: the caller talking stops the silence count; once they, or Knotty,
        stop, the silence starts from then (a reply still being produced counts it when it is sent)."""
        if who == "client":
            self._caller_speaking = on
        if who == "client" and on:
            self._idle.stop()
        elif not on and not self._tasks and not self._caller_speaking:
            self._idle.start()  # (Knotty falling silent because the caller cut in starts no silence)

    def digit(self, digit: str) -> None:
        """A keypad press; digits become one utterance after `#` or a short pause."""
        self._idle.start(DIGIT_PAUSE_S)
        if self._digit_timer is not None:
            self._digit_timer.cancel()
            self._digit_timer = None
        if digit == "#":
            self._flush_digits()
        elif digit.isdigit() or digit == "*":
            if len(self._digits) < MAX_KEYED_DIGITS:
                self._digits.append(digit)
            self._digit_timer = asyncio.get_running_loop().call_later(DIGIT_PAUSE_S, self._flush_digits)

    async def finish(self, timeout_s: float = 10.0) -> None:
        """The WebSocket closed: let the turns under way run to their end in silence, then stop.

        Hanging up is not an interruption: someone who says "yes, that's right, bye" and hangs up
        before the answer must still be saved, so the reply in flight is muted, never cancelled.
        """
        if self._digit_timer is not None:
            self._digit_timer.cancel()
        self._idle.stop()
        self.hung_up = True
        if self._sink is not None:
            self._sink.mute()
        if self._tasks:
            await asyncio.wait(set(self._tasks), timeout=timeout_s)

    async def hand_over(self) -> None:
        """The server is shutting down (`channels.live_streams`): once the turn under way is answered (and
        stored), a last line and `end` without a goodbye. Twilio asks the `<Connect action>`, which
        carries the call on by Gather from what the conversation holds; nothing more is answered here."""
        self._idle.stop()
        async with self._turns:
            if self.ended or self.hung_up:
                return
            self.ended = self.handed_over = True  # turns queued behind this one find the call ended here
            said = wording.STREAM_MOVING
            await self._safe(self._send(text_message(said, last=True, lang=self._english())))
            await self._safe(self._send(end_message({"reason": "handover"})))
        log_event("relay_call_handed_over", call=self.call_sid)

    # --- turns -------------------------------------------------------------------------------

    def _flush_digits(self) -> None:
        self._digit_timer = None
        if self._digits:
            text, self._digits = " ".join(self._digits), []
            say_it = keys_not_taken(self._asking)
            if say_it and not self._tasks:
                self._idle.stop()
                log_event("relay_keys_not_taken", call=self.call_sid, asking=self._asking)
                task = asyncio.create_task(self._say_instead(say_it), name="relay-keys")
                self._tasks.add(task)
                task.add_done_callback(self._tasks.discard)
            else:  # read by the question, as on the other lines (1/2: therapist/client, yes/no)
                answer = keypad_answer(self._asking, text)
                self.prompt(answer if answer.isalpha() else text)

    def _silence(self) -> None:
        """The caller said nothing for `idle_s` after Knotty finished: a turn with no words, as
        `<Gather>` posts one, so the agent asks again and, after `SILENCE_LIMIT` of them, says goodbye.
        Not while a turn is under way: it starts the count again when its reply is sent."""
        if self.ended or self.hung_up or self._tasks or self._digits:
            return
        log_event("relay_silence", call=self.call_sid)
        self._spawn("")

    def _spawn(self, text: str | None, heard: str | None = None) -> None:
        task = asyncio.create_task(self._turn(text, heard), name="relay-turn")
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _ask_again(self) -> None:
        """After line noise: "sorry, I didn't quite catch that", then Knotty's last words again."""
        async with self._turns:
            if self.ended or self.hung_up or not self._last_reply:
                return
            last = self._last_reply
            if last.startswith(wording.VOICE_NOISE):
                last = last[len(wording.VOICE_NOISE) :].lstrip()
            said = f"{wording.VOICE_NOISE} {last}".strip()
            self._heard = None  # a new reply: what was heard of the one before no longer applies
            if self._last_parts:
                for lang, token, end in spoken_messages((("en", wording.VOICE_NOISE), *self._last_parts)):
                    await self._safe(self._send(text_message(token, last=end, lang=lang)))
            else:
                await self._safe(self._send(text_message(said, last=True, lang=self._english())))
            self._idle.start(speaking_time_s(said))

    async def _say_instead(self, said: str) -> None:
        """Keys pressed at a question no key answers (a name, an email, the read-back): the caller is told to
        say it and the question stays open. No turn: the keys are not an answer, nor a silence."""
        async with self._turns:
            if self.ended or self.hung_up:
                return
            self._heard = None
            await self._safe(self._send(text_message(said, last=True, lang=self._english())))
            self._idle.start(speaking_time_s(said))

    async def _turn(self, text: str | None, heard: str | None = None) -> None:
        async with self._turns:
            if self.ended:
                return
            sink = RelaySink(self._send, tagged=self._tagged)
            try:
                await self._run_turn(sink, text, heard)
            finally:
                self._tagged = self._tagged or sink.tagged

    async def _run_turn(self, sink: RelaySink, text: str | None, heard: str | None) -> None:
        """One turn, its reply sent through `sink` (inside `_turns`)."""
        if self.hung_up:
            sink.mute()  # a turn queued before the hang-up: stored, not spoken
        self._sink = sink
        inbound = Inbound(
            CHANNEL,
            self.call_sid,
            text or "",
            Modality.SPOKEN,
            caller_number=self.caller,
            caller_proven=self.caller_proven,
            silence_limit=SILENCE_LIMIT,
            heard=heard,
        )
        try:
            with streaming_to(sink):
                result = await (self._agent.open(inbound) if text is None else self._agent.turn(inbound))
        except Unavailable:
            log_event("relay_turn_failed", logging.WARNING, call=self.call_sid)
            await self._safe(sink.finish(wording.VOICE_REPEAT))
            self._idle.start(speaking_time_s(wording.VOICE_REPEAT))
            return
        except Exception:  # keeps the call alive: a bug is logged as one; the caller hears an apology
            logging.getLogger("knotty.channels.relay").exception("relay turn failed: %s", self.call_sid)
            await self._safe(sink.finish(wording.VOICE_REPEAT))
            self._idle.start(speaking_time_s(wording.VOICE_REPEAT))
            return
        finally:
            if self._sink is sink:
                self._sink = None
        if result.reply:
            self._last_reply, self._last_parts = result.reply, result.parts
        self._asking = result.asking
        if sink.cancelled:
            log_event("relay_reply_interrupted", call=self.call_sid, conversation=result.conversation_id)
            if not self.hung_up:
                self._idle.start()  # a cough cut it off and no words follow: silence, counted from now
            return
        self._heard = None  # a new reply: what was heard of the one before no longer applies
        await self._safe(sink.finish(result.reply, result.parts))
        if result.done:
            self.ended = True
            await self._safe(
                self._send(end_message({"reason": "goodbye", "conversation": result.conversation_id}))
            )
        elif not self.hung_up:
            self._idle.start(speaking_time_s(result.reply))

    def _english(self) -> str | None:
        """The `lang` of a line in English: `en-US` once something went out in another language."""
        return voice_twiml.LANGUAGE if self._tagged else None

    @staticmethod
    async def _safe(sending: Awaitable[None]) -> None:
        try:
            await sending
        except Exception:  # keeps the call going: the caller hung up (whatever the socket raises)
            logging.getLogger("knotty.channels.relay").debug("could not send to Twilio", exc_info=True)
