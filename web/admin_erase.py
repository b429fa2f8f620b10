"""Erasing one person's signup from the admin page: `knotty erase ID` behind `ADMIN_TOKEN`.

`GET /admin/entries/{id}/erase` asks first: it shows the entry and what will go, with a form. Only its
`POST` erases, and only with what that form carries: the session's CSRF token and `confirm` set to
the entry's id, from this site's own origin (`web.origins`), so a forged or cross-site post, a
link or a prefetch erases nothing. A script may post instead with `Authorization: Bearer
$ADMIN_TOKEN` (which no cross-site page can attach) and `confirm`, and gets JSON. The erasure is
the CLI's, in one transaction (`knotty.store.erasure`), with the rate-limit counters naming the
person's phone or email. One log line, `admin_erased`, says which entry id and how much went, never
whose.
"""

from __future__ import annotations

from typing import Any

from litestar import Request, Response, get, post
from litestar.di import NamedDependency
from litestar.exceptions import ClientException
from litestar.params import FromPath

from knotty import Settings, WaitlistAdmin, log_event
from web.admin_auth import BearerCheck, admin_signed_in, check_bearer
from web.admin_table import pretty_phone
from web.csrf import CsrfTokens
from web.headers import page_headers
from web.origins import post_from_allowed_origin
from web.ratelimit import RateLimits
from web.sessions import Sessions
from web.templating import html_response

__all__ = ["route_handlers"]

MAX_BODY_BYTES = 16 * 1024
_NO_STORE = {"cache-control": "no-store"}


def _page(template: str, status_code: int = 200, **context: Any) -> Response[str]:
    return html_response(f"admin/{template}", status_code=status_code, headers=page_headers(), **context)


def _text(body: str, status_code: int, **headers: str) -> Response[str]:
    return Response(
        body + "\n",
        media_type="text/plain",
        status_code=status_code,
        headers={**_NO_STORE, **headers},
    )


@get("/admin/entries/{entry_id:int}/erase", name="admin:erase-ask")
async def ask_to_erase(
    request: Request[Any, Any, Any],
    entry_id: FromPath[int],
    settings: NamedDependency[Settings],
    admin: NamedDependency[WaitlistAdmin],
    sessions: NamedDependency[Sessions],
    csrf: NamedDependency[CsrfTokens],
) -> Response[Any]:
    """The confirmation step: the entry, what erasing it removes, and the form that does it."""
    if not settings.admin_token:
        return _page("disabled.html", 404)
    if not await admin_signed_in(request, settings, sessions, admin):
        return Response("", status_code=303, headers={"location": "/admin", **_NO_STORE})
    entry = await admin.get_entry(entry_id)
    if entry is None:
        return _page("not_found.html", 404, what="Entry")
    anchor, cookie = sessions.admin_anchor(request)
    return html_response(
        "admin/erase.html",
        entry=entry,
        pretty_phone=pretty_phone,
        csrf=csrf.issue(anchor),
        headers=page_headers(),
        cookies=[cookie] if cookie else [],
    )


async def _form(request: Request[Any, Any, Any]) -> dict[str, str]:
    try:
        data = await request.form()
    except (ClientException, ValueError):  # a malformed body is an empty form
        return {}
    return {k: v for k in ("csrf", "confirm") if isinstance(v := data.get(k), str)}


@post("/admin/entries/{entry_id:int}/erase", name="admin:erase", request_max_body_size=MAX_BODY_BYTES)
async def erase(
    request: Request[Any, Any, Any],
    entry_id: FromPath[int],
    settings: NamedDependency[Settings],
    admin: NamedDependency[WaitlistAdmin],
    sessions: NamedDependency[Sessions],
    csrf: NamedDependency[CsrfTokens],
    limits: NamedDependency[RateLimits],
) -> Response[Any]:
    """Erase the entry, for the signed-in admin's confirmation form or the bearer token (module docstring)."""
    if not settings.admin_token:
        return _page("disabled.html", 404)
    form = await _form(request)
    by_bearer = "authorization" in request.headers
    if by_bearer:
        outcome = await check_bearer(request, settings, limits)
        if outcome == BearerCheck.TOO_MANY:
            return _text("Too many wrong tokens. Please wait a few minutes.", 429, **{"retry-after": "300"})
        if outcome != BearerCheck.OK:
            return _text("Send Authorization: Bearer $ADMIN_TOKEN, or sign in at /admin.", 401)
    else:
        if not post_from_allowed_origin(request, settings, embedders=False):
            return _text("Erasing is done from this site's own admin page.", 403)
        if not await admin_signed_in(request, settings, sessions, admin):
            return _text("Sign in at /admin first.", 401)
        anchor, fresh = sessions.admin_anchor(request)
        if fresh is not None or not csrf.valid(anchor, form.get("csrf", "")):
            return _text("The form expired. Open the entry's erase page again.", 403)
    if form.get("confirm", "").strip() != str(entry_id):
        return _text(f"Nothing was erased: confirm={entry_id} is needed to erase entry {entry_id}.", 400)
    erased = await admin.erase_entry(entry_id)  # `Unavailable`: 503 and nothing erased (`web.unavailable`)
    if erased is None:
        log_event("admin_erase_missing", entry_id=entry_id)
        if by_bearer:
            return Response({"error": f"there is no entry {entry_id}"}, status_code=404, headers=_NO_STORE)
        return _page("not_found.html", 404, what="Entry")
    log_event(
        "admin_erased",
        entry_id=entry_id,
        conversations=erased.conversations,
        messages=erased.messages,
        texts=erased.texts,
        counters=erased.counters,
        kept_apart=list(erased.kept_apart),
        by="bearer" if by_bearer else "session",
    )
    if by_bearer:
        return Response(
            {
                "erased": entry_id,
                "conversations": erased.conversations,
                "messages": erased.messages,
                "texts": erased.texts,
                "counters": erased.counters,
                "kept_apart": list(erased.kept_apart),
            },
            status_code=200,
            headers=_NO_STORE,
        )
    return _page("erased.html", entry_id=entry_id, erased=erased)


def route_handlers() -> list[Any]:
    """The erase routes (their dependencies are provided by `web.site`)."""
    return [ask_to_erase, erase]
