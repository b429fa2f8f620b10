"""Security headers of the HTML pages, and who may frame the embeddable chat.

Pages load only their own scripts and styles (htmx is vendored, no inline script), so a strict
Content-Security-Policy costs nothing. `/chat/embed` may be framed by the origins listed in
`KNOTTY_ALLOWED_ORIGINS` (`frame-ancestors`); every other page refuses to be framed at all.
Origins that don't look like origins are dropped, so a typo can't inject another CSP directive.
"""

from __future__ import annotations

import logging
import re
from functools import lru_cache

from knotty import log_event

__all__ = ["NO_FRAMING", "embed_ancestors", "page_headers"]

NO_FRAMING = "'none'"

_ORIGIN = re.compile(r"^https?://((\*\.)?[A-Za-z0-9.-]+|\[[0-9a-fA-F:]+\])(:\d{1,5})?$")


def embed_ancestors(origins: list[str]) -> str:
    """The `frame-ancestors` source list for the chat iframe: this site plus the allowed origins."""
    return _embed_ancestors(tuple(origins))


@lru_cache(maxsize=16)
def _embed_ancestors(origins: tuple[str, ...]) -> str:
    if "*" in origins:
        return "*"
    valid = []
    for origin in origins:
        if _ORIGIN.match(origin):
            valid.append(origin)
        else:
            log_event("allowed_origin_ignored", logging.WARNING, origin=origin[:80])
    return " ".join(["'self'", *valid])


def page_headers(frame_ancestors: str = NO_FRAMING) -> dict[str, str]:
    """Headers for an HTML page that holds a session's tokens: strict CSP, never cached."""
    csp = "; ".join(
        (
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' data:",
            "connect-src 'self'",
            "form-action 'self'",
            "base-uri 'none'",
            "object-src 'none'",
            f"frame-ancestors {frame_ancestors}",
        )
    )
    headers = {
        "content-security-policy": csp,
        "x-content-type-options": "nosniff",
        "referrer-policy": "same-origin",
        "cache-control": "no-store",
    }
    if frame_ancestors == NO_FRAMING:
        headers["x-frame-options"] = "DENY"
    return headers
