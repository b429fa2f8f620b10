"""What the caller has actually heard of Knotty's audio, from Twilio's mark acknowledgements.

Audio reaches Twilio much faster than it plays, so bytes sent say nothing about what was heard.
Marks are sent between audio chunks; Twilio echoes each once the audio before it has played. When
the caller barges in, the item being played is truncated at the last acknowledged mark (never past
what was generated), and items queued behind it at zero. μ-law at 8 kHz is 8 bytes per millisecond.

A mark goes out once at least `mark_every_ms` of audio was sent since the previous one, and after
the last chunk of an item (`flush`). Every mark is a message each way, so marking every 20 ms chunk
would double the stream's traffic for a precision nobody hears; the truncation point errs on the
side of "heard less" by at most that interval.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass

__all__ = ["BYTES_PER_MS", "MARK_EVERY_MS", "Cut", "Playback"]

BYTES_PER_MS = 8
MARK_EVERY_MS = 100


@dataclass(frozen=True)
class Cut:
    """Truncate this assistant item at `audio_end_ms` (what the caller heard of it)."""

    item_id: str
    audio_end_ms: int


class Playback:
    """Marks in flight per assistant item, and how much of each item has been heard."""

    def __init__(self, mark_every_ms: int = MARK_EVERY_MS) -> None:
        self._mark_bytes = max(1, mark_every_ms * BYTES_PER_MS)
        self._pending: OrderedDict[str, tuple[str, int]] = OrderedDict()
        self._generated: dict[str, int] = {}
        self._marked: dict[str, int] = {}
        self._heard: dict[str, int] = {}
        self._cut: set[str] = set()
        self._seq = 0

    @property
    def playing(self) -> bool:
        """Audio has been sent that Twilio has not yet confirmed played."""
        return bool(self._pending) or any(
            self._generated[i] > self._marked.get(i, 0) for i in self._unmarked_items()
        )

    def is_cut(self, item_id: str) -> bool:
        """The item was truncated: late audio of it must not be played."""
        return item_id in self._cut

    def sent(self, item_id: str, nbytes: int) -> str | None:
        """Record a chunk of `item_id` sent to Twilio; the name of a mark to send after it, if one is due."""
        self._generated[item_id] = self._generated.get(item_id, 0) + nbytes
        if self._generated[item_id] - self._marked.get(item_id, 0) >= self._mark_bytes:
            return self._mark(item_id)
        return None

    def flush(self, item_id: str) -> str | None:
        """The item's audio is complete: a mark for its unmarked tail, if it has one."""
        if self._generated.get(item_id, 0) > self._marked.get(item_id, 0) and item_id not in self._cut:
            return self._mark(item_id)
        return None

    def acknowledged(self, name: str) -> bool:
        """Twilio echoed mark `name`; False for marks this tracker no longer knows (cleared ones)."""
        entry = self._pending.pop(name, None)
        if entry is None:
            return False
        item_id, end = entry
        self._heard[item_id] = max(self._heard.get(item_id, 0), end)
        return True

    def generated_bytes(self, item_id: str) -> int:
        """Bytes of `item_id` sent to Twilio so far."""
        return self._generated.get(item_id, 0)

    def heard_ms(self, item_id: str) -> int:
        """Milliseconds of `item_id` the caller has heard so far."""
        return self._heard.get(item_id, 0) // BYTES_PER_MS

    def interrupt(self) -> list[Cut]:
        """The caller started talking: forget queued audio and say where to truncate each item."""
        queued = [item for item, _ in self._pending.values()] + self._unmarked_items()
        items = [i for i in dict.fromkeys(queued) if i not in self._cut]
        self._pending.clear()
        cuts = []
        for item_id in items:
            heard = min(self._heard.get(item_id, 0), self._generated.get(item_id, 0))
            cuts.append(Cut(item_id, heard // BYTES_PER_MS))
            self._cut.add(item_id)
        return cuts

    def _mark(self, item_id: str) -> str:
        end = self._marked[item_id] = self._generated[item_id]
        self._seq += 1
        name = f"k{self._seq}"
        self._pending[name] = (item_id, end)
        return name

    def _unmarked_items(self) -> list[str]:
        return [i for i, n in self._generated.items() if n > self._marked.get(i, 0) and i not in self._cut]
