"""Who is on the other end: signed, HttpOnly session cookies for web visitors and for the admin.

A visitor session is a random id signed with the site key (itsdangerous). It keys the visitor's
conversation (`Inbound.external_id`) and anchors the CSRF token. Its cookie is HttpOnly and:

- over https (the request's scheme, or always when `PUBLIC_BASE_URL` is https, since a TLS-terminating
  proxy that is not in `KNOTTY_TRUSTED_PROXIES` forwards plain http; and, with `PUBLIC_BASE_URL` unset,
  every request but a plainly local one, see `plainly_local`): `SameSite=None; Secure; Partitioned`. The widget lives in an iframe on other sites,
  where only such cookies are sent; `Partitioned` (CHIPS) keeps one cookie jar per embedding site
  and still works where third-party cookies are otherwise blocked.
- over plain http (local development, tests): `SameSite=Lax`, because browsers refuse
  `SameSite=None` without `Secure`. An embed on the same site (another port) still gets it.

Where the cookie doesn't come back (a cross-site embed over http, a browser blocking third-party
cookies), the page carries a page token in a hidden form field: the session id signed together
with the view that rendered it and the time it was issued, accepted for `PAGE_MAX_AGE_S`. It is not
the cookie's value, so it can't outlive the page for long: a token lifted from one page and planted
in another browser (session fixation) stops working within hours, and the chat posts also refuse
other sites' origins (`web.origins`).

The admin session is a separate, timed cookie (path `/admin`, `SameSite=Strict`, `Secure` on https as above), bound to a
fingerprint of `ADMIN_TOKEN` so that changing the token signs every admin out, and carrying a random
id that signing out revokes on the server (`web.admin_auth`). The admin forms' CSRF tokens are
anchored to their own `/admin` cookie, never to a chat session, so the admin pages open no chats.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import re
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from itsdangerous import BadSignature, Signer, URLSafeTimedSerializer
from litestar import Request
from litestar.datastructures import Cookie

__all__ = [
    "ADMIN_ANCHOR_COOKIE",
    "ADMIN_COOKIE",
    "PAGE_MAX_AGE_S",
    "VISITOR_COOKIE",
    "PartitionedCookie",
    "Sessions",
    "Visitor",
    "plainly_local",
]

VISITOR_COOKIE = "knotty_session"
ADMIN_COOKIE = "knotty_admin"
ADMIN_ANCHOR_COOKIE = "knotty_admin_form"
VISITOR_MAX_AGE_S = 30 * 24 * 3600
ADMIN_MAX_AGE_S = 12 * 3600
PAGE_MAX_AGE_S = 4 * 3600
"""How long a page's hidden session token is accepted without the cookie."""

_SESSION_ID = re.compile(r"^[0-9a-f]{32}$")
_MAX_TOKEN = 200
_FORWARDING_HEADERS = (
    "forwarded",
    "x-forwarded-for",
    "x-forwarded-proto",
    "x-forwarded-host",
    "x-real-ip",
    "via",
)
"""Headers a proxy adds: a request carrying one came through something that may have spoken https."""


def plainly_local(request: Request[Any, Any, Any]) -> bool:
    """Whether `request` is a browser on this machine over plain http: http, to a loopback host
    (`localhost`, `*.localhost`, 127.0.0.0/8, ::1), with no proxy's header. Any other request may have
    come through a TLS-terminating proxy that says nothing (or is not trusted), so its cookies must be
    `Secure` when `PUBLIC_BASE_URL` does not say how people reach Knotty."""
    if request.url.scheme != "http" or any(name in request.headers for name in _FORWARDING_HEADERS):
        return False
    host = request.headers.get("host", "").strip().lower()
    host = host[1 : host.find("]")] if host.startswith("[") else host.rpartition(":")[0] or host
    host = host.rstrip(".")
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True)
class Visitor:
    """A web visitor's session."""

    id: str
    """The random session id; the conversation's external id."""
    token: str
    """The signed id, as stored in the cookie and the page's hidden field."""
    new: bool = False
    """Issued by this request: the response must set the cookie."""
    via_cookie: bool = False
    """The browser sent the cookie (rather than only the page's hidden field)."""


class PartitionedCookie(Cookie):
    """A cookie with the `Partitioned` attribute, which Python 3.11's `http.cookies` can't write."""

    def to_header(self, **kwargs: Any) -> str:
        """The `Set-Cookie` value with `Partitioned` appended."""
        return f"{super().to_header(**kwargs)}; Partitioned"


class Sessions:
    """Issues and verifies the web app's signed cookies."""

    def __init__(
        self, secret: str, *, https: bool | None = False, clock: Callable[[], float] = time.time
    ) -> None:
        self._https = https
        self._visitor = Signer(secret, salt="knotty.visitor-session")
        self._page = Signer(secret, salt="knotty.page-session")
        self._anchor = Signer(secret, salt="knotty.admin-form")
        self._admin = URLSafeTimedSerializer(secret, salt="knotty.admin-session")
        self._fingerprint_key = hashlib.sha256(b"knotty.admin-token|" + secret.encode()).digest()
        self._clock = clock

    # --- visitors ----------------------------------------------------------------------------

    def visitor(
        self, request: Request[Any, Any, Any], page_token: str = "", view: str = ""
    ) -> Visitor | None:
        """The session the cookie (preferred) or the page's token names, if validly signed (and current)."""
        cookie = request.cookies.get(VISITOR_COOKIE, "")
        session_id = self._unsign(cookie)
        if session_id:
            return Visitor(session_id, cookie, via_cookie=True)
        session_id = self._unsign_page(page_token, view)
        if session_id:
            return Visitor(session_id, self._visitor.sign(session_id).decode())
        return None

    def page_token(self, visitor: Visitor, view: str) -> str:
        """The hidden-field token of a page of `view` showing `visitor`'s chat, issued now."""
        return self._page.sign(f"{visitor.id}.{view}.{int(self._clock())}").decode()

    def page_token_expired(self, page_token: str, view: str) -> bool:
        """Whether `page_token` is one this site issued for `view`, now too old to accept."""
        return self._page_parts(page_token, view) is not None and self._unsign_page(page_token, view) is None

    def _page_parts(self, token: str, view: str) -> tuple[str, int] | None:
        if not token or len(token) > _MAX_TOKEN:
            return None
        try:
            session_id, token_view, issued = self._page.unsign(token).decode().split(".")
        except (BadSignature, UnicodeDecodeError, ValueError):
            return None
        if token_view != view or not _SESSION_ID.match(session_id) or not issued.isdigit():
            return None
        return session_id, int(issued)

    def _unsign_page(self, token: str, view: str) -> str | None:
        parts = self._page_parts(token, view)
        if parts is None:
            return None
        session_id, issued = parts
        age = self._clock() - issued
        return session_id if -60 <= age <= PAGE_MAX_AGE_S else None

    def _is_https(self, request: Request[Any, Any, Any]) -> bool:
        """Whether the browser is on https: always when `PUBLIC_BASE_URL` is (`https=True`: a
        TLS-terminating proxy that is not a trusted one forwards plain http); the request's own scheme
        when it is plain http (`False`); and when it is unset (`None`), unless the request is plainly local."""
        if self._https is None:
            return not plainly_local(request)
        return self._https or request.url.scheme == "https"

    def new_visitor(self) -> Visitor:
        """A fresh session."""
        session_id = secrets.token_hex(16)
        return Visitor(session_id, self._visitor.sign(session_id).decode(), new=True)

    def visitor_cookie(self, request: Request[Any, Any, Any], visitor: Visitor) -> Cookie:
        """The cookie that carries `visitor` (see the module docstring for its attributes)."""
        if self._is_https(request):
            return PartitionedCookie(
                key=VISITOR_COOKIE,
                value=visitor.token,
                max_age=VISITOR_MAX_AGE_S,
                httponly=True,
                secure=True,
                samesite="none",
            )
        return Cookie(
            key=VISITOR_COOKIE, value=visitor.token, max_age=VISITOR_MAX_AGE_S, httponly=True, samesite="lax"
        )

    def _unsign(self, token: str | None) -> str | None:
        if not token or len(token) > _MAX_TOKEN:
            return None
        try:
            value = self._visitor.unsign(token).decode()
        except (BadSignature, UnicodeDecodeError):
            return None
        return value if _SESSION_ID.match(value) else None

    # --- admin -------------------------------------------------------------------------------

    def admin_anchor(self, request: Request[Any, Any, Any]) -> tuple[str, Cookie | None]:
        """The id the admin forms' CSRF tokens are bound to, and the cookie to set when it is new."""
        token = request.cookies.get(ADMIN_ANCHOR_COOKIE, "")
        if token and len(token) <= _MAX_TOKEN:
            try:
                anchor = self._anchor.unsign(token).decode()
            except (BadSignature, UnicodeDecodeError):
                anchor = ""
            if _SESSION_ID.match(anchor):
                return anchor, None
        return self.new_admin_anchor(request)

    def new_admin_anchor(self, request: Request[Any, Any, Any]) -> tuple[str, Cookie]:
        """A fresh anchor and its cookie: set at signing in and out, so no CSRF token issued before
        (to whoever planted or read the browser's earlier anchor) is valid in the new session."""
        anchor = secrets.token_hex(16)
        cookie = Cookie(
            key=ADMIN_ANCHOR_COOKIE,
            value=self._anchor.sign(anchor).decode(),
            path="/admin",
            httponly=True,
            secure=self._is_https(request) or None,
            samesite="strict",
        )
        return anchor, cookie

    def admin_cookie(self, request: Request[Any, Any, Any], admin_token: str) -> Cookie:
        """The cookie of a signed-in admin, with a fresh session id that signing out can revoke."""
        value = self._admin.dumps({"k": self._fingerprint(admin_token), "s": secrets.token_hex(16)})
        return Cookie(
            key=ADMIN_COOKIE,
            value=value,
            path="/admin",
            max_age=ADMIN_MAX_AGE_S,
            httponly=True,
            secure=self._is_https(request) or None,
            samesite="strict",
        )

    def admin_logout_cookie(self, request: Request[Any, Any, Any]) -> Cookie:
        """A cookie that erases the admin session."""
        return Cookie(
            key=ADMIN_COOKIE,
            value="",
            path="/admin",
            max_age=0,
            httponly=True,
            secure=self._is_https(request) or None,
            samesite="strict",
        )

    def admin_session(self, request: Request[Any, Any, Any], admin_token: str | None) -> str | None:
        """The id of the validly signed, unexpired admin session for the current `ADMIN_TOKEN`, if any.

        Whether that session was signed out is the server's to say (`web.admin_auth`).
        """
        token = request.cookies.get(ADMIN_COOKIE, "")
        if not admin_token or not token or len(token) > 500:
            return None
        try:
            data = self._admin.loads(token, max_age=ADMIN_MAX_AGE_S)
        except BadSignature:
            return None
        if not isinstance(data, dict):
            return None
        fingerprint, session_id = data.get("k"), data.get("s")
        if (
            not isinstance(fingerprint, str)
            or not isinstance(session_id, str)
            or not _SESSION_ID.match(session_id)
        ):
            return None
        return session_id if hmac.compare_digest(fingerprint, self._fingerprint(admin_token)) else None

    def _fingerprint(self, admin_token: str) -> str:
        return hmac.new(self._fingerprint_key, admin_token.encode(), hashlib.sha256).hexdigest()[:32]
