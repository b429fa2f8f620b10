"""Who the client is behind a proxy: the one place that reads `X-Forwarded-*` and platform headers.

A client can write any `X-Forwarded-For` it likes; only the hops a trusted proxy appended are true.
So forwarding headers count only when the direct peer is one of `KNOTTY_TRUSTED_PROXIES`, and then
the client is:

- the platform's own client header (`KNOTTY_CLIENT_IP_HEADER`, e.g. `Fly-Client-IP`), when set and
  a valid address;
- else the right-most address of `X-Forwarded-For` that is not itself a trusted proxy (the address
  the outermost trusted proxy saw connecting), never the left-most, which the client wrote.

`X-Forwarded-Proto` from a trusted peer sets the scheme (https cookies behind a TLS-terminating
proxy). The middleware rewrites the ASGI scope's `client` and `scheme`, so every route, rate limit
and log reads one answer. `knotty serve` turns uvicorn's own proxy-header handling off: with
`FORWARDED_ALLOW_IPS=*` it took the left-most hop.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from typing import Any

from litestar.enums import ScopeType
from litestar.types import ASGIApp, Receive, Scope, Send

from knotty import Network

__all__ = ["ProxyTrust", "proxy_headers_middleware"]

Address = ipaddress.IPv4Address | ipaddress.IPv6Address

_MAX_HOPS = 30
_MAX_REMEMBERED = 4096
"""Decisions kept per peer and per forwarded chain: a proxy's few addresses and Twilio's few egress
ranges answer from memory instead of parsing the same addresses on every request."""


def _address(text: str) -> Address | None:
    text = text.strip().strip('"')
    if text.startswith("[") and "]" in text:
        text = text[1 : text.index("]")]
    elif text.count(":") == 1:
        text = text.split(":", 1)[0]  # IPv4 with a port
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


class ProxyTrust:
    """Decides the client address and scheme of a request from its peer and headers."""

    def __init__(self, networks: tuple[Network, ...], client_header: str | None = None) -> None:
        self.networks = networks
        self.client_header = client_header.strip().lower().encode("latin-1") if client_header else None
        self._peers: dict[str, bool] = {}
        self._chains: dict[tuple[str, ...], str | None] = {}

    def trusts(self, address: Address | None) -> bool:
        """Whether `address` is one of the trusted proxies."""
        if address is None:
            return False
        if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
            address = address.ipv4_mapped
        return any(address.version == net.version and address in net for net in self.networks)

    def client(
        self, peer: str | None, headers: Iterable[tuple[bytes, bytes]]
    ) -> tuple[str | None, str | None]:
        """(client address, forwarded scheme) for a request from `peer`; None where unchanged."""
        if not self.networks or not self._trusted_peer(peer or ""):
            return None, None
        platform: str | None = None
        hops: list[str] = []
        proto: str | None = None
        for name, value in headers:
            if self.client_header is not None and name == self.client_header:
                platform = value.decode("latin-1")
            elif name == b"x-forwarded-for":
                hops.extend(value.decode("latin-1").split(","))
            elif name == b"x-forwarded-proto":
                proto = value.decode("latin-1").split(",")[-1].strip().lower()
        client = None
        if platform is not None and (found := _address(platform)) is not None:
            client = str(found)
        elif hops:
            client = self._rightmost_untrusted(tuple(hops[-_MAX_HOPS:]))
        return client, proto if proto in ("http", "https") else None

    def _trusted_peer(self, peer: str) -> bool:
        trusted = self._peers.get(peer)
        if trusted is None:
            if len(self._peers) >= _MAX_REMEMBERED:
                self._peers.clear()
            trusted = self._peers[peer] = self.trusts(_address(peer))
        return trusted

    def _rightmost_untrusted(self, hops: tuple[str, ...]) -> str | None:
        if hops in self._chains:
            return self._chains[hops]
        if len(self._chains) >= _MAX_REMEMBERED:
            self._chains.clear()
        client = self._chains[hops] = self._find_rightmost_untrusted(hops)
        return client

    def _find_rightmost_untrusted(self, hops: tuple[str, ...]) -> str | None:
        for hop in reversed(hops):
            found = _address(hop)
            if found is None:
                return None  # garbage where an address should be: keep the peer
            if not self.trusts(found):
                return str(found)
        return None  # only proxies: the peer is as good as any


def proxy_headers_middleware(trust: ProxyTrust) -> Any:
    """A Litestar middleware factory that rewrites `client` and `scheme` as `trust` decides."""

    def factory(app: ASGIApp) -> ASGIApp:
        async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
            if scope["type"] in ("http", "websocket"):
                peer = scope.get("client")
                client, proto = trust.client(peer[0] if peer else None, scope.get("headers", ()))
                if client is not None:
                    scope["client"] = (client, 0)
                if proto is not None:
                    scope["scheme"] = (
                        proto if scope["type"] == ScopeType.HTTP else proto.replace("http", "ws")
                    )
            await app(scope, receive, send)

        return middleware

    return factory
