"""One answer for a request the database (or Twilio, or the model) could not serve: 503 with Retry-After.

A route that has something better to say catches `knotty.Unavailable` itself (the chat keeps the draft, a
Twilio webhook answers TwiML an apology or a 503 Twilio retries). Anything else that reaches the app's
exception handler as `Unavailable` gets this: the admin page a short HTML page, the bearer API
(`Authorization` sent, or `/admin/api/…`) JSON, anything else plain text, each with `Retry-After` and
`no-store`, never a 500 or a traceback. One warning line per request, `request_unavailable`, gives the
route and the error's own line (no traceback: an outage is not a bug).
"""

from __future__ import annotations

import logging
from typing import Any

from litestar import Request, Response

from knotty import log_event
from web.headers import page_headers
from web.templating import html_response

__all__ = ["RETRY_AFTER_S", "UNAVAILABLE_HEADERS", "answer_unavailable"]

RETRY_AFTER_S = 30
"""What `Retry-After` tells a client (a script, a browser) to wait before asking again."""
UNAVAILABLE_HEADERS = {"retry-after": str(RETRY_AFTER_S), "cache-control": "no-store"}
_SAID = "The database is unavailable right now, so nothing was read or changed. Please try again in a minute."


def _wants_json(request: Request[Any, Any, Any]) -> bool:
    return "authorization" in request.headers or request.url.path.startswith("/admin/api/")


def answer_unavailable(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    """The app's handler for `knotty.Unavailable`: a 503 the caller can act on, logged once."""
    log_event(
        "request_unavailable",
        logging.WARNING,
        method=request.method,
        path=request.url.path,
        error=f"{type(exc).__name__}: {exc}",
    )
    if _wants_json(request):
        return Response({"detail": _SAID}, status_code=503, headers=UNAVAILABLE_HEADERS)
    if request.url.path.startswith("/admin"):
        return html_response(
            "admin/unavailable.html", status_code=503, headers={**page_headers(), **UNAVAILABLE_HEADERS}
        )
    return Response(
        _SAID + "\n", media_type="text/plain; charset=utf-8", status_code=503, headers=UNAVAILABLE_HEADERS
    )
