"""`GET /metrics`: Prometheus text format, behind `Authorization: Bearer $KNOTTY_METRICS_TOKEN`.

The counts say how many people sign up and through which channel, so they are not public: without
`KNOTTY_METRICS_TOKEN` the route answers 404, and a wrong token 401 (the token is at least 24
characters, out of reach of guessing). HTTP request metrics come from `web.http_metrics`
(`knotty_http_*`, paths grouped by route), the conversation metrics from `knotty.metrics`.
"""

from __future__ import annotations

import hmac
import os
from typing import Any

from litestar import Request, Response, get
from litestar.di import NamedDependency
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, generate_latest, multiprocess

from knotty import Settings, Unavailable, WaitlistAdmin, WaitlistCollector

__all__ = ["metrics"]

_MEDIA_TYPE = CONTENT_TYPE_LATEST.split("; charset")[0]
"""Prometheus' text format; Litestar adds the charset itself."""


def _registry() -> Any:
    if "PROMETHEUS_MULTIPROC_DIR" in os.environ:
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return registry
    return REGISTRY


@get("/metrics", include_in_schema=False)
async def metrics(
    request: Request[Any, Any, Any],
    settings: NamedDependency[Settings],
    admin: NamedDependency[WaitlistAdmin],
) -> Response[bytes]:
    """Every metric of this server, in Prometheus' text format."""
    token = settings.metrics_token
    headers = {"cache-control": "no-store"}
    if not token:
        return Response(
            b"metrics are off: set KNOTTY_METRICS_TOKEN\n",
            status_code=404,
            media_type="text/plain",
            headers=headers,
        )
    given = request.headers.get("authorization", "").encode()
    if not hmac.compare_digest(given, f"Bearer {token}".encode()):
        return Response(
            b"a bearer token is required\n",
            status_code=401,
            media_type="text/plain",
            headers={**headers, "www-authenticate": 'Bearer realm="metrics"'},
        )
    try:
        counts = await admin.waitlist_counts()
    except Unavailable:  # the database is down: the other metrics still say why
        counts = None
    waitlist = CollectorRegistry()
    waitlist.register(WaitlistCollector(counts))
    body = generate_latest(_registry()) + generate_latest(waitlist)
    return Response(body, status_code=200, media_type=_MEDIA_TYPE, headers=headers)
