"""Everything a browser sees, mounted as one group: chat, widget, admin page and static files.

Built once per app from its settings: the signing key, the cookie/CSRF helpers and the rate limits
are created here and handed to the routes as dependencies. The limits count in shared counters
(`LimitCounters`, handed in by `app/`: the database's, or Redis' with `KNOTTY_REDIS_URL`), so every
process and machine shares them.
"""

from __future__ import annotations

from typing import Any

from litestar import Router
from litestar.datastructures import CacheControlHeader
from litestar.di import Provide
from litestar.static_files import create_static_files_router

from knotty import LimitCounters, Settings
from web import admin_api, admin_erase, admin_page, chat
from web.csrf import CsrfTokens
from web.headers import embed_ancestors
from web.ratelimit import RateLimits, texts_per_address
from web.secret_key import load_secret_key
from web.sessions import Sessions
from web.templating import STATIC_DIR
from web.widget import widget_js

__all__ = ["route_handlers"]


def route_handlers(settings: Settings, counters: LimitCounters | None = None) -> list[Any]:
    """The browser-facing routes of an app with these settings."""
    secret = load_secret_key(settings)
    https = settings.public_url_is_https if settings.public_url_given else None
    sessions, csrf = Sessions(secret, https=https), CsrfTokens(secret)
    limits = RateLimits(
        confirmation_texts=texts_per_address(settings.sms_hourly_cap_per_address), counters=counters
    )
    embed_ancestors(settings.allowed_origin_list)  # logs ignored origins once, at start-up
    dependencies = {
        "sessions": Provide(lambda: sessions, sync_to_thread=False),
        "csrf": Provide(lambda: csrf, sync_to_thread=False),
        "limits": Provide(lambda: limits, sync_to_thread=False),
    }
    pages = Router(
        path="/",
        route_handlers=[
            *chat.route_handlers(),
            *admin_page.route_handlers(),
            *admin_erase.route_handlers(),
            admin_api.list_waitlist,
        ],
        dependencies=dependencies,
        include_in_schema=False,
    )
    static = create_static_files_router(
        path="/static",
        directories=[STATIC_DIR],
        cache_control=CacheControlHeader(max_age=86_400),
        include_in_schema=False,
    )
    return [pages, static, widget_js]
