"""The floor a webhook turn is measured against: a bare Litestar app doing only what any Twilio app must.

It parses the same signed form, checks `X-Twilio-Signature` against the public URL with the twilio
library's validator (built once), and answers a fixed TwiML document. No database, no agent. Served
by the same uvicorn as `knotty serve`, so the difference from Knotty's CPU per webhook is Knotty's own
work:

    python -m uvicorn bench.bare_app:create_app --factory --port 8001   # AUTH_TOKEN/PUBLIC_BASE_URL from env
"""

from __future__ import annotations

import os
from typing import Any

from litestar import Litestar, Request, Response, get, post
from litestar.exceptions import PermissionDeniedException
from twilio.request_validator import RequestValidator

__all__ = ["ANSWER", "create_app"]

ANSWER = (
    '<?xml version="1.0" encoding="UTF-8"?><Response><Message>Thanks! What is your name?</Message></Response>'
)


def create_app() -> Litestar:
    """The bare app, configured from `TWILIO_AUTH_TOKEN` and `PUBLIC_BASE_URL`."""
    validator = RequestValidator(os.environ["TWILIO_AUTH_TOKEN"])
    public = os.environ["PUBLIC_BASE_URL"].rstrip("/")

    @post("/{path:path}", status_code=200)
    async def webhook(request: Request[Any, Any, Any]) -> Response[str]:
        form = await request.form()
        query = request.scope.get("query_string", b"").decode("latin-1")
        url = public + request.url.path + (f"?{query}" if query else "")
        params = {k: form.getall(k)[0] for k in form}
        if not validator.validate(url, params, request.headers.get("x-twilio-signature", "")):
            raise PermissionDeniedException("invalid Twilio signature")
        return Response(ANSWER, media_type="application/xml")

    @get("/healthz")
    async def healthz() -> str:
        return "ok"

    return Litestar(route_handlers=[healthz, webhook], openapi_config=None, debug=False)
