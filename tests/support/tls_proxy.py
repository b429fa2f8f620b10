"""A browser on the https side of a TLS-terminating proxy: what a deployed Knotty's admin and visitors are.

The client believes it talks to `https://…` (so its cookie jar keeps and returns `Secure` cookies, as a
browser on https does); its transport forwards each request to the app over plain http, as the proxy
does, without `X-Forwarded-Proto` (a proxy Knotty does not trust, or one that does not say).

    async with behind_tls_proxy("http://127.0.0.1:8123") as browser:
        await browser.get("/admin")   # reaches the app as http://127.0.0.1:8123/admin
"""

from __future__ import annotations

from typing import Any

import httpx

__all__ = ["behind_tls_proxy"]


class _TlsTerminated(httpx.AsyncBaseTransport):
    """Sends an https request on as plain http to the same host and port."""

    def __init__(self) -> None:
        self._inner = httpx.AsyncHTTPTransport()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        request.url = request.url.copy_with(scheme="http")
        return await self._inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self._inner.aclose()


def behind_tls_proxy(base_url: str, **kwargs: Any) -> httpx.AsyncClient:
    """A client for the app at the loopback `base_url` (http) that is, as far as cookies go, on https."""
    return httpx.AsyncClient(
        base_url=httpx.URL(base_url).copy_with(scheme="https"), transport=_TlsTerminated(), **kwargs
    )
