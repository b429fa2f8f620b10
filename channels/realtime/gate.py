"""The Realtime model's words pass the reply guard before the caller hears them.

The model speaks straight to the caller: its audio deltas come with a transcript of the same words
(`response.output_audio_transcript.delta`), usually a little ahead of the audio. `Gate` holds one
assistant item's audio until its transcript so far passes the core's reply guard
(`LiveSession.check_words`), checked at a pause (end of a sentence or clause) or `HOLD_CHARS` behind
the model, at most every `STEP_CHARS`, and once more on the whole transcript. Audio is let out at most
`BYTES_PER_CHAR` bytes per checked character, i.e. as if the model spoke 20 characters a second
(faster than any voice speaks), so audio never runs ahead of words already checked even when the
transcript lags. Once the whole transcript passed, the item's audio flows freely. A verdict stops
the item: its held audio is dropped and none of it is let out again (`Bridge` then clears Twilio's
queue, truncates the item and cancels the response).

A farewell is a goodbye only if the line asks nothing, which is known once it is whole; said to a
caller who is staying with nothing saved it must not be heard. So the audio from a farewell on is held
(`hold`, `LiveSession.farewell_held_from`) until a question lets it out or the whole transcript is
judged (`final`, `LiveSession.takes_leave`). The words before it play as they come. When the whole line
cannot be judged yet (`final` answers `WAIT`: the caller's last words are still being transcribed, and
they may say the caller is leaving), its audio stays held until `decide`.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Callable

__all__ = ["BYTES_PER_CHAR", "HOLD_CHARS", "WAIT", "Gate"]

BYTES_PER_CHAR = 8000 // 20
"""μ-law audio let out per checked transcript character: 8000 bytes a second at 20 characters a second."""
HOLD_CHARS = 48
"""Words are checked at most this far behind the model when it makes no pause: a whole claim fits."""
STEP_CHARS = 24
"""After the first check, words are checked again only once this many more are ready: the guard costs
about 1 ms per 100 characters, and the transcript runs ahead of the audio anyway."""
OVERLAP_CHARS = 64
"""Each check reads the new words with this many before them (a claim or a prompt run across the
seam); the whole transcript is checked once more at the end, before its last words play."""
WAIT = "wait"
"""`final`'s answer when the whole line cannot be judged yet: its audio is held until `Gate.decide`."""
_PAUSE = re.compile(r"[.!?,;:](?=\s)|\n")

Check = Callable[[str], "str | None"]
Hold = Callable[[str, int], int]


class Gate:
    """One assistant item: its transcript so far, the audio held back, and the guard's verdict."""

    __slots__ = (
        "_budget",
        "_check",
        "_checked",
        "_final",
        "_held",
        "_hold",
        "_sent",
        "blocked",
        "open",
        "response_id",
        "text",
        "waiting",
    )

    def __init__(
        self, response_id: str, check: Check, *, hold: Hold | None = None, final: Check | None = None
    ) -> None:
        self.response_id = response_id
        self._check = check
        self._hold = hold
        """Where in the words so far (from the offset given) audio must wait for the whole line, or -1."""
        self._final = final
        """A verdict only the whole line can give (a goodbye to someone staying)."""
        self.text = ""
        self._checked = 0
        self._budget = 0
        self._sent = 0
        self._held: deque[tuple[str, int]] = deque()
        self.open = False
        """The whole transcript passed: audio goes straight through."""
        self.blocked: str | None = None
        """Why the item was stopped (a `check_reply` verdict), or None."""
        self.waiting = False
        """The whole line passed the guard but `final` could not judge it yet (`WAIT`): see `decide`."""

    @property
    def sent_bytes(self) -> int:
        """Audio of this item let out so far."""
        return self._sent

    def add_words(self, piece: str) -> str | None:
        """More of the transcript; the verdict if the words so far must not be heard."""
        if self.open or self.blocked is not None:
            return None
        self.text += piece
        text, cut = self.text, self._checked
        for match in _PAUSE.finditer(text, self._checked):
            cut = match.end()
        behind = text.rfind(" ", self._checked, max(self._checked, len(text) - HOLD_CHARS))
        if behind >= 0:
            cut = max(cut, behind + 1)
        if self._hold is not None and (held := self._hold(text, self._checked)) >= 0:
            cut = min(cut, held)
        if cut <= self._checked or (self._checked and cut - self._checked < STEP_CHARS):
            return None
        window = text[max(0, self._checked - OVERLAP_CHARS) : cut]
        if not window.strip():
            return None
        return self._judge(window, cut)

    def finish_words(self, transcript: str | None) -> str | None:
        """The whole transcript (None: what the deltas gave); the verdict, or None and the gate opens."""
        if self.open or self.blocked is not None:
            return self.blocked
        if self.waiting:
            return WAIT
        text = transcript if transcript is not None else self.text
        self.text = text
        why = self._judge(text, len(text))
        if why is None and self._final is not None and (why := self._final(text)) is not None:
            if why == WAIT:
                self.waiting = True
                return why
            self.stop(why)
        if why is None:
            self.open = True
        return why

    def decide(self, why: str | None) -> None:
        """The verdict `final` could not give (`WAIT`): None lets the whole line out, a reason stops it."""
        self.waiting = False
        if why is None:
            self.open = True
        else:
            self.stop(why)

    def add_audio(self, delta: str, nbytes: int) -> list[str]:
        """An audio delta: the deltas that may be played now (in order)."""
        if self.blocked is not None:
            return []
        if self.open and not self._held:
            self._sent += nbytes
            return [delta]
        self._held.append((delta, nbytes))
        return self.release()

    def release(self) -> list[str]:
        """The held deltas the checked words now cover."""
        out: list[str] = []
        held = self._held
        while held and (self.open or self._sent + held[0][1] <= self._budget):
            delta, nbytes = held.popleft()
            self._sent += nbytes
            out.append(delta)
        return out

    def stop(self, why: str) -> None:
        """Drop the held audio; nothing more of this item is played."""
        self.blocked = why
        self.waiting = False
        self._held.clear()

    @property
    def holding(self) -> bool:
        """Audio is held back, waiting for its words."""
        return bool(self._held)

    def _judge(self, text: str, cut: int) -> str | None:
        why = self._check(text)
        if why is not None:
            self.stop(why)
            return why
        self._checked = cut
        self._budget = cut * BYTES_PER_CHAR
        return None
