"""A loopback stand-in for Twilio's REST API: the parts Knotty uses, in Twilio's wire format.

Serve it with `tests.support.live_server.serve` and point `TWILIO_API_BASE_URL` at it; the real
`twilio` library then talks to it over HTTP. It checks HTTP basic auth (account SID and auth token)
and records what it was asked to do:

    POST /2010-04-01/Accounts/{sid}/Messages.json                 -> `messages` (SentMessage)
    GET  /2010-04-01/Accounts/{sid}/IncomingPhoneNumbers.json     the numbers in `numbers`
    POST /2010-04-01/Accounts/{sid}/IncomingPhoneNumbers/{PN}.json -> `number_updates`

`fail_messages(count, status, code)` makes the next sends fail as Twilio would (a 500, a 429, or
a 400 with error 21610 for a recipient who opted out).

Faults for the fault-injection suite (`misbehave(mode)`, `heal()` puts everything right):

    slow       accepts the message at once (it exists, it will be delivered) and answers `slow_s` later
    hang       accepts the message and never answers (until healed)
    blackhole  reads the request, creates nothing and never answers (until healed)

    GET /2010-04-01/Accounts/{sid}/Messages.json?To=...&DateSent>=...   lists messages, newest first

Each message keeps the `StatusCallback` it was sent with; `callback_params(message, status)` gives
the form Twilio would post there.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import json
import re
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime, formatdate
from typing import Any
from urllib.parse import parse_qs

from tests.support.asgi import read_body, serve_lifespan

__all__ = ["FakeTwilioRest", "SentMessage"]

_ACCOUNT = re.compile(r"^/2010-04-01/Accounts/(?P<account>AC[0-9a-fA-F]{32})/(?P<rest>.+)$")


@dataclass(frozen=True)
class SentMessage:
    """One message Knotty asked Twilio to send."""

    sid: str
    to: str
    body: str
    from_: str | None
    messaging_service_sid: str | None
    status_callback: str | None = None
    created: datetime = field(default_factory=lambda: datetime.now(UTC))


@dataclass
class _Failure:
    status: int
    code: int | None
    message: str


@dataclass
class FakeTwilioRest:
    """The fake API as an ASGI app; inspect `messages`, `number_updates` and `requests` afterwards."""

    account_sid: str
    auth_token: str
    numbers: dict[str, dict[str, Any]] = field(default_factory=dict)
    """Incoming numbers by E.164 number: their resource fields (`sid`, `voice_url`, ...)."""
    messages: list[SentMessage] = field(default_factory=list)
    number_updates: list[dict[str, str]] = field(default_factory=list)
    requests: list[tuple[str, str]] = field(default_factory=list)
    """(method, path) of every request, authorised or not."""
    post_peers: list[tuple[str, int]] = field(default_factory=list)
    """The client (host, port) of every POST: one port for many posts is one kept connection."""
    failed_attempts: int = 0
    mode: str = "normal"
    """normal | slow | hang | blackhole (see the module docstring)."""
    slow_s: float = 20.0
    posts: int = 0
    """Message POSTs received, whatever became of them."""
    _failures: list[_Failure] = field(default_factory=list)
    _healed: asyncio.Event | None = None

    def misbehave(self, mode: str, *, slow_s: float | None = None) -> None:
        """Start misbehaving on message sends: `slow`, `hang` or `blackhole`."""
        assert mode in ("slow", "hang", "blackhole"), mode
        self.mode = mode
        if slow_s is not None:
            self.slow_s = slow_s
        self._healed = asyncio.Event()

    def heal(self) -> None:
        """Back to normal; requests left hanging are answered now (a blackholed one with a 503)."""
        self.mode = "normal"
        if self._healed is not None:
            self._healed.set()

    def callback_params(
        self, message: SentMessage, status: str, error_code: str | None = None
    ) -> dict[str, str]:
        """The form Twilio posts to a message's StatusCallback."""
        params = {
            "AccountSid": self.account_sid,
            "MessageSid": message.sid,
            "SmsSid": message.sid,
            "MessageStatus": status,
            "SmsStatus": status,
            "To": message.to,
            "From": message.from_ or "",
            "ApiVersion": "2010-04-01",
        }
        if error_code:
            params["ErrorCode"] = error_code
        return params

    def add_number(self, phone_number: str, **fields: Any) -> str:
        """Give the account an incoming number; its PN sid."""
        sid = "PN" + uuid.uuid4().hex
        self.numbers[phone_number] = {
            "sid": sid,
            "phone_number": phone_number,
            "friendly_name": phone_number,
            "voice_url": None,
            "voice_method": "POST",
            "status_callback": None,
            "status_callback_method": "POST",
            "sms_url": None,
            "sms_method": "POST",
            **fields,
        }
        return sid

    def fail_messages(
        self, count: int = 1, status: int = 500, code: int | None = None, message: str = "fake failure"
    ) -> None:
        """Make the next `count` message sends fail with this HTTP status and Twilio error code."""
        self._failures.extend(_Failure(status, code, message) for _ in range(count))

    def messages_to(self, phone: str) -> list[SentMessage]:
        """The messages sent to one number."""
        return [m for m in self.messages if m.to == phone]

    # --- ASGI ----------------------------------------------------------------------------------

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "lifespan":
            await serve_lifespan(receive, send)
            return
        body = await read_body(receive)
        method, path = scope["method"], scope["path"]
        if method == "POST" and scope.get("client"):
            self.post_peers.append(tuple(scope["client"]))
        self.requests.append((method, path))
        sending = method == "POST" and path.endswith("/Messages.json")
        if sending:
            self.posts += 1
        mode = self.mode if sending else "normal"
        if mode == "blackhole":
            await self._until_healed()
            status, payload = self._error(503, "Service unavailable")
        else:
            status, payload = self._handle(scope, method, path, body)
            if mode == "slow":
                await self._until_healed(self.slow_s)
            elif mode == "hang":
                await self._until_healed()
        data = json.dumps(payload).encode()
        await send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": [(b"content-type", b"application/json")],
            }
        )
        await send({"type": "http.response.body", "body": data})

    async def _until_healed(self, at_most: float = 3600.0) -> None:
        healed = self._healed
        if healed is None:
            await asyncio.sleep(at_most)
            return
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(healed.wait(), timeout=at_most)

    # --- the API -------------------------------------------------------------------------------

    def _authorised(self, scope: dict[str, Any]) -> bool:
        headers = dict(scope.get("headers", []))
        scheme, _, value = headers.get(b"authorization", b"").decode().partition(" ")
        if scheme.lower() != "basic":
            return False
        try:
            user, _, password = base64.b64decode(value).decode().partition(":")
        except ValueError:
            return False
        return user == self.account_sid and password == self.auth_token

    @staticmethod
    def _error(status: int, message: str, code: int | None = None) -> tuple[int, dict[str, Any]]:
        return status, {
            "code": code,
            "message": message,
            "more_info": f"https://www.twilio.com/docs/errors/{code}" if code else None,
            "status": status,
        }

    def _handle(
        self, scope: dict[str, Any], method: str, path: str, body: bytes
    ) -> tuple[int, dict[str, Any]]:
        if not self._authorised(scope):
            return self._error(401, "Authenticate", 20003)
        match = _ACCOUNT.match(path)
        if match is None or match["account"] != self.account_sid:
            return self._error(404, "The requested resource was not found", 20404)
        rest = match["rest"]
        form = {k: v[-1] for k, v in parse_qs(body.decode(), keep_blank_values=True).items()}
        query = {k: v[-1] for k, v in parse_qs(scope.get("query_string", b"").decode()).items()}
        if rest == "Messages.json" and method == "POST":
            return self._send_message(form)
        if rest == "Messages.json" and method == "GET":
            return self._list_messages(scope)
        if rest == "IncomingPhoneNumbers.json" and method == "GET":
            return self._list_numbers(query)
        number = re.fullmatch(r"IncomingPhoneNumbers/(PN[0-9a-f]{32})\.json", rest)
        if number and method == "POST":
            return self._update_number(number[1], form)
        return self._error(404, "The requested resource was not found", 20404)

    def _send_message(self, form: dict[str, str]) -> tuple[int, dict[str, Any]]:
        to, body = form.get("To", ""), form.get("Body", "")
        sender, service = form.get("From"), form.get("MessagingServiceSid")
        if not to:
            return self._error(400, "A 'To' phone number is required.", 21604)
        if not (sender or service):
            return self._error(400, "A 'From' phone number is required.", 21603)
        if not body:
            return self._error(400, "Message body is required.", 21602)
        if self._failures:
            failure = self._failures.pop(0)
            self.failed_attempts += 1
            return self._error(failure.status, failure.message, failure.code)
        sid = "SM" + uuid.uuid4().hex
        message = SentMessage(sid, to, body, sender, service, form.get("StatusCallback"))
        self.messages.append(message)
        return 201, self._message_resource(message, "accepted" if service else "queued")

    def _message_resource(self, message: SentMessage, status: str) -> dict[str, Any]:
        created = format_datetime(message.created, usegmt=True)
        return {
            "sid": message.sid,
            "account_sid": self.account_sid,
            "to": message.to,
            "from": message.from_,
            "messaging_service_sid": message.messaging_service_sid,
            "body": message.body,
            "status": status,
            "num_segments": "1",
            "num_media": "0",
            "direction": "outbound-api",
            "api_version": "2010-04-01",
            "date_created": created,
            "date_updated": formatdate(usegmt=True),
            "date_sent": created if status != "queued" else None,
            "price": None,
            "error_code": None,
            "error_message": None,
            "uri": f"/2010-04-01/Accounts/{self.account_sid}/Messages/{message.sid}.json",
        }

    def _list_messages(self, scope: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        """Twilio's Messages list: filtered by To, From and DateSent (GMT dates, `DateSent>`=), newest first."""
        pairs = parse_qs(scope.get("query_string", b"").decode(), keep_blank_values=True)
        query = {k: v[-1] for k, v in pairs.items()}
        found = [
            m
            for m in reversed(self.messages)
            if query.get("To") in (None, m.to) and query.get("From") in (None, m.from_)
        ]
        for key, value in query.items():
            if key.startswith("DateSent"):
                day = value[:10]
                if key.endswith(">"):
                    found = [m for m in found if m.created.strftime("%Y-%m-%d") >= day]
                elif key.endswith("<"):
                    found = [m for m in found if m.created.strftime("%Y-%m-%d") <= day]
                else:
                    found = [m for m in found if m.created.strftime("%Y-%m-%d") == day]
        size = int(query.get("PageSize", "50"))
        uri = f"/2010-04-01/Accounts/{self.account_sid}/Messages.json"
        return 200, {
            "messages": [self._message_resource(m, "sent") for m in found[:size]],
            "end": max(0, min(size, len(found)) - 1),
            "first_page_uri": uri,
            "next_page_uri": None,
            "page": 0,
            "page_size": size,
            "previous_page_uri": None,
            "start": 0,
            "uri": uri,
        }

    def _number_resource(self, fields: dict[str, Any]) -> dict[str, Any]:
        return {
            **fields,
            "account_sid": self.account_sid,
            "api_version": "2010-04-01",
            "uri": f"/2010-04-01/Accounts/{self.account_sid}/IncomingPhoneNumbers/{fields['sid']}.json",
        }

    def _list_numbers(self, query: dict[str, str]) -> tuple[int, dict[str, Any]]:
        wanted = query.get("PhoneNumber")
        found = [self._number_resource(n) for p, n in self.numbers.items() if wanted in (None, p)]
        uri = f"/2010-04-01/Accounts/{self.account_sid}/IncomingPhoneNumbers.json"
        return 200, {
            "incoming_phone_numbers": found,
            "end": max(0, len(found) - 1),
            "first_page_uri": uri,
            "next_page_uri": None,
            "page": 0,
            "page_size": 50,
            "previous_page_uri": None,
            "start": 0,
            "uri": uri,
        }

    def _update_number(self, sid: str, form: dict[str, str]) -> tuple[int, dict[str, Any]]:
        number = next((n for n in self.numbers.values() if n["sid"] == sid), None)
        if number is None:
            return self._error(404, "The requested resource was not found", 20404)
        names = {
            "VoiceUrl": "voice_url",
            "VoiceMethod": "voice_method",
            "StatusCallback": "status_callback",
            "StatusCallbackMethod": "status_callback_method",
            "SmsUrl": "sms_url",
            "SmsMethod": "sms_method",
        }
        changes = {names[k]: v for k, v in form.items() if k in names}
        number.update(changes)
        self.number_updates.append(changes)
        return 200, self._number_resource(number)
