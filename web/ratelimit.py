"""Rate limits for the web chat and the admin login, shared by every process and machine.

The counters live in the database Knotty already has (`knotty.store.rate_limits`: one upsert per
check, fixed windows every instance agrees on), so `--workers 2` or a second machine does not double
a limit and a deploy does not reset it. Should the database fail to answer, each process falls back
to its own in-memory windows for that check (the chat's own turn will be refused anyway; the admin
login keeps a limit), so a database outage never turns a limit into a 500.

The per-address chat limit is deliberately loose: an office, a school or a venue's Wi-Fi puts dozens
of people behind one address, and a tight limit there refuses all of them for one person's burst.
What holds a script back is the per-session limit (a session is a signed cookie, one per browser)
and the per-address limit on *new* sessions, which bounds how fast a script can mint fresh ones.

An IPv6 client is counted by its /64 network, not its full address: a host (any cloud server, any
home router) is handed a whole /64 and can pick a new source address for every request, so keyed by
the full address no per-address limit held at all. A /64 is what one site or one machine gets, as
one IPv4 address behind NAT is.
"""

from __future__ import annotations

import ipaddress
import logging
import time
from collections import OrderedDict, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from litestar import Request

from knotty import Hit, LimitCounters, Unavailable

__all__ = [
    "AddressTexts",
    "Limit",
    "RateLimits",
    "SenderTexts",
    "SlidingWindow",
    "address_key",
    "client_address",
    "texts_per_address",
    "texts_per_sender",
]

log = logging.getLogger("knotty.web")


@dataclass(frozen=True)
class Limit:
    """At most `limit` hits per key of this kind in any `window_s`-second window."""

    kind: str
    limit: int
    window_s: int


PER_SESSION = Limit("chat-session", 20, 60)
"""Chat messages from one visitor session: the limit that holds a script back."""
PER_ADDRESS = Limit("chat-address", 300, 60)
"""Chat messages from one client address: room for a busy office or venue network (about fifteen
people each typing at the per-session limit)."""
NEW_SESSIONS = Limit("chat-new", 30, 60)
"""New chat sessions minted (cookie-less page views, "Start over") from one client address."""
CATCH_UPS = Limit("chat-catch-up", 30, 60)
"""Catch-ups (`POST /chat/lines`, a tab shown again) from one visitor session: each reads the
conversation, so a script asking in a loop is held back like one sending messages."""
ADMIN_LOGINS = Limit("admin-login", 10, 300)
"""Admin login attempts (and wrong bearer tokens) from one client address."""
RESTARTS = Limit("chat-restart", 1, 60)
""""Start over" of one ended conversation: its first press counts against `NEW_SESSIONS`; a second
press of the same one (a double-click, two posts at once) finds it counted and counts nothing."""
CONFIRMATION_TEXTS = "sms-address"
"""The kind of the per-address cap on confirmation texts (`texts_per_address`, `KNOTTY_SMS_HOURLY_CAP_PER_ADDRESS`)."""


def texts_per_address(per_hour: int) -> Limit:
    """Confirmation texts asked for from one client address in an hour: a stranger typing a new number
    into each of many chats would otherwise spend the whole hourly cap, texting people who asked for nothing."""
    return Limit(CONFIRMATION_TEXTS, per_hour, 3600)


SENDER_TEXTS = "sms-sender"
"""The kind of the per-number cap on confirmation texts (`texts_per_sender`, `KNOTTY_SMS_HOURLY_CAP_PER_SENDER`)."""
UNKNOWN_CALLER = "unknown"
"""The key shared by every caller without a usable caller ID (withheld, or not a phone number)."""
UNPROVEN_PREFIX = "unproven:"
"""Before a number not proven the caller's, in the per-sender counters: apart from the number's own."""


def texts_per_sender(per_hour: int) -> Limit:
    """Confirmation texts to other numbers asked for from one texting or calling number in an hour: one
    sender texting "join" again and again, typing a new number each time, would otherwise spend the
    whole hourly cap, texting people who asked for nothing."""
    return Limit(SENDER_TEXTS, per_hour, 3600)


class SlidingWindow:
    """At most `limit` hits per key in any `window_s` seconds, in this process only (the fallback)."""

    def __init__(
        self,
        limit: int,
        window_s: float,
        *,
        max_keys: int = 50_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.limit = limit
        self.window_s = window_s
        self.max_keys = max_keys
        self._clock = clock
        self._hits: OrderedDict[str, deque[float]] = OrderedDict()

    def retry_after(self, key: str) -> float:
        """Seconds until `key` may hit again (0 when it may now); records nothing."""
        hits = self._recent(key, self._clock())
        if hits is None or len(hits) < self.limit:
            return 0.0
        return max(0.0, hits[0] + self.window_s - self._clock())

    def record(self, key: str) -> None:
        """Count one hit for `key`."""
        now = self._clock()
        hits = self._recent(key, now)
        if hits is None:
            hits = self._hits[key] = deque()
            while len(self._hits) > self.max_keys:
                self._hits.popitem(last=False)
        self._hits.move_to_end(key)
        hits.append(now)

    def _recent(self, key: str, now: float) -> deque[float] | None:
        hits = self._hits.get(key)
        if hits is None:
            return None
        while hits and hits[0] <= now - self.window_s:
            hits.popleft()
        return hits


@dataclass
class RateLimits:
    """The web app's limits: in the database's shared counters when given them, this process's windows otherwise."""

    per_session: Limit = PER_SESSION
    per_address: Limit = PER_ADDRESS
    new_sessions: Limit = NEW_SESSIONS
    catch_ups: Limit = CATCH_UPS
    admin_logins: Limit = ADMIN_LOGINS
    restarts: Limit = RESTARTS
    confirmation_texts: Limit = field(default_factory=lambda: texts_per_address(10))
    """Confirmation texts per client address (the deployment's `KNOTTY_SMS_HOURLY_CAP_PER_ADDRESS`)."""
    counters: LimitCounters | None = None
    """The shared counters (the database's, or Redis' with `KNOTTY_REDIS_URL`, built by the composition root);
    None keeps every limit in this process."""
    _local: dict[str, SlidingWindow] = field(default_factory=dict, repr=False)

    async def take(self, *checks: tuple[Limit, str]) -> float:
        """Count a hit on every key when all allow it; else the seconds to wait (nothing counted)."""
        if self.counters is not None:
            try:
                return await self.counters.take(
                    [Hit(f"{lim.kind}:{key}", lim.limit, lim.window_s) for lim, key in checks]
                )
            except Unavailable:
                log.warning("shared rate limits unavailable, using this process's", exc_info=True)
        windows = [(self._window(lim), key) for lim, key in checks]
        wait = max((window.retry_after(key) for window, key in windows), default=0.0)
        if wait > 0:
            return wait
        for window, key in windows:
            window.record(key)
        return 0.0

    async def retry_after(self, limit: Limit, key: str) -> float:
        """Seconds until `key` may hit `limit` again (0 when it may now); counts nothing."""
        if self.counters is not None:
            try:
                return await self.counters.peek(Hit(f"{limit.kind}:{key}", limit.limit, limit.window_s))
            except Unavailable:
                log.warning("shared rate limits unavailable, using this process's", exc_info=True)
        return self._window(limit).retry_after(key)

    async def record(self, limit: Limit, key: str) -> None:
        """Count one hit of `key` (when it is already at the limit, nothing changes)."""
        await self.take((limit, key))

    def _window(self, limit: Limit) -> SlidingWindow:
        window = self._local.get(limit.kind)
        if window is None:
            window = self._local[limit.kind] = SlidingWindow(limit.limit, float(limit.window_s))
        return window


@dataclass(frozen=True)
class AddressTexts:
    """A web visitor's `TextAllowance`: the confirmation texts their client address may still ask for."""

    limits: RateLimits
    address: str

    async def take(self, to: str) -> bool:
        """Count one text against the address (whatever `to`: no number of a web visitor is proven theirs);
        False (nothing counted) when its hour's texts are used up."""
        if self.limits.confirmation_texts.limit <= 0:
            return False
        return not await self.limits.take((self.limits.confirmation_texts, self.address))


@dataclass(frozen=True)
class SenderTexts:
    """The phone channels' `SenderAllowances`: the texts each texting or calling number may ask for, in
    the same shared counters as the web's limits (`limits.counters`)."""

    limits: RateLimits
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

    async def take(self, to: str) -> bool:
        """Count one text to `to` unless it is the sender's own; False (nothing counted) when used up."""
        if self.own is not None and to == self.own:
            return True
        limit = self.texts.per_sender
        if limit.limit <= 0:
            return False
        return not await self.texts.limits.take((limit, self.key))


IPV6_PREFIX = 64
"""The IPv6 network counted as one client: the /64 every IPv6 host or site is given."""


@lru_cache(maxsize=4096)
def address_key(host: str) -> str:
    """The limits' key of a client address: an IPv4 address itself (also written IPv4-mapped), an IPv6
    address its /64 network, since one machine may send from any address in it (module docstring)."""
    try:
        address = ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        return host
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.IPv6Network((address, IPV6_PREFIX), strict=False))
    return str(address)


def client_address(request: Request[Any, Any, Any]) -> str:
    """The key of a client's address, as `web.proxy` settled it (forwarding headers only from trusted
    proxies), an IPv6 client's counted by its /64 (`address_key`)."""
    return address_key(request.client.host) if request.client else "unknown"
