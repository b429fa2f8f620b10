"""`GET /admin/api/waitlist`: the waitlist as JSON for whoever holds `ADMIN_TOKEN`."""

from __future__ import annotations

import hmac

from litestar import Request, get
from litestar.di import NamedDependency
from litestar.params import FromQuery
from litestar.exceptions import NotAuthorizedException

from knotty.config import Settings
from knotty.store import Store, WaitlistEntryPublic

__all__ = ["list_waitlist", "require_bearer"]


def require_bearer(request: Request, settings: Settings) -> None:
    """Raise 401 unless the request carries `Authorization: Bearer $ADMIN_TOKEN` (constant-time)."""
    expected = settings.admin_token
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if not expected or scheme.lower() != "bearer" or not hmac.compare_digest(token.strip().encode(), expected.encode()):
        raise NotAuthorizedException("a valid admin bearer token is required")


@get("/admin/api/waitlist")
async def list_waitlist(
    request: Request,
    settings: NamedDependency[Settings],
    store: NamedDependency[Store],
    q: FromQuery[str | None] = None,
    role: FromQuery[str | None] = None,
    channel: FromQuery[str | None] = None,
    limit: FromQuery[int] = 1000,
    offset: FromQuery[int] = 0,
) -> list[WaitlistEntryPublic]:
    """Entries newest first, filtered by search text, role or channel."""
    require_bearer(request, settings)
    limit = max(1, min(limit, 10_000))
    q, role, channel = (v.replace("\x00", "") if v else v for v in (q, role, channel))
    entries = await store.list_entries(search=q, role=role, channel=channel, limit=limit, offset=max(0, offset))
    return [WaitlistEntryPublic.model_validate(e, from_attributes=True) for e in entries]
