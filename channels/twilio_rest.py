"""Twilio's REST API through the `twilio` library's async client, with the base URL made configurable.

`TWILIO_API_BASE_URL` sends every request (api.twilio.com and the other Twilio hosts) to another
base URL: a proxy, or the loopback fake the tests run. The library's own errors and aiohttp's never
leave this module: callers see `TwilioApiError`, which says whether trying again may help.

    async with TwilioRest(settings) as rest:
        sid = await rest.send_sms(to, body)
"""

from __future__ import annotations

import asyncio
import base64
import logging
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Self
from urllib.parse import urlsplit, urlunsplit

import aiohttp
from twilio.base.exceptions import TwilioException, TwilioRestException
from twilio.http.async_http_client import AsyncTwilioHttpClient
from twilio.rest import Client

from knotty import KnottyError, Unavailable

if TYPE_CHECKING:
    from twilio.http.response import Response

    from knotty import Settings

__all__ = ["OPTED_OUT_CODE", "TwilioApiError", "TwilioRest", "TwilioUnavailable"]

_http_log = logging.getLogger("knotty.channels.twilio_http")
_http_log.setLevel(logging.WARNING)  # the library logs every request's URL and headers at INFO

OPTED_OUT_CODE = 21610
"""Twilio's error for a recipient who texted STOP to the sender."""
TIMEOUT_S = 10.0
LOOKUP_PAGE_SIZE = 50
LOOKUP_SLACK = timedelta(minutes=2)
"""Clock difference tolerated between this host and Twilio when matching a message's creation time."""


class TwilioApiError(KnottyError):
    """A REST call failed: `status` (HTTP, None for network trouble) and Twilio's `code`.

    Raised as itself when Twilio refused the request (a 4xx: trying again won't help), and as
    `TwilioUnavailable` when Twilio could not be reached or failed (see `knotty.errors`).
    """

    def __init__(
        self, message: str, *, status: int | None = None, code: int | None = None, unknown: bool = False
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.unknown = unknown
        """The request may have reached Twilio and been acted on (a timeout or a dropped answer after
        it left, a 5xx): whether a message was created is unknown, so look before posting again."""

    @property
    def retryable(self) -> bool:
        """Network trouble, rate limiting and server errors may pass; so may refused credentials (401:
        the auth token rotated in the console before the deploy, or a typo), which say nothing of the
        message and which the operator puts right. Other client errors won't."""
        return self.status is None or self.status in (401, 429) or self.status >= 500

    @property
    def credentials_refused(self) -> bool:
        """Twilio refused the account SID and auth token: every send fails until the operator fixes them."""
        return self.status == 401

    @property
    def opted_out(self) -> bool:
        """The recipient opted out of texts from this sender."""
        return self.code == OPTED_OUT_CODE


class TwilioUnavailable(TwilioApiError, Unavailable):
    """Twilio could not be reached, did not answer, rate-limited or failed: the same call may pass later."""


def _api_error(
    message: str, *, status: int | None = None, code: int | None = None, unknown: bool = False
) -> TwilioApiError:
    """The error for a failed call: `TwilioUnavailable` when trying again may help."""
    kind = TwilioUnavailable if status is None or status == 429 or status >= 500 else TwilioApiError
    return kind(message, status=status, code=code, unknown=unknown)


class _RebasedHttpClient(AsyncTwilioHttpClient):  # type: ignore[misc]  # twilio ships no types
    """The library's aiohttp client, sending each request to `base_url` instead of Twilio's host."""

    def __init__(self, base_url: str | None, timeout_s: float) -> None:
        super().__init__(pool_connections=False, logger=_http_log)
        self.session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=timeout_s))
        self._base = urlsplit(base_url.rstrip("/")) if base_url else None
        self._timeout_s = timeout_s

    async def request(self, method: str, url: str, *args: Any, **kwargs: Any) -> Response:
        auth = kwargs.pop("auth", None)
        if auth is not None:  # as a header: aiohttp deprecated the `auth` object the library would pass
            token = base64.b64encode(f"{auth[0]}:{auth[1]}".encode()).decode()
            kwargs["headers"] = {**(kwargs.get("headers") or {}), "Authorization": f"Basic {token}"}
        if self._base is not None:
            parts = urlsplit(url)
            url = urlunsplit(
                (self._base.scheme, self._base.netloc, self._base.path + parts.path, parts.query, "")
            )
        # The library passes `timeout=None` per request, which aiohttp reads as "no timeout".
        async with asyncio.timeout(self._timeout_s):
            return await super().request(method, url, *args, **kwargs)


class TwilioRest:
    """An open connection pool to Twilio's REST API for one piece of work; use as `async with`."""

    def __init__(self, settings: Settings, *, timeout_s: float = TIMEOUT_S) -> None:
        if not settings.twilio_account_sid or not settings.twilio_auth_token:
            raise TwilioApiError("TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN are required")
        self._settings = settings
        self._timeout_s = timeout_s
        self._http: _RebasedHttpClient | None = None
        self._client: Client | None = None

    async def __aenter__(self) -> Self:
        self._http = _RebasedHttpClient(self._settings.twilio_api_base_url, self._timeout_s)
        self._client = Client(
            self._settings.twilio_account_sid, self._settings.twilio_auth_token, http_client=self._http
        )
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._http is not None:
            await self._http.close()

    @property
    def client(self) -> Client:
        """The library's client (async methods only: `*_async`)."""
        if self._client is None:
            raise RuntimeError("use TwilioRest as `async with`")
        return self._client

    async def call(self, operation: Any) -> Any:
        """Await one library call, translating its failures into `TwilioApiError`."""
        try:
            return await operation
        except TwilioRestException as exc:
            unknown = exc.status >= 500
            raise _api_error(
                exc.msg or "Twilio refused the request", status=exc.status, code=exc.code, unknown=unknown
            ) from exc
        except (aiohttp.ClientConnectorError, ConnectionRefusedError) as exc:  # nothing left this host
            raise TwilioUnavailable(f"could not reach Twilio: {type(exc).__name__}") from exc
        except (
            TimeoutError,
            aiohttp.ClientError,
            OSError,
        ) as exc:  # it may have left: the outcome is unknown
            raise TwilioUnavailable(f"no answer from Twilio: {type(exc).__name__}", unknown=True) from exc
        except TwilioException as exc:
            raise TwilioApiError(str(exc)) from exc

    async def send_sms(self, to: str, body: str, *, status_callback: str | None = None) -> str:
        """Send one text from the configured number (or Messaging Service); its Message SID.

        `status_callback` is the URL Twilio posts the message's statuses to (signed, like any webhook).
        """
        sid, _status = await self.send_sms_with_status(to, body, status_callback=status_callback)
        return sid

    async def send_sms_with_status(
        self, to: str, body: str, *, status_callback: str | None = None
    ) -> tuple[str, str | None]:
        """`send_sms`, also giving the status Twilio answered with (`queued`, `accepted`, ...)."""
        settings = self._settings
        sender: dict[str, str] = (
            {"messaging_service_sid": settings.twilio_messaging_service_sid}
            if settings.twilio_messaging_service_sid
            else {"from_": settings.twilio_phone_number or ""}
        )
        if not any(sender.values()):
            raise TwilioApiError(
                "TWILIO_PHONE_NUMBER or TWILIO_MESSAGING_SERVICE_SID is required", status=400
            )
        extra: dict[str, Any] = {"status_callback": status_callback} if status_callback else {}
        message = await self.call(self.client.messages.create_async(to=to, body=body, **sender, **extra))
        return str(message.sid), (str(message.status) if message.status else None)

    async def find_sms(self, to: str, body: str, since: datetime) -> tuple[str, str | None] | None:
        """A message to `to` with exactly this body created at or after `since`: (SID, status), or None.

        Lists the recipient's newest messages (one page) rather than filtering on `DateSent`: a
        message Twilio accepted but still holds in its queue has no send date yet, and that is
        exactly the one a timed-out POST may have left behind. The creation time is checked here.
        """
        page = await self.call(self.client.messages.page_async(to=to, page_size=LOOKUP_PAGE_SIZE))
        for message in page:
            created = message.date_created
            if message.body == body and (created is None or created >= since - LOOKUP_SLACK):
                return str(message.sid), (str(message.status) if message.status else None)
        return None
