"""CSRF tokens bound to the visitor session (the synchronizer-token pattern, without server state).

A token is an HMAC of the session id: a page can only post with the token rendered into it, and a
page on another site can neither read it nor compute it. Scoped to the web routes that post forms
(chat and admin) rather than applied app-wide, so the Twilio webhooks and the bearer-token admin
API are untouched, and it works inside a cross-site iframe where a double-submit cookie may not be
sent at all.
"""

from __future__ import annotations

import base64
import hashlib
import hmac

__all__ = ["CsrfTokens"]


class CsrfTokens:
    """Issues and checks the CSRF token of a session."""

    def __init__(self, secret: str) -> None:
        self._key = hashlib.sha256(b"knotty.csrf|" + secret.encode()).digest()

    def issue(self, session_id: str) -> str:
        """The token forms of this session must carry."""
        digest = hmac.new(self._key, session_id.encode(), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest).decode().rstrip("=")

    def valid(self, session_id: str, token: str) -> bool:
        """Whether `token` is this session's token (constant-time)."""
        return (
            bool(token)
            and len(token) < 100
            and hmac.compare_digest(token.encode(), self.issue(session_id).encode())
        )
