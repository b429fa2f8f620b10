"""What a conversation remembers between turns, stored as JSON on its row (never only in memory)."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import BaseModel, Field

__all__ = ["ConversationState", "Modality", "SmsOffer", "Stage", "TextHandoff"]


class Modality(StrEnum):
    """Whether the person hears Knotty (phone call) or reads it (SMS, web chat)."""

    SPOKEN = "spoken"
    WRITTEN = "written"


class Stage(StrEnum):
    """Where the signup stands, as every brain and channel sees it."""

    COLLECTING = "collecting"
    SAVED = "saved"
    DONE = "done"


class SmsOffer(StrEnum):
    """The confirmation-SMS offer, made only once the entry is saved."""

    NOT_OFFERED = "not_offered"
    OFFERED = "offered"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    UNAVAILABLE = "unavailable"
    """No text can go to this number (no sender, not a mobile in the countries texted, opted out, capped):
    none is offered or promised."""


class TextHandoff(StrEnum):
    """The offer to finish a call by text, made at most once per call when a field fails twice."""

    NOT_OFFERED = "not_offered"
    OFFERED = "offered"
    """The caller's number can take a text and they were asked whether they want one."""
    DECLINED = "declined"
    UNAVAILABLE = "unavailable"
    """No text can go to the caller's number (none, not a mobile in the countries texted, opted out,
    capped, no sender): none is offered."""
    FAILED = "failed"
    """They said yes but the text could not be sent: the call goes on."""
    SENT = "sent"
    """The text went out: the conversation carries on by text, where the person's reply continues it."""


class ConversationState(BaseModel):
    """The conversation's shared facts, plus each brain's private memory."""

    stage: Stage = Stage.COLLECTING
    modality: Modality = Modality.WRITTEN
    caller_number: str | None = None
    """The number the person reaches Knotty from, offered as "this number" (used only if they say so)."""
    caller_proven: bool = False
    """The channel vouches that the person holds `caller_number` (a signed SMS `From`, a caller ID the
    phone network attests): only then does it count as theirs (`proven_number`)."""
    entry_id: int | None = None
    entry_owned: bool = False
    """This conversation wrote the entry (or proved it holds its phone), so a correction may change it."""
    saved_fields: dict[str, str] | None = None
    sms: SmsOffer = SmsOffer.NOT_OFFERED
    silences: int = 0
    ended: bool = False
    returning: bool = False
    """The channel-verified number this person calls or texts from is already on the waitlist (another
    conversation's entry). Only that fact: no stored detail is ever put here or read out."""
    caller_looked_up: bool = False
    """The caller's number was checked against the list (once per conversation)."""
    listed_contacts: list[str] = Field(default_factory=list)
    """The channel-verified number (`caller_number`) when another entry already lists it: a phone or email
    the person types or says is never looked up (`knotty.returning`), so it is never recognised."""
    separate_signup: bool = False
    """The person said a listed phone or email is someone else's (a shared phone, a couple's address): their
    signup is their own, never an update of that entry, even from its number."""
    text_handoff: TextHandoff = TextHandoff.NOT_OFFERED
    earlier_channels: list[str] = Field(default_factory=list)
    """Channels this conversation was carried on before its current one, oldest first (a call finished
    by text: `["voice"]`)."""
    memory: dict[str, Any] = Field(default_factory=dict)
    """Per-brain scratch space, keyed by brain name (the offline brain keeps its slots here)."""

    @property
    def proven_number(self) -> str | None:
        """`caller_number` when the channel proves the person holds it, else None: the only number looked
        up on the waitlist, that may update the entry listing it, whose texts are the person's own and to
        which a call may be finished by text. An unproven one is like a number typed on the web."""
        return self.caller_number if self.caller_proven else None

    def note_caller(self, number: str | None, *, proven: bool) -> None:
        """Take the number this turn comes from. A proof holds for the rest of the conversation while the
        number stays the same (a call's later webhooks need not repeat its attestation); a new number is
        proven only by its own turn."""
        if not number:
            return
        if number != self.caller_number:
            self.caller_number, self.caller_proven = number, proven
        elif proven:
            self.caller_proven = True

    def brain_memory(self, brain: str) -> dict[str, Any]:
        """The mutable memory of one brain."""
        mine: dict[str, Any] = self.memory.setdefault(brain, {})
        return mine
