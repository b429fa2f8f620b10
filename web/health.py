"""`GET /healthz`: 200 once the database answers, 503 before."""

from __future__ import annotations

from litestar import Response, get
from litestar.di import NamedDependency

from knotty.store import Store

__all__ = ["healthz"]


@get("/healthz", include_in_schema=False)
async def healthz(store: NamedDependency[Store]) -> Response[dict[str, str]]:
    """Liveness and readiness in one: the process is up and its database answers."""
    if await store.ping():
        return Response({"status": "ok"}, status_code=200)
    return Response({"status": "database unavailable"}, status_code=503)
