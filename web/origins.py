"""Which sites may post the chat and admin forms: this one, and the chat's listed embedding origins.

The CSRF token stops a foreign page from posting as the visitor, but not from posting as the
attacker: a cross-site form carrying the attacker's own session and CSRF token would plant that
session in the visitor's browser, and the attacker could later read what the visitor typed. So
form posts are refused when the browser says they come from elsewhere: an `Origin` that is not
this site (its own URL or `PUBLIC_BASE_URL`) nor an explicitly listed `KNOTTY_ALLOWED_ORIGINS`
entry, or, without `Origin`, `Sec-Fetch-Site: cross-site`/`same-site`. The chat iframe posts from
this site's own origin, so `KNOTTY_ALLOWED_ORIGINS=*` (any site may frame it) allows no foreign posts.
Requests without either header (curl, very old browsers) are not browser-driven cross-site posts.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from litestar import Request

from knotty import Settings

__all__ = ["origin_of", "post_from_allowed_origin"]

_FOREIGN_FETCH_SITES = frozenset({"cross-site", "same-site"})


def origin_of(url: str) -> str:
    """`scheme://host[:port]` of a URL, lower-cased, default ports dropped."""
    parts = urlsplit(url.strip())
    scheme, host = parts.scheme.lower(), (parts.hostname or "").lower()
    if not scheme or not host:
        return ""
    if ":" in host:
        host = f"[{host}]"
    try:
        port = parts.port
    except ValueError:
        return ""
    if port is None or (scheme, port) in (("http", 80), ("https", 443)):
        return f"{scheme}://{host}"
    return f"{scheme}://{host}:{port}"


def _listed(origin: str, allowed: list[str]) -> bool:
    for entry in allowed:
        if entry == "*":
            continue
        if "*." in entry:
            scheme, _, rest = entry.partition("://*.")
            if re.fullmatch(rf"{re.escape(scheme)}://([a-z0-9-]+\.)+{re.escape(rest.lower())}", origin):
                return True
        elif origin == origin_of(entry):
            return True
    return False


def post_from_allowed_origin(
    request: Request[Any, Any, Any], settings: Settings, *, embedders: bool = True
) -> bool:
    """Whether a form post may be answered: it comes from this site (or, with `embedders`, a listed one)."""
    origin = request.headers.get("origin")
    if origin is None:
        return request.headers.get("sec-fetch-site", "").lower() not in _FOREIGN_FETCH_SITES
    origin = origin_of(origin)  # "null" (sandboxed frames, privacy redirects) becomes "": refused
    if not origin:
        return False
    own = {origin_of(str(request.base_url)), origin_of(settings.public_base_url)}
    if origin in own:
        return True
    return embedders and _listed(origin, settings.allowed_origin_list)
