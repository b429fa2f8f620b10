"""`knotty check`'s Twilio question: do the credentials work, is the number on the account, where does it point?

Reads only (it lists the account's incoming numbers); `knotty twilio-setup` is what changes them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from channels.setup import desired_webhooks, missing_twilio_settings
from channels.twilio_rest import TwilioApiError, TwilioRest
from knotty import Finding

if TYPE_CHECKING:
    from knotty import Settings

__all__ = ["check_twilio"]


async def check_twilio(settings: Settings) -> Finding:
    """Whether Twilio accepts the credentials and has `TWILIO_PHONE_NUMBER` pointed at this app."""
    unset = missing_twilio_settings(settings)
    if len(unset) == 3:
        return Finding(
            "twilio",
            "skipped",
            "calls and texts are refused (set TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_PHONE_NUMBER)",
        )
    if unset:
        return Finding(
            "twilio", "failed", f"{', '.join(unset)} not set; set all three to take calls and texts"
        )
    try:
        async with TwilioRest(settings) as rest:
            numbers: list[Any] = await rest.call(
                rest.client.incoming_phone_numbers.list_async(
                    phone_number=settings.twilio_phone_number, limit=20
                )
            )
    except TwilioApiError as exc:
        status = _status_of(exc)
        if status in (401, 403):
            return Finding(
                "twilio",
                "failed",
                f"TWILIO_AUTH_TOKEN: Twilio refused the account SID and token (HTTP {status}); copy them again from the console",
            )
        return Finding(
            "twilio",
            "failed",
            f"Twilio's API did not answer the request (HTTP {status or 'none'}); try again, or check TWILIO_API_BASE_URL",
        )
    if not numbers:
        return Finding(
            "twilio",
            "failed",
            f"TWILIO_PHONE_NUMBER: {settings.twilio_phone_number} is not a number of this account; check the number",
        )
    number = numbers[0]
    wrong = [key for key, value in desired_webhooks(settings).items() if getattr(number, key, None) != value]
    where = f"{settings.twilio_phone_number} is on the account"
    if wrong:
        return Finding(
            "twilio",
            "failed",
            f"{where}, but its {', '.join(wrong)} do not point at PUBLIC_BASE_URL ({settings.public_base_url}); run `knotty twilio-setup`",
        )
    return Finding("twilio", "ok", f"{where} and its webhooks point at {settings.public_base_url}")


def _status_of(exc: TwilioApiError) -> int | None:
    """The HTTP status of a failed call; the library's list calls carry it on the response they raise with."""
    if exc.status is not None:
        return exc.status
    for arg in getattr(exc.__cause__, "args", ()):
        status = getattr(arg, "status_code", None)
        if isinstance(status, int):
            return status
    return None
