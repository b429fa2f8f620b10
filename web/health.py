"""Health probes: `/livez` (the process answers) apart from `/readyz` (and so does its database).

A platform restarts an instance whose liveness probe fails, so `/livez` asks nothing of the database:
a database outage must not restart every instance in a loop. `/readyz` is what a load balancer asks
before sending traffic. `/healthz` stays as an alias of `/readyz` for monitors already pointed at it.
"""

from __future__ import annotations

from litestar import Response, get
from litestar.di import NamedDependency

from knotty import WaitlistAdmin

__all__ = ["healthz", "livez", "readyz"]

_NO_STORE = {"cache-control": "no-store"}


@get("/livez", include_in_schema=False, sync_to_thread=False)
def livez() -> Response[dict[str, str]]:
    """200 as long as the process serves requests."""
    return Response({"status": "ok"}, status_code=200, headers=_NO_STORE)


async def _ready(admin: WaitlistAdmin) -> Response[dict[str, str]]:
    if await admin.ping():
        return Response({"status": "ok"}, status_code=200, headers=_NO_STORE)
    return Response({"status": "database unavailable"}, status_code=503, headers=_NO_STORE)


@get("/readyz", include_in_schema=False)
async def readyz(admin: NamedDependency[WaitlistAdmin]) -> Response[dict[str, str]]:
    """200 once the database answers, 503 while it does not."""
    return await _ready(admin)


@get("/healthz", include_in_schema=False)
async def healthz(admin: NamedDependency[WaitlistAdmin]) -> Response[dict[str, str]]:
    """The former single probe, kept as `/readyz` for monitors that use it."""
    return await _ready(admin)
