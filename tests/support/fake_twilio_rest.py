"""A loopback stand-in for Twilio's REST API: the parts Knotty uses, in Twilio's wire format.

Serve it with `tests.support.live_server.serve` and point `TWILIO_API_BASE_URL` at it; the real
`twilio` library then talks to it over HTTP. It checks HTTP basic auth (account SID and auth token)
and records what it was asked to do:

    POST /2010-04-01/Accounts/{sid}/Messages.json                 -> `messages` (SentMessage)
    GET  /2010-04-01/Accounts/{sid}/IncomingPhoneNumbers.json     the numbers in `numbers`
    POST /2010-04-01/Accounts/{sid}/IncomingPhoneNumbers/{PN}.json -> `number_updates`

`fail_messages(count, status, code)` makes the next sends fail as Twilio would (a 500, a 429, or
a 400 with error 21610 for a recipient who opted out).
"""

from __future__ import annotations

import base64
import json
import re
import uuid
from dataclasses import dataclass, field
from email.utils import formatdate
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
    failed_attempts: int = 0
    _failures: list[_Failure] = field(default_factory=list)

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

    def fail_messages(self, count: int = 1, status: int = 500, code: int | None = None, message: str = "fake failure") -> None:
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
        self.requests.append((method, path))
        status, payload = self._handle(scope, method, path, body)
        data = json.dumps(payload).encode()
        await send({"type": "http.response.start", "status": status, "headers": [(b"content-type", b"application/json")]})
        await send({"type": "http.response.body", "body": data})

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

    def _handle(self, scope: dict[str, Any], method: str, path: str, body: bytes) -> tuple[int, dict[str, Any]]:
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
        self.messages.append(SentMessage(sid, to, body, sender, service))
        now = formatdate(usegmt=True)
        return 201, {
            "sid": sid,
            "account_sid": self.account_sid,
            "to": to,
            "from": sender,
            "messaging_service_sid": service,
            "body": body,
            "status": "accepted" if service else "queued",
            "num_segments": "1",
            "num_media": "0",
            "direction": "outbound-api",
            "api_version": "2010-04-01",
            "date_created": now,
            "date_updated": now,
            "date_sent": None,
            "price": None,
            "error_code": None,
            "error_message": None,
            "uri": f"/2010-04-01/Accounts/{self.account_sid}/Messages/{sid}.json",
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
