"""Who is on the other end: signed, HttpOnly session cookies for web visitors and for the admin.

A visitor session is a random id signed with the site key (itsdangerous). It keys the visitor's
conversation (`Inbound.external_id`) and anchors the CSRF token. Its cookie is HttpOnly and:

- over https: `SameSite=None; Secure; Partitioned`. The widget lives in an iframe on other sites,
  where only such cookies are sent; `Partitioned` (CHIPS) keeps one cookie jar per embedding site
  and still works where third-party cookies are otherwise blocked.
- over plain http (local development, tests): `SameSite=Lax`, because browsers refuse
  `SameSite=None` without `Secure`. An embed on the same site (another port) still gets it.

Where the cookie doesn't come back (a cross-site embed over http, a browser blocking third-party
cookies), the page carries the same signed token in a hidden form field, so the conversation holds
for as long as the page stays open; the cookie only adds continuity across reloads.

The admin session is a separate, timed cookie (path `/admin`, `SameSite=Strict`), bound to a
fingerprint of `ADMIN_TOKEN` so that changing the token signs every admin out.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from typing import Any

from itsdangerous import BadSignature, Signer, URLSafeTimedSerializer
from litestar import Request
from litestar.datastructures import Cookie

__all__ = ["ADMIN_COOKIE", "VISITOR_COOKIE", "PartitionedCookie", "Sessions", "Visitor"]

VISITOR_COOKIE = "knotty_session"
ADMIN_COOKIE = "knotty_admin"
VISITOR_MAX_AGE_S = 30 * 24 * 3600
ADMIN_MAX_AGE_S = 12 * 3600

_SESSION_ID = re.compile(r"^[0-9a-f]{32}$")
_MAX_TOKEN = 200


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


def _is_https(request: Request[Any, Any, Any]) -> bool:
    return request.url.scheme == "https"


class Sessions:
    """Issues and verifies the web app's signed cookies."""

    def __init__(self, secret: str) -> None:
        self._visitor = Signer(secret, salt="knotty.visitor-session")
        self._admin = URLSafeTimedSerializer(secret, salt="knotty.admin-session")
        self._fingerprint_key = hashlib.sha256(b"knotty.admin-token|" + secret.encode()).digest()

    # --- visitors ----------------------------------------------------------------------------

    def visitor(self, request: Request[Any, Any, Any], form_token: str = "") -> Visitor | None:
        """The session the cookie (preferred) or the page's hidden field names, if validly signed."""
        for token, via_cookie in ((request.cookies.get(VISITOR_COOKIE, ""), True), (form_token, False)):
            session_id = self._unsign(token)
            if session_id:
                return Visitor(session_id, token, via_cookie=via_cookie)
        return None

    def new_visitor(self) -> Visitor:
        """A fresh session."""
        session_id = secrets.token_hex(16)
        return Visitor(session_id, self._visitor.sign(session_id).decode(), new=True)

    def visitor_cookie(self, request: Request[Any, Any, Any], visitor: Visitor) -> Cookie:
        """The cookie that carries `visitor` (see the module docstring for its attributes)."""
        if _is_https(request):
            return PartitionedCookie(
                key=VISITOR_COOKIE,
                value=visitor.token,
                max_age=VISITOR_MAX_AGE_S,
                httponly=True,
                secure=True,
                samesite="none",
            )
        return Cookie(key=VISITOR_COOKIE, value=visitor.token, max_age=VISITOR_MAX_AGE_S, httponly=True, samesite="lax")

    def _unsign(self, token: str | None) -> str | None:
        if not token or len(token) > _MAX_TOKEN:
            return None
        try:
            value = self._visitor.unsign(token).decode()
        except (BadSignature, UnicodeDecodeError):
            return None
        return value if _SESSION_ID.match(value) else None

    # --- admin -------------------------------------------------------------------------------

    def admin_cookie(self, request: Request[Any, Any, Any], admin_token: str) -> Cookie:
        """The cookie of a signed-in admin."""
        value = self._admin.dumps({"k": self._fingerprint(admin_token)})
        return Cookie(
            key=ADMIN_COOKIE,
            value=value,
            path="/admin",
            max_age=ADMIN_MAX_AGE_S,
            httponly=True,
            secure=_is_https(request) or None,
            samesite="strict",
        )

    def admin_logout_cookie(self, request: Request[Any, Any, Any]) -> Cookie:
        """A cookie that erases the admin session."""
        return Cookie(key=ADMIN_COOKIE, value="", path="/admin", max_age=0, httponly=True, samesite="strict")

    def is_admin(self, request: Request[Any, Any, Any], admin_token: str | None) -> bool:
        """Whether the request carries a live admin session for the current `ADMIN_TOKEN`."""
        token = request.cookies.get(ADMIN_COOKIE, "")
        if not admin_token or not token or len(token) > 500:
            return False
        try:
            data = self._admin.loads(token, max_age=ADMIN_MAX_AGE_S)
        except BadSignature:
            return False
        fingerprint = data.get("k") if isinstance(data, dict) else None
        return isinstance(fingerprint, str) and hmac.compare_digest(fingerprint, self._fingerprint(admin_token))

    def _fingerprint(self, admin_token: str) -> str:
        return hmac.new(self._fingerprint_key, admin_token.encode(), hashlib.sha256).hexdigest()[:32]
