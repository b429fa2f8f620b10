"""Rate limits for the web chat and the admin login, shared by every process and machine.

The counting is `knotty.limits.Limiter`'s: in the database Knotty already has (one upsert per check,
fixed windows every instance agrees on) or Redis, so `--workers 2` or a second machine does not
double a limit and a deploy does not reset it; should they fail to answer, each process falls back
to its own windows for that check (the chat's own turn will be refused anyway; the admin login keeps
a limit), so a database outage never turns a limit into a 500. This module says which limits the web
has and how a web client is keyed.

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

from dataclasses import dataclass, field
from typing import Any

from litestar import Request

from knotty import Limit, Limiter, Taken, address_key

__all__ = [
    "AddressTexts",
    "RateLimits",
    "address_key",
    "client_address",
    "texts_per_address",
]


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


@dataclass
class RateLimits(Limiter):
    """The web app's limits, counted by the `Limiter` (shared counters when given them, this process's windows otherwise)."""

    per_session: Limit = PER_SESSION
    per_address: Limit = PER_ADDRESS
    new_sessions: Limit = NEW_SESSIONS
    catch_ups: Limit = CATCH_UPS
    admin_logins: Limit = ADMIN_LOGINS
    restarts: Limit = RESTARTS
    confirmation_texts: Limit = field(default_factory=lambda: texts_per_address(10))
    """Confirmation texts per client address (the deployment's `KNOTTY_SMS_HOURLY_CAP_PER_ADDRESS`)."""


@dataclass(frozen=True)
class AddressTexts:
    """A web visitor's `TextAllowance`: the confirmation texts their client address may still ask for."""

    limits: RateLimits
    address: str

    async def take(self, to: str) -> Taken:
        """Count one text against the address (whatever `to`: no number of a web visitor is proven theirs),
        once per number in the window (a second "yes" to it is not counted again); REFUSED (nothing
        counted) when its hour's texts are used up."""
        if self.limits.confirmation_texts.limit <= 0:
            return Taken.REFUSED
        return await self.limits.take_once(self.limits.confirmation_texts, self.address, to)

    async def give_back(self, to: str) -> None:
        """Return the text `take` counted to `to` (its turn lost)."""
        await self.limits.give_back_once(self.limits.confirmation_texts, self.address, to)


def client_address(request: Request[Any, Any, Any]) -> str:
    """The key of a client's address, as `web.proxy` settled it (forwarding headers only from trusted
    proxies), an IPv6 client's counted by its /64 (`address_key`)."""
    return address_key(request.client.host) if request.client else "unknown"
