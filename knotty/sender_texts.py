"""The confirmation texts each texting or calling number may ask for: the phone channels' `SenderAllowances`.

One sender texting "join" again and again (or calling), typing a new number each time, would otherwise
spend the whole hourly cap on texts to people who asked for nothing, as one web address could before
its own allowance (`web.ratelimit.AddressTexts`). Counted in the shared counters (`knotty.limits`),
so every process and machine sees the same allowance. Built by the composition root (`app/runtime.py`)
and handed to the agent, which asks it only once a number's own rules already allow a text.
"""

from __future__ import annotations

from dataclasses import dataclass

from knotty.limits import Limit, Limiter, Taken

__all__ = ["SENDER_TEXTS", "UNKNOWN_CALLER", "UNPROVEN_PREFIX", "SenderTexts", "texts_per_sender"]

SENDER_TEXTS = "sms-sender"
"""The kind of the per-number cap on confirmation texts (`texts_per_sender`, `KNOTTY_SMS_HOURLY_CAP_PER_SENDER`)."""
UNKNOWN_CALLER = "unknown"
"""The key shared by every caller without a usable caller ID (withheld, or not a phone number)."""
UNPROVEN_PREFIX = "unproven:"
"""Before a number not proven the caller's, in the per-sender counters: apart from the number's own."""


def texts_per_sender(per_hour: int) -> Limit:
    """Confirmation texts to other numbers asked for from one texting or calling number in an hour."""
    return Limit(SENDER_TEXTS, per_hour, 3600)


@dataclass(frozen=True)
class SenderTexts:
    """The texts each texting or calling number may ask for, counted by `limiter`."""

    limiter: Limiter
    per_sender: Limit
    channels: frozenset[str]
    """The channels whose conversations come from a number (SMS and voice); others get no allowance here."""

    def __call__(self, channel: str, caller_number: str | None, *, proven: bool) -> _NumberTexts | None:
        """The allowance of `caller_number` on `channel` (every unknown caller shares one).

        A number the channel does not prove the person holds (a caller ID the phone network does not
        attest, `proven` False) gets an allowance of its own, apart from the number's (`UNPROVEN_PREFIX`),
        and no text passes uncounted as theirs. Apart: a caller spoofing someone's number must not spend
        that person's texts. Keyed by the number still, not one pool for every unproven caller: one
        spoofer could then use up every unattested caller's texts (many honest callers are unattested:
        abroad, on older networks). A spoofer who changes numbers call by call gets a new allowance each
        time, as with any caller ID; what bounds them is the number's own rules and the hourly cap.
        Counted even to the number itself: unproven, it may be someone else's."""
        if channel not in self.channels:
            return None
        if caller_number is not None and not proven:
            return _NumberTexts(self, UNPROVEN_PREFIX + caller_number, own=None)
        return _NumberTexts(self, caller_number or UNKNOWN_CALLER, own=caller_number)


@dataclass(frozen=True)
class _NumberTexts:
    """One texting or calling number's `TextAllowance`. A text to the sender's proven number itself
    (`own`) is not counted: it is the person's own confirmation, held back by the number's own rules
    (once per number per `KNOTTY_SMS_PER_NUMBER_DAYS`), and never a stranger's."""

    texts: SenderTexts
    key: str
    """What the shared counters count under: the number, `UNKNOWN_CALLER`, or an unproven number's key."""
    own: str | None
    """The number proven the sender's, whose own text passes uncounted (None: every text counts)."""

    async def take(self, to: str) -> Taken:
        """Count one text to `to` unless it is the sender's own, or counted already this window (a second
        "yes" to it); REFUSED (nothing counted) when used up."""
        if self.own is not None and to == self.own:
            return Taken.UNCOUNTED
        limit = self.texts.per_sender
        if limit.limit <= 0:
            return Taken.REFUSED
        return await self.texts.limiter.take_once(limit, self.key, to)

    async def give_back(self, to: str) -> None:
        """Return the text `take` counted to `to` (its turn lost)."""
        await self.texts.limiter.give_back_once(self.texts.per_sender, self.key, to)
