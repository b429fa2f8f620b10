"""Is this request the admin? The signed-in cookie (not signed out) or the bearer token, guesses counted.

Signing out records the cookie's session id in the database (`WaitlistAdmin.revoke_session`, among the idempotency
keys, kept two days, longer than the cookie's 12 hours), so a copied cookie stops working in every
process at once rather than only in the browser that signed out. Wrong bearer tokens count in the
same per-address window as wrong sign-ins, each counted and checked in one step (so a burst spread over
processes gets no more guesses than one at a time); once it is full every attempt gets 429, the right
token included, so guessing learns nothing more.
"""

from __future__ import annotations

import hmac
from typing import Any

from litestar import Request

from knotty import Settings, WaitlistAdmin
from web.ratelimit import RateLimits, client_address
from web.sessions import Sessions

__all__ = ["BearerCheck", "admin_signed_in", "check_bearer", "sign_out"]


async def admin_signed_in(
    request: Request[Any, Any, Any], settings: Settings, sessions: Sessions, admin: WaitlistAdmin
) -> bool:
    """Whether the request carries a live admin session that nobody signed out.

    Raises `Unavailable` when the database cannot say whether it was signed out: the route shows nothing
    and the app answers 503 (`web.unavailable`), rather than a login form to an admin who is signed in.
    """
    session_id = sessions.admin_session(request, settings.admin_token)
    if session_id is None:
        return False
    return not await admin.session_revoked(session_id)


async def sign_out(
    request: Request[Any, Any, Any], settings: Settings, sessions: Sessions, admin: WaitlistAdmin
) -> None:
    """Revoke the request's admin session on the server (the cookie is erased as well)."""
    session_id = sessions.admin_session(request, settings.admin_token)
    if session_id is not None:
        await admin.revoke_session(session_id)


class BearerCheck:
    """Outcomes of `check_bearer`."""

    OK = 200
    MISSING_OR_WRONG = 401
    TOO_MANY = 429


async def check_bearer(request: Request[Any, Any, Any], settings: Settings, limits: RateLimits) -> int:
    """`BearerCheck.OK` for `Authorization: Bearer $ADMIN_TOKEN` (constant-time), else 401 or 429."""
    expected = settings.admin_token
    address = client_address(request)
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    right = bool(
        expected
        and scheme.lower() == "bearer"
        and hmac.compare_digest(token.strip().encode(), expected.encode())
    )
    if header and not right:
        # A guess is counted and checked in one step (`Limiter.take`): checked first and counted after,
        # a burst of guesses spread over processes all passed the check before any was counted.
        if await limits.take((limits.admin_logins, address)) > 0:
            return BearerCheck.TOO_MANY
        return BearerCheck.MISSING_OR_WRONG
    if await limits.retry_after(limits.admin_logins, address) > 0:
        return BearerCheck.TOO_MANY  # the right token too, once the window is full: guessing learns nothing
    return BearerCheck.OK if right else BearerCheck.MISSING_OR_WRONG
