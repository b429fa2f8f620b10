"""Trusted proxy addresses as a setting: `KNOTTY_TRUSTED_PROXIES` parsed and checked once, at start-up.

Lives in the core so that settings validation (every command) and the web app read one definition.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable

__all__ = ["PRIVATE_NETWORKS", "Network", "parse_networks"]

Network = ipaddress.IPv4Network | ipaddress.IPv6Network

PRIVATE_NETWORKS = (
    "127.0.0.0/8",
    "::1/128",
    "10.0.0.0/8",
    "172.16.0.0/12",
    "192.168.0.0/16",
    "100.64.0.0/10",
    "169.254.0.0/16",
    "fc00::/7",
    "fe80::/10",
)
"""What `private` stands for: loopback, RFC 1918, carrier-grade NAT, link-local and IPv6 ULA ranges,
from which platforms' proxies reach an app (Fly.io's 6PN is in `fc00::/7`)."""


def parse_networks(spec: str) -> tuple[Network, ...]:
    """`KNOTTY_TRUSTED_PROXIES` as networks; `private` expands to `PRIVATE_NETWORKS`.

    Raises:
        ValueError: an entry is neither an address, a network nor `private` (`*` is refused: trusting
            every peer hands the client address to the client).
    """
    networks: list[Network] = []
    for raw in (part.strip() for part in spec.split(",")):
        if not raw:
            continue
        if raw == "*":
            raise ValueError(
                "`*` would trust every peer's X-Forwarded-For: list your proxy's addresses or `private`"
            )
        items: Iterable[str] = PRIVATE_NETWORKS if raw.lower() == "private" else (raw,)
        for item in items:
            try:
                networks.append(ipaddress.ip_network(item, strict=False))
            except ValueError as exc:
                raise ValueError(f"{item!r} is not an IP address or network") from exc
    return tuple(networks)
