"""`GET /admin/api/waitlist`: the waitlist as JSON for whoever holds `ADMIN_TOKEN`."""

from __future__ import annotations

from typing import Any

from litestar import Request, get
from litestar.di import NamedDependency
from litestar.exceptions import HTTPException, NotAuthorizedException
from litestar.params import FromQuery

from knotty import Settings, WaitlistAdmin, WaitlistEntryPublic
from web.admin_auth import BearerCheck, check_bearer
from web.ratelimit import RateLimits

__all__ = ["list_waitlist"]

NO_STORE = {"cache-control": "no-store", "x-content-type-options": "nosniff"}
"""The list is everyone's name, phone and email: no browser or proxy cache keeps it, nothing sniffs it."""
MAX_LIMIT = 10_000
MAX_OFFSET = 10_000_000


def _bounded(value: int, low: int, high: int) -> int:
    return max(low, min(value, high))


@get("/admin/api/waitlist", response_headers=NO_STORE)
async def list_waitlist(
    request: Request[Any, Any, Any],
    settings: NamedDependency[Settings],
    admin: NamedDependency[WaitlistAdmin],
    limits: NamedDependency[RateLimits],
    q: FromQuery[str | None] = None,
    role: FromQuery[str | None] = None,
    channel: FromQuery[str | None] = None,
    limit: FromQuery[int] = 1000,
    offset: FromQuery[int] = 0,
) -> list[WaitlistEntryPublic]:
    """Entries newest first, filtered by search text, role or channel (`limit`/`offset` are clamped)."""
    outcome = await check_bearer(request, settings, limits)
    if outcome == BearerCheck.TOO_MANY:
        raise HTTPException(status_code=429, detail="too many wrong tokens; try again in a few minutes")
    if outcome != BearerCheck.OK:
        raise NotAuthorizedException("a valid admin bearer token is required")
    q, role, channel = (v.replace("\x00", "")[:100] if v else v for v in (q, role, channel))
    entries = await admin.list_entries(
        search=q,
        role=role,
        channel=channel,
        limit=_bounded(limit, 1, MAX_LIMIT),
        offset=_bounded(offset, 0, MAX_OFFSET),
    )
    return [WaitlistEntryPublic.model_validate(e, from_attributes=True) for e in entries]
