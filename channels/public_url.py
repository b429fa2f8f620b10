"""The app's addresses as Twilio reaches them: every webhook, callback and stream URL is built here.

`PUBLIC_BASE_URL` is the bare `https://host` Twilio calls (`Settings` refuses anything else and drops a
trailing slash), and Twilio signs each request over the URL it called. So the URL put into TwiML or
registered on the number, and the URL a signature is checked against, must come out of the same
builder: `public_url` for http(s), `websocket_url` for the `wss://` form a `<Stream>` or a
`<ConversationRelay>` connects to.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urlencode

if TYPE_CHECKING:
    from knotty import Settings

__all__ = ["public_url", "websocket_url"]

_WEBSOCKET_SCHEMES = (("https://", "wss://"), ("http://", "ws://"))


def public_url(settings: Settings, path: str, **query: int | str) -> str:
    """`PUBLIC_BASE_URL` followed by `path` (which may carry its own query already) and `query`."""
    url = settings.public_base_url.rstrip("/") + "/" + path.lstrip("/")
    return f"{url}?{urlencode(query)}" if query else url


def websocket_url(url: str) -> str:
    """The WebSocket form of a public URL: https→wss, http→ws."""
    for http, ws in _WEBSOCKET_SCHEMES:
        if url.startswith(http):
            return ws + url.removeprefix(http)
    return url
