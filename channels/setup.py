"""`knotty twilio-setup`: point the Twilio number's voice, status and SMS webhooks at `PUBLIC_BASE_URL`.

Finds the configured number (`TWILIO_PHONE_NUMBER`) among the account's incoming numbers through the
REST API, updates its webhook URLs, and prints each setting before and after.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any, TextIO

from channels.public_url import public_url
from channels.sms import SMS_PATH
from channels.twilio_rest import TwilioApiError, TwilioRest
from channels.voice import INCOMING_PATH, STATUS_PATH

if TYPE_CHECKING:
    from knotty import Settings

__all__ = ["desired_webhooks", "missing_twilio_settings", "twilio_setup"]


def desired_webhooks(settings: Settings) -> dict[str, str]:
    """The number's webhook settings Knotty needs, as the REST API names them (snake case)."""
    return {
        "voice_url": public_url(settings, INCOMING_PATH),
        "voice_method": "POST",
        "status_callback": public_url(settings, STATUS_PATH),
        "status_callback_method": "POST",
        "sms_url": public_url(settings, SMS_PATH),
        "sms_method": "POST",
    }


def missing_twilio_settings(settings: Settings) -> list[str]:
    """The settings a Twilio number needs (account, token, number) that are not set."""
    return [
        name
        for name, value in (
            ("TWILIO_ACCOUNT_SID", settings.twilio_account_sid),
            ("TWILIO_AUTH_TOKEN", settings.twilio_auth_token),
            ("TWILIO_PHONE_NUMBER", settings.twilio_phone_number),
        )
        if not value
    ]


def _problems(settings: Settings) -> list[str]:
    return [f"{name} is not set" for name in missing_twilio_settings(settings)]


async def twilio_setup(settings: Settings, out: TextIO | None = None) -> int:
    """Update the number's webhooks; 0 on success, 1 (with the reason printed) otherwise."""
    out = out or sys.stdout
    problems = _problems(settings)
    if problems:
        for problem in problems:
            print(f"twilio-setup: {problem}", file=sys.stderr)
        return 1
    base = settings.public_base_url
    if not base.startswith("https://"):
        print(f"warning: PUBLIC_BASE_URL ({base}) is not https; Twilio needs a public https URL", file=out)
    wanted = desired_webhooks(settings)
    try:
        async with TwilioRest(settings) as rest:
            numbers: list[Any] = await rest.call(
                rest.client.incoming_phone_numbers.list_async(
                    phone_number=settings.twilio_phone_number, limit=20
                )
            )
            if not numbers:
                print(
                    f"twilio-setup: {settings.twilio_phone_number} is not a number of this Twilio account",
                    file=sys.stderr,
                )
                return 1
            number = numbers[0]
            before = {key: getattr(number, key, None) for key in wanted}
            updated = await rest.call(rest.client.incoming_phone_numbers(number.sid).update_async(**wanted))
    except TwilioApiError as exc:
        print(f"twilio-setup: Twilio refused: {exc} (HTTP {exc.status}, code {exc.code})", file=sys.stderr)
        return 1
    print(f"{settings.twilio_phone_number} ({number.sid}):", file=out)
    for key, value in wanted.items():
        now = getattr(updated, key, value)
        if before[key] == now:
            print(f"  {key}: {now} (unchanged)", file=out)
        else:
            print(f"  {key}: {before[key] or '(none)'} -> {now}", file=out)
    return 0
