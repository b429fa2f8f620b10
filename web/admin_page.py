"""`GET /admin`: the waitlist for MasseurMatch's team, behind a login with `ADMIN_TOKEN`.

Signing in posts the token once (compared in constant time, attempts rate-limited per address) and
leaves a signed session cookie, which signing out revokes on the server (`web.admin_auth`). The
forms' CSRF tokens hang on an `/admin`-only cookie, so these pages never open chat sessions, and
their posts are accepted only from this site's own origin. The page shows the waitlist as a table with search and filters by
role and channel, a CSV download (the same CSV as `knotty export`), signups per day by channel, and
every conversation's transcript. Without `ADMIN_TOKEN` the admin page answers 404 and says why.
"""

from __future__ import annotations

import hmac
import io
import re
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

from litestar import Request, Response, get, post
from litestar.di import NamedDependency
from litestar.exceptions import ClientException
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Stream

from knotty import CsvWriter, Settings, WaitlistAdmin, WaitlistEntry
from web.admin_auth import BearerCheck, admin_signed_in, check_bearer, sign_out
from web.admin_table import conversation_rows, pretty_phone, sort_key, table_page
from web.charts import css_class, signups_by_day
from web.csrf import CsrfTokens
from web.headers import page_headers
from web.origins import post_from_allowed_origin
from web.ratelimit import RateLimits, client_address
from web.sessions import Sessions
from web.templating import html_response

__all__ = ["route_handlers"]

TABLE_LIMIT = 500
CHART_DAYS = 30
CSV_PAGE = 2000
"""Entries read per query by the CSV download (as `knotty export` does)."""
ROLES = ("therapist", "client")
CHANNELS = ("web", "sms", "voice", "cli")
MAX_BODY_BYTES = 16 * 1024
MAX_CONVERSATION_ID = 64
"""Conversation ids are 32 hex digits; anything longer, or with a control character, is no conversation."""
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def _disabled() -> Response[str]:
    return html_response("admin/disabled.html", status_code=404, headers=page_headers())


def _login(
    request: Request[Any, Any, Any],
    sessions: Sessions,
    csrf: CsrfTokens,
    *,
    error: str = "",
    status_code: int = 200,
) -> Response[str]:
    anchor, cookie = sessions.admin_anchor(request)
    cookies = [cookie] if cookie else []
    return html_response(
        "admin/login.html",
        csrf=csrf.issue(anchor),
        error=error,
        status_code=status_code,
        headers=page_headers(),
        cookies=cookies,
    )


def _see_admin() -> Redirect:
    return Redirect("/admin", status_code=303, headers={"cache-control": "no-store"})


def _clean(value: str | None, allowed: tuple[str, ...] | None = None, max_len: int = 100) -> str:
    value = _CONTROL.sub("", value or "").strip()[:max_len]  # PostgreSQL refuses NUL; SQLite takes it
    if allowed is not None and value not in allowed:
        return ""
    return value


def _filters(q: str | None, role: str | None, channel: str | None) -> dict[str, str]:
    """The table's filters as given, cleaned ("" where unset or not allowed)."""
    return {"q": _clean(q), "role": _clean(role, ROLES), "channel": _clean(channel, max_len=16)}


def _search(filters: dict[str, str]) -> dict[str, str | None]:
    """The filters as `WaitlistAdmin.list_entries` arguments (None for unset)."""
    return {
        "search": filters["q"] or None,
        "role": filters["role"] or None,
        "channel": filters["channel"] or None,
    }


@get("/admin", name="admin:page")
async def admin_page(
    request: Request[Any, Any, Any],
    settings: NamedDependency[Settings],
    admin: NamedDependency[WaitlistAdmin],
    sessions: NamedDependency[Sessions],
    csrf: NamedDependency[CsrfTokens],
    q: FromQuery[str | None] = None,
    role: FromQuery[str | None] = None,
    channel: FromQuery[str | None] = None,
    sort: FromQuery[str | None] = None,
    dir: FromQuery[str | None] = None,
    page: FromQuery[str | None] = None,
) -> Response[str]:
    """The login form, or the waitlist once signed in."""
    if not settings.admin_token:
        return _disabled()
    if not await admin_signed_in(request, settings, sessions, admin):
        return _login(request, sessions, csrf)
    filters = _filters(q, role, channel)
    column, descending = sort_key(sort, dir)
    table = await table_page(admin, _search(filters), column, descending, page)
    entries = table.entries
    counts = await admin.waitlist_counts()  # the totals: one grouped query, however long the list
    today = datetime.now(UTC).date()
    per_day = await admin.signups_per_day(today - timedelta(days=CHART_DAYS - 1))
    conversations = await admin.list_conversations(limit=TABLE_LIMIT)
    by_entry: dict[int, str] = {}
    for conv in reversed(conversations):
        if conv.entry_id is not None:
            by_entry[conv.entry_id] = conv.id
    chart = signups_by_day(per_day, today=today, days=CHART_DAYS)
    anchor, cookie = sessions.admin_anchor(request)
    cookies = [cookie] if cookie else []
    channels = sorted({*CHANNELS, *(ch for _role, ch, _n in counts)})
    names = await admin.entry_names([c.entry_id for c in conversations if c.entry_id is not None])
    return html_response(
        "admin/dashboard.html",
        entries=entries,
        table=table,
        pretty_phone=pretty_phone,
        recent=conversation_rows(conversations, names),
        total=sum(n for _role, _ch, n in counts),
        therapists=sum(n for role, _ch, n in counts if role == "therapist"),
        clients=sum(n for role, _ch, n in counts if role == "client"),
        filters=filters,
        roles=ROLES,
        channels=channels,
        chart=chart,
        css_class=css_class,
        conversations=conversations,
        conversation_of=by_entry,
        text_of=await admin.texts_of([e.id for e in entries if e.id is not None]),
        csrf=csrf.issue(anchor),
        headers=page_headers(),
        cookies=cookies,
    )


async def _login_form(request: Request[Any, Any, Any]) -> dict[str, str]:
    try:
        data = await request.form()
    except (ClientException, ValueError):  # a malformed body is an empty form
        return {}
    return {k: v for k in ("token", "csrf") if isinstance(v := data.get(k), str)}


@post("/admin/login", name="admin:login", request_max_body_size=MAX_BODY_BYTES)
async def admin_login(
    request: Request[Any, Any, Any],
    settings: NamedDependency[Settings],
    sessions: NamedDependency[Sessions],
    csrf: NamedDependency[CsrfTokens],
    limits: NamedDependency[RateLimits],
) -> Response[Any]:
    """Check the posted token; on success set the admin session cookie."""
    expected = settings.admin_token
    if not expected:
        return _disabled()
    if not post_from_allowed_origin(request, settings, embedders=False):
        return _login(
            request, sessions, csrf, error="Please sign in from this site's own page.", status_code=403
        )
    form = await _login_form(request)
    anchor, fresh = sessions.admin_anchor(request)
    if fresh is not None or not csrf.valid(anchor, form.get("csrf", "")):
        return _login(
            request, sessions, csrf, error="The login form expired. Please try again.", status_code=403
        )
    wait = await limits.take((limits.admin_logins, client_address(request)))
    if wait:
        return _login(
            request, sessions, csrf, error="Too many attempts. Please wait a few minutes.", status_code=429
        )
    if not hmac.compare_digest(form.get("token", "").strip().encode(), expected.encode()):
        return _login(request, sessions, csrf, error="That token is not right.", status_code=401)
    return Redirect(
        "/admin",
        status_code=303,
        cookies=[sessions.admin_cookie(request, expected), sessions.new_admin_anchor(request)[1]],
        headers={"cache-control": "no-store"},
    )


@post("/admin/logout", name="admin:logout", request_max_body_size=MAX_BODY_BYTES)
async def admin_logout(
    request: Request[Any, Any, Any],
    settings: NamedDependency[Settings],
    admin: NamedDependency[WaitlistAdmin],
    sessions: NamedDependency[Sessions],
    csrf: NamedDependency[CsrfTokens],
) -> Response[Any]:
    """End the admin session: revoked on the server, and its cookie erased."""
    if not post_from_allowed_origin(request, settings, embedders=False):
        return _see_admin()
    form = await _login_form(request)
    anchor, fresh = sessions.admin_anchor(request)
    if fresh is not None or not csrf.valid(anchor, form.get("csrf", "")):
        return _see_admin()
    await sign_out(
        request, settings, sessions, admin
    )  # `Unavailable`: 503, still signed in (`web.unavailable`)
    return Redirect(
        "/admin",
        status_code=303,
        cookies=[sessions.admin_logout_cookie(request), sessions.new_admin_anchor(request)[1]],
        headers={"cache-control": "no-store"},
    )


async def _csv_chunks(
    first: list[WaitlistEntry], rest: AsyncIterator[list[WaitlistEntry]]
) -> AsyncIterator[str]:
    """The CSV of the pages, one page of rows per chunk: the waitlist is read `CSV_PAGE` entries at a
    time, so a long one takes no more memory than a short one. (A database failing mid-way cuts the
    response off unfinished, which a browser reports as a failed download, never as a whole file.)
    """
    buffer = io.StringIO(newline="")
    writer = CsvWriter(buffer)
    writer.rows(first)
    yield buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    async for page in rest:
        writer.rows(page)
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()


@get("/admin/waitlist.csv", name="admin:csv")
async def admin_csv(
    request: Request[Any, Any, Any],
    settings: NamedDependency[Settings],
    admin: NamedDependency[WaitlistAdmin],
    sessions: NamedDependency[Sessions],
    limits: NamedDependency[RateLimits],
    q: FromQuery[str | None] = None,
    role: FromQuery[str | None] = None,
    channel: FromQuery[str | None] = None,
) -> Response[Any]:
    """The (filtered) waitlist as CSV, for a signed-in admin or the bearer token."""
    if not settings.admin_token:
        return _disabled()
    if not await admin_signed_in(request, settings, sessions, admin):
        outcome = await check_bearer(request, settings, limits)
        if outcome == BearerCheck.TOO_MANY:
            return Response(
                "Too many wrong tokens. Please wait a few minutes.\n",
                media_type="text/plain",
                status_code=429,
                headers={"retry-after": "300", "cache-control": "no-store"},
            )
        if outcome != BearerCheck.OK:
            return Response(
                "Sign in at /admin, or send Authorization: Bearer $ADMIN_TOKEN.\n",
                media_type="text/plain",
                status_code=401,
                headers={"www-authenticate": "Bearer", "cache-control": "no-store"},
            )
    found = _search(_filters(q, role, channel))
    stamp = datetime.now(UTC).strftime("%Y%m%d")
    pages = admin.entries_pages(**found, page=CSV_PAGE)
    # The first page is read before the response starts: a database down is a 503 (`web.unavailable`),
    # not a cut-off file.
    first: list[WaitlistEntry] = await anext(pages, [])
    return Stream(
        _csv_chunks(first, pages),
        media_type="text/csv",
        headers={
            "content-disposition": f'attachment; filename="masseurmatch-waitlist-{stamp}.csv"',
            "cache-control": "no-store",
            "x-content-type-options": "nosniff",
        },
    )


@get("/admin/conversations/{conversation_id:str}", name="admin:conversation")
async def admin_conversation(
    request: Request[Any, Any, Any],
    conversation_id: FromPath[str],
    settings: NamedDependency[Settings],
    admin: NamedDependency[WaitlistAdmin],
    sessions: NamedDependency[Sessions],
) -> Response[Any]:
    """One conversation's transcript: what the person and Knotty said, and the tools it ran."""
    if not settings.admin_token:
        return _disabled()
    if not await admin_signed_in(request, settings, sessions, admin):
        return _see_admin()
    known_shape = len(conversation_id) <= MAX_CONVERSATION_ID and not _CONTROL.search(conversation_id)
    conv = await admin.get_conversation(conversation_id) if known_shape else None
    if conv is None:
        return html_response("admin/not_found.html", status_code=404, headers=page_headers())
    lines = await admin.history(conv.id)
    entry = await admin.get_entry(conv.entry_id) if conv.entry_id is not None else None
    return html_response(
        "admin/conversation.html",
        conv=conv,
        lines=lines,
        entry=entry,
        css_class=css_class,
        headers=page_headers(),
    )


def route_handlers() -> list[Any]:
    """The admin page's routes (their dependencies are provided by `web.site`)."""
    return [admin_page, admin_login, admin_logout, admin_csv, admin_conversation]
