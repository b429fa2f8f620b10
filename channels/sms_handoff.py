"""The text that lets a caller finish a call's signup by typing, sent through Twilio's REST API.

The core decides when to offer it and which number it goes to (the caller's own, from the signed
webhook: `knotty.handoff`); this sender only sends. Twilio's errors stay here: the core sees
`TextNotSent`, and the call goes on. The conversation it opens is the texting webhook's
(`channels.sms`), keyed by the caller's number.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from channels.sms import CHANNEL
from channels.sms_later import can_answer_later
from channels.sms_text import fit_sms
from channels.twilio_rest import TwilioApiError, TwilioRest
from knotty import TextNotSent, TextSender

if TYPE_CHECKING:
    from datetime import datetime

    from knotty import Settings

__all__ = ["SEND_TIMEOUT_S", "TwilioTextSender", "build_text_sender"]

SEND_TIMEOUT_S = 5.0
"""The caller waits on the line while the text is sent: give up well inside Twilio's webhook timeout."""


class TwilioTextSender(TextSender):
    """Sends one text per handoff from Knotty's number (or Messaging Service)."""

    channel = CHANNEL

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    async def send(self, to: str, body: str) -> str:
        try:
            async with TwilioRest(self.settings, timeout_s=SEND_TIMEOUT_S) as rest:
                return await rest.send_sms(to, fit_sms(body))
        except TwilioApiError as exc:
            raise TextNotSent(str(exc)) from exc

    async def find(self, to: str, body: str, since: datetime) -> str | None:
        try:
            async with TwilioRest(self.settings, timeout_s=SEND_TIMEOUT_S) as rest:
                found = await rest.find_sms(to, fit_sms(body), since)
        except TwilioApiError as exc:
            raise TextNotSent(str(exc)) from exc
        return found[0] if found else None


def build_text_sender(settings: Settings) -> TwilioTextSender | None:
    """The sender, or None when texts can't be sent by the REST API (then no text is offered)."""
    return TwilioTextSender(settings) if can_answer_later(settings) else None
