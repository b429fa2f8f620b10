"""A Twilio webhook as a bare ASGI route: the signed form read and checked, the handler run, TwiML out.

Measured in-process on one SMS webhook, Litestar's dependency injection (six dependencies, five of
them constants, resolved in an anyio task group on every request), its signature model and its
response building cost more than the rest of the framework together (about 0.24 ms of the 0.39 ms
a webhook answered from the replay cache took). A webhook needs none of it: the handler is given
what the composition root built (`TwilioCore`) and one `Webhook` (the verified form, the path and
query Twilio signed, the idempotency token), and answers a `Reply`. Litestar still routes the
request, runs the app's middleware, and turns the exceptions raised here into their responses
(403 for a bad signature, 400 for odd identifiers, 405 for another method than POST).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl

from litestar import asgi
from litestar.enums import ScopeType
from litestar.exceptions import MethodNotAllowedException
from litestar.types import Receive, Scope, Send  # at runtime: Litestar reads the endpoint's signature

from channels.replay import IDEMPOTENCY_HEADER, idempotency_token
from channels.twilio_signature import SIGNATURE_HEADER, TwilioForm, verified_form
from channels.twiml_response import TWIML_MEDIA_TYPE

if TYPE_CHECKING:
    from litestar.handlers.asgi_handlers import ASGIRouteHandler

    from channels.sms_later import SmsLater
    from knotty import Agent, Settings, SmsLedger, TurnGate

__all__ = ["MAX_BODY_BYTES", "Reply", "TwilioCore", "Webhook", "WebhookHandler", "twilio_webhook"]

MAX_BODY_BYTES = 256 * 1024
"""A Twilio webhook's form is a few KB; a bigger body is not one (refused like any other non-form)."""

_FORM_TYPE = "application/x-www-form-urlencoded"
_SIGNATURE = SIGNATURE_HEADER.encode("latin-1")
_IDEMPOTENCY = IDEMPOTENCY_HEADER.encode("latin-1")
_CONTENT_TYPE = b"content-type"
_HOSTS = frozenset({b"host", b"x-forwarded-host"})


@dataclass(frozen=True, slots=True)
class TwilioCore:
    """What the Twilio webhooks are given by the composition root: built once, the same for every request."""

    settings: Settings
    agent: Agent
    ledger: SmsLedger
    gate: TurnGate
    sms_later: SmsLater | None = None
    """Keeps the texts an overloaded process cannot answer at once (None: no REST API to answer later)."""


@dataclass(frozen=True, slots=True)
class Webhook:
    """One verified Twilio webhook."""

    form: TwilioForm
    """The signed form parameters (the first value of each)."""
    path: str
    query_string: str
    """The raw query, as Twilio signed it ("" without one)."""
    query: dict[str, str]
    """The query's parameters (the first value of each)."""
    idempotency_token: str = ""
    """Twilio's `I-Twilio-Idempotency-Token` ("" without one); not covered by the signature."""

    def replay_key(self) -> str | None:
        """The key of this webhook's answer in `channels.replay` (None without a token)."""
        return idempotency_token(self.path, self.query_string, self.form, self.idempotency_token)


@dataclass(frozen=True, slots=True)
class Reply:
    """What a webhook answers: TwiML with 200 unless said otherwise."""

    body: str
    status: int = 200
    media_type: str = TWIML_MEDIA_TYPE
    headers: tuple[tuple[str, str], ...] = field(default=())


WebhookHandler = Callable[[Webhook], Awaitable[Reply | str]]
"""A webhook's own work: a `str` is a TwiML document answered with 200."""


def _first_values(pairs: list[tuple[str, str]]) -> dict[str, str]:
    values: dict[str, str] = {}
    for name, value in pairs:
        values.setdefault(name, value)
    return values


def _parse_form(content_type: str, body: bytes) -> dict[str, list[str]] | None:
    """Every value of each name, parsed as Litestar parses a form; None when the body is not a form."""
    if content_type.split(";", 1)[0].strip().lower() != _FORM_TYPE:
        return None if body else {}
    params: dict[str, list[str]] = {}
    for name, value in parse_qsl(body.decode("latin-1"), keep_blank_values=True, separator="&"):
        params.setdefault(name, []).append(value)
    return params


async def _read_body(receive: Receive) -> bytes | None:
    """The request body, or None when it is larger than any webhook's."""
    chunks: list[bytes] = []
    size = 0
    while True:
        message: Any = await receive()
        if message["type"] != "http.request":  # the client left: nothing to answer
            raise ConnectionAbortedError("client disconnected")
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > MAX_BODY_BYTES:
            return None
        chunks.append(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks)


async def _read_webhook(settings: Settings, scope: Scope, receive: Receive) -> Webhook:
    """The verified webhook of this request (raises as `verified_form` does)."""
    if scope["type"] != ScopeType.HTTP or scope["method"] != "POST":
        raise MethodNotAllowedException(headers={"allow": "POST"})
    signature = content_type = token = None
    hosts: list[str] = []
    for name, value in scope["headers"]:
        if name == _SIGNATURE:
            signature = value.decode("latin-1")
        elif name in _HOSTS:  # only read to say why a signature was refused
            hosts.append(value.decode("latin-1"))
        elif name == _CONTENT_TYPE:
            content_type = value.decode("latin-1")
        elif name == _IDEMPOTENCY:
            token = value.decode("latin-1")
    path = scope.get("root_path", "") + scope["path"]
    query = scope.get("query_string", b"").decode("latin-1")
    params = None
    if settings.twilio_auth_token:  # without one, refused before the body is read
        body = await _read_body(receive)
        params = _parse_form(content_type or "", body) if body is not None else None
    form = verified_form(settings, path, query, params, signature, hosts)
    parsed = _first_values(parse_qsl(query, keep_blank_values=True, separator="&")) if query else {}
    return Webhook(form, path, query, parsed, token or "")


async def _send(send: Send, reply: Reply) -> None:
    body = reply.body.encode("utf-8", "xmlcharrefreplace")  # a stray surrogate as ElementTree writes it
    headers = [
        (b"content-type", f"{reply.media_type}; charset=utf-8".encode("latin-1")),
        (b"content-length", str(len(body)).encode("latin-1")),
        *((name.lower().encode("latin-1"), value.encode("latin-1")) for name, value in reply.headers),
    ]
    await send({"type": "http.response.start", "status": reply.status, "headers": headers})
    await send({"type": "http.response.body", "body": body, "more_body": False})


def twilio_webhook(path: str, settings: Settings, handle: WebhookHandler, *, name: str) -> ASGIRouteHandler:
    """The route of a Twilio webhook at `path`: POST only, signed by Twilio, answered by `handle`."""

    async def endpoint(scope: Scope, receive: Receive, send: Send) -> None:
        webhook = await _read_webhook(settings, scope, receive)
        answer = await handle(webhook)
        await _send(send, answer if isinstance(answer, Reply) else Reply(answer))

    endpoint.__name__ = endpoint.__qualname__ = name
    route: ASGIRouteHandler = asgi(path, name=name, copy_scope=False)(endpoint)
    return route
