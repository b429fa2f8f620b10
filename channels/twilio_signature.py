"""Is this request really from Twilio? `X-Twilio-Signature`, checked against the public URL.

Twilio signs the URL it called (scheme, host, path, query) plus the sorted form parameters with the
account's auth token. While the token is rotated (`TWILIO_PREVIOUS_AUTH_TOKEN` set), a signature
with the previous one is accepted too: Twilio signs with whichever is primary in its console, and the
switch there and the deploy here never happen at the same instant. Behind a proxy or tunnel the URL the app sees is not that one, so the URL is
rebuilt from `PUBLIC_BASE_URL` and the request's own path and raw query. The same check serves the
webhooks (`verified_form`: read from the ASGI scope by `channels.webhook`, or as the Litestar dependency
`twilio_form`) and the WebSocket handshakes of the stream channels (`valid_twilio_signature`).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator, Mapping, Sequence
from functools import lru_cache
from typing import Any
from urllib.parse import urlparse

from litestar import Request
from litestar.di import NamedDependency
from litestar.exceptions import ClientException, PermissionDeniedException
from twilio.request_validator import RequestValidator, compare, remove_port

from channels.public_url import public_url, websocket_url
from channels.twilio_params import odd_identifier
from knotty import (
    Settings,  # at runtime: Litestar reads handler signatures
    log_event,
)

__all__ = [
    "SIGNATURE_HEADER",
    "TwilioForm",
    "twilio_form",
    "valid_twilio_signature",
    "verified_form",
]

SIGNATURE_HEADER = "x-twilio-signature"
_HOST = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9.-]{0,252})(?::\d{1,5})?")
"""A host header worth trying a signature against (anything else is not what Twilio called)."""

TwilioForm = dict[str, str]
"""A verified webhook's form parameters (first value of each)."""


class _Params:
    """Form parameters with every value of a repeated name, as `RequestValidator` reads them."""

    def __init__(self, params: Mapping[str, str | Sequence[str]]) -> None:
        self._values = {k: [v] if isinstance(v, str) else list(v) for k, v in params.items()}

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def getall(self, name: str) -> list[str]:
        return self._values[name]


@lru_cache(maxsize=4)
def _validator(token: str) -> RequestValidator:
    """One validator per auth token, built once (the token is fixed for the life of the process)."""
    return RequestValidator(token)


def valid_twilio_signature(
    settings: Settings,
    url_path_and_query: str,
    params: Mapping[str, str | Sequence[str]],
    signature: str | None,
) -> bool:
    """Whether `signature` is Twilio's for this path and query (under `PUBLIC_BASE_URL`) and params.

    False when no auth token is configured or the signature is missing. For WebSocket handshakes
    the `wss://` (or `ws://`) form of the public URL is accepted too, since that is what Twilio called.
    """
    token = settings.twilio_auth_token
    if not token or not signature:
        return False
    url = public_url(settings, url_path_and_query)
    wrapped = _Params(params)
    if _signed_with(token, url, wrapped, signature):
        return True
    previous = settings.twilio_previous_auth_token
    return previous is not None and previous != token and _signed_with(previous, url, wrapped, signature)


def _signed_with(token: str, url: str, params: _Params, signature: str) -> bool:
    validator = _validator(token)
    # The URL as Twilio calls it first: one signature where `validate` computes two (with and without
    # a port) and accepts either; only a request that fails this pays for the full check.
    if compare(validator.compute_signature(remove_port(urlparse(url)), params), signature):
        return True
    if validator.validate(url, params, signature):
        return True
    valid: bool = validator.validate(websocket_url(url), params, signature)
    return valid


def _why_rejected(
    settings: Settings,
    target: str,
    params: Mapping[str, Sequence[str]],
    signature: str | None,
    hosts: Sequence[str],
) -> str:
    """What an operator needs to know of a refused signature (only a refused request pays for this).

    A signature that is Twilio's for the host the request came to (`Host`, `X-Forwarded-Host`), not for
    `PUBLIC_BASE_URL`, says which setting is wrong: every call and text is refused until it is fixed.
    """
    if not signature:
        return "no X-Twilio-Signature header: not sent by Twilio"
    configured = settings.public_base_url.rstrip("/")
    for host in hosts:
        if not _HOST.fullmatch(host):
            continue
        for scheme in ("https", "http"):
            base = f"{scheme}://{host}"
            if base == configured:
                continue
            moved = settings.model_copy(update={"public_base_url": base})
            if valid_twilio_signature(moved, target, params, signature):
                return (
                    f"Twilio signed {base}{target.split('?', 1)[0]} but PUBLIC_BASE_URL is {configured}: "
                    f"set PUBLIC_BASE_URL={base} (every webhook is refused until then)"
                )
    return (
        "not Twilio's signature for this URL under PUBLIC_BASE_URL with TWILIO_AUTH_TOKEN (or "
        "TWILIO_PREVIOUS_AUTH_TOKEN): a forged request, another account's token, or a PUBLIC_BASE_URL "
        "other than the address the number's webhooks point to (`knotty check` compares them)"
    )


def verified_form(
    settings: Settings,
    path: str,
    query: str,
    params: Mapping[str, Sequence[str]] | None,
    signature: str | None,
    hosts: Sequence[str] = (),
) -> TwilioForm:
    """The verified form of a Twilio webhook to `path?query`, from its parameters (every value of each
    name; None when the body was not a form) and its `X-Twilio-Signature`. `hosts`: the hosts the
    request says it came to (`Host`, `X-Forwarded-Host`), read only to say why a signature was refused.

    Raises:
        PermissionDeniedException: (403, nothing changes) no auth token is configured, the body is not
            a form, or the signature is not Twilio's for this URL and form.
        ClientException: (400) identifiers no database column could hold alike (`channels.twilio_params`).
    """
    if not settings.twilio_auth_token:
        raise PermissionDeniedException("Twilio webhooks are disabled: TWILIO_AUTH_TOKEN is not set")
    if params is None or any(not isinstance(v, str) for vs in params.values() for v in vs):
        log_event("twilio_signature_rejected", logging.WARNING, path=path, reason="not a form")
        raise PermissionDeniedException("invalid Twilio request")
    target = path + (f"?{query}" if query else "")
    if not valid_twilio_signature(settings, target, params, signature):
        reason = _why_rejected(settings, target, params, signature, hosts)
        log_event(
            "twilio_signature_rejected",
            logging.WARNING,
            path=path,
            checked=public_url(settings, path),
            reason=reason,
        )
        raise PermissionDeniedException("invalid Twilio signature")
    verified = {k: str(v[0]) for k, v in params.items() if v}
    if (problem := odd_identifier(verified)) is not None:  # the same 400 on SQLite and PostgreSQL
        log_event("twilio_request_refused", logging.WARNING, path=path, reason=problem)
        raise ClientException(f"invalid Twilio request: {problem}")
    return verified


async def twilio_form(request: Request[Any, Any, Any], settings: NamedDependency[Settings]) -> TwilioForm:
    """Litestar dependency: the verified form of a Twilio webhook (`verified_form`), for the routes that
    run rarely enough to keep Litestar's handlers (the streams' `ended` callbacks)."""
    if not settings.twilio_auth_token:
        raise PermissionDeniedException("Twilio webhooks are disabled: TWILIO_AUTH_TOKEN is not set")
    params: dict[str, list[Any]] | None
    try:
        form = await request.form()
        params = {k: form.getall(k) for k in form}
    except (ClientException, ValueError):  # a body that isn't a form can't carry a valid signature
        params = None
    query = request.scope.get("query_string", b"").decode("latin-1")
    hosts = [h for name in ("x-forwarded-host", "host") if (h := request.headers.get(name))]
    return verified_form(
        settings, request.url.path, query, params, request.headers.get(SIGNATURE_HEADER), hosts
    )
