"""What the caller has actually heard of Knotty's audio, from Twilio's mark acknowledgements.

Audio reaches Twilio much faster than it plays, so bytes sent say nothing about what was heard.
After each chunk a named mark is sent; Twilio echoes it once the audio before it has played. When
the caller barges in, the item being played is truncated at the last acknowledged mark (never past
what was generated), and items queued behind it at zero. μ-law at 8 kHz is 8 bytes per millisecond.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass

__all__ = ["BYTES_PER_MS", "Cut", "Playback"]

BYTES_PER_MS = 8


@dataclass(frozen=True)
class Cut:
    """Truncate this assistant item at `audio_end_ms` (what the caller heard of it)."""

    item_id: str
    audio_end_ms: int


class Playback:
    """Marks in flight per assistant item, and how much of each item has been heard."""

    def __init__(self) -> None:
        self._pending: OrderedDict[str, tuple[str, int]] = OrderedDict()
        self._generated: dict[str, int] = {}
        self._heard: dict[str, int] = {}
        self._cut: set[str] = set()
        self._seq = 0

    @property
    def playing(self) -> bool:
        """Audio has been sent that Twilio has not yet confirmed played."""
        return bool(self._pending)

    def is_cut(self, item_id: str) -> bool:
        """The item was truncated: late audio of it must not be played."""
        return item_id in self._cut

    def sent(self, item_id: str, nbytes: int) -> str:
        """Record a chunk of `item_id` sent to Twilio; returns the name of the mark to send after it."""
        end = self._generated.get(item_id, 0) + nbytes
        self._generated[item_id] = end
        self._seq += 1
        name = f"k{self._seq}"
        self._pending[name] = (item_id, end)
        return name

    def acknowledged(self, name: str) -> bool:
        """Twilio echoed mark `name`; False for marks this tracker no longer knows (cleared ones)."""
        entry = self._pending.pop(name, None)
        if entry is None:
            return False
        item_id, end = entry
        self._heard[item_id] = max(self._heard.get(item_id, 0), end)
        return True

    def heard_ms(self, item_id: str) -> int:
        """Milliseconds of `item_id` the caller has heard so far."""
        return self._heard.get(item_id, 0) // BYTES_PER_MS

    def interrupt(self) -> list[Cut]:
        """The caller started talking: forget queued audio and say where to truncate each item."""
        if not self._pending:
            return []
        items = list(dict.fromkeys(item for item, _ in self._pending.values()))
        self._pending.clear()
        cuts = []
        for item_id in items:
            heard = min(self._heard.get(item_id, 0), self._generated.get(item_id, 0))
            cuts.append(Cut(item_id, heard // BYTES_PER_MS))
            self._cut.add(item_id)
        return cuts
