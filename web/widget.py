"""`GET /widget.js`: the one tag other sites add to embed the chat.

`<script src="https://HOST/widget.js" defer></script>` adds a floating button that opens the chat in
an iframe of `/chat/embed` (so the host page's CSS can't reach it). The script finds HOST from its
own URL, so the same file works on any deployment. Which sites may frame the chat is enforced by
`/chat/embed`'s `frame-ancestors`, not here.
"""

from __future__ import annotations

from functools import cache

from litestar import Response, get

from web.templating import STATIC_DIR

__all__ = ["widget_js"]


@cache
def _source() -> bytes:
    return (STATIC_DIR / "widget.js").read_bytes()


@get("/widget.js", name="widget:js", include_in_schema=False)
async def widget_js() -> Response[bytes]:
    """The embed script, cacheable for a few minutes and loadable from any site."""
    return Response(
        _source(),
        media_type="text/javascript",
        headers={
            "cache-control": "public, max-age=300",
            "x-content-type-options": "nosniff",
            "cross-origin-resource-policy": "cross-origin",
        },
    )
