"""Who may be sent a confirmation text: the rules that keep Knotty from being an SMS pump.

A confirmation text costs the owner money and can be aimed at any number a stranger types into the
web chat, so it is offered and sent only to a mobile number in the countries MasseurMatch operates
in, at most once per number per `per_number_days`, and at most `hourly_cap` an hour across every
process (both counted in the database). The number's own checks are here; the counting is the store's:
read when the person says yes (`Store.text_decision`), the acceptance written with that turn, and
held again under the texts' lock where the outbox claims the text, so two processes can't both pass it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING, Protocol, Self

import phonenumbers
from phonenumbers import PhoneNumberType

from knotty.store.models import utcnow

if TYPE_CHECKING:
    from knotty.config import Settings
    from knotty.limits import Taken

__all__ = ["SenderAllowances", "TextAllowance", "TextingRules"]

_TEXTABLE = frozenset({PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE})


class TextAllowance(Protocol):
    """A channel's own cap on the confirmation texts one sender may ask for (the web chat's, per client
    address): a stranger can type a new number into each of many chats, and the number's own rules
    (one text per number per `per_number_days`) hold none of them back, so without it one address could
    spend the whole hourly cap on texts to people who asked for nothing, shutting out real signups."""

    async def take(self, to: str) -> Taken:
        """Count one accepted text to `to` against the allowance; REFUSED (false, nothing counted) when it
        is used up. A text to the sender's own channel-verified number may pass uncounted: it is their own."""
        ...

    async def give_back(self, to: str) -> None:
        """Return what `take` COUNTED for `to`: the turn that accepted the text lost (another writer came
        first, the write failed), so the text was never accepted."""
        ...


class SenderAllowances(Protocol):
    """The phone channels' `TextAllowance` of each texting or calling number, built by the composition
    root on its shared counters: one sender texting "join" again and again, typing a new number each
    time, would otherwise spend the whole hourly cap, as one web address could."""

    def __call__(self, channel: str, caller_number: str | None, *, proven: bool) -> TextAllowance | None:
        """The allowance of whoever writes or calls on `channel` from `caller_number` (the signed SMS
        `From` or the caller ID; None when unknown); None when the channel has no cap of its own.

        `proven`: the channel vouches that the person holds `caller_number` (`Inbound.caller_proven`).
        An unproven one (a caller ID the network does not attest) must not spend the allowance of the
        number it names, nor pass a text to that number uncounted as the person's own."""
        ...


@dataclass(frozen=True)
class TextingRules:
    """Where confirmation texts may go, and how many."""

    countries: frozenset[str] = frozenset({"US", "CA"})
    per_number_days: float = 30.0
    hourly_cap: int = 100
    own_numbers: frozenset[str] = frozenset()
    """Knotty's own numbers (`TWILIO_PHONE_NUMBER`): typed or spoofed as a person's, never texted."""

    @classmethod
    def from_settings(cls, settings: Settings) -> Self:
        """The deployment's rules: the same for the agent's offers and the sender's last check."""
        return cls(
            countries=settings.sms_country_set,
            per_number_days=settings.sms_per_number_days,
            hourly_cap=settings.sms_hourly_cap,
            own_numbers=frozenset(filter(None, [settings.twilio_phone_number])),
        )

    def refusal(self, phone: str) -> str | None:
        """Why no text may go to this E.164 number (None when one may)."""
        if phone in self.own_numbers:
            return "our own number"
        return _refusal(phone, self.countries)

    def per_number_since(self, now: datetime | None = None) -> datetime:
        """Texts requested after this moment count against the number's allowance."""
        return (now or utcnow()) - timedelta(days=self.per_number_days)

    @staticmethod
    def hour_ago(now: datetime | None = None) -> datetime:
        """Texts requested after this moment count against the hourly cap."""
        return (now or utcnow()) - timedelta(hours=1)


@lru_cache(maxsize=256)
def _refusal(phone: str, countries: frozenset[str]) -> str | None:
    """`TextingRules.refusal`, remembered (a pure function of its arguments: a save and the text's
    acceptance ask about the same number). The number's region is found once: `is_valid_number` is
    `is_valid_number_for_region` of that region, which `region_code_for_number` searches for again."""
    try:
        number = phonenumbers.parse(phone, None)
    except phonenumbers.NumberParseException:
        return "not a phone number"
    region = phonenumbers.region_code_for_number(number)
    if region is None or not phonenumbers.is_valid_number_for_region(number, region):
        return "not a valid number"
    if region not in countries:
        return "outside the countries we text"
    if phonenumbers.number_type(number) not in _TEXTABLE:
        return "not a mobile number"
    return None
