"""Tools are grounded like fields: ending or texting needs the person to have asked for it.

The judge is the offline brain's intent reading (`understand`), the same one that drives its own
flow, so the model can never end a conversation on "Hi, I'd like to join" or text someone who did
not say yes. Imported lazily: the offline brain itself imports the tools.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from knotty.brains.scripted.understanding import understand

if TYPE_CHECKING:
    from knotty.brains.base import BrainContext
    from knotty.transcript import ChatLine

__all__ = ["said_leaving", "said_yes", "said_yes_after_save"]

_NAMES_A_TEXT = re.compile(r"\b(text|texts|texting|sms|message)\b", re.IGNORECASE)


def _last_said(ctx: BrainContext) -> str:
    texts = ctx.user_texts()
    return texts[-1] if texts else ""


def said_leaving(ctx: BrainContext) -> bool:
    """The person's latest words say they are leaving or do not want to sign up."""
    text = _last_said(ctx)
    if not text:
        return False
    reading = understand(text, "", region=ctx.region)
    return reading.goodbye or reading.refusal


def said_yes(ctx: BrainContext) -> bool:
    """The person's latest words accept the confirmation text."""
    text = _last_said(ctx)
    return bool(text) and understand(text, "sms", region=ctx.region).yes is True


def said_yes_after_save(ctx: BrainContext) -> bool:
    """The person accepted the text with words said after the entry was saved.

    A text can only have been offered once the entry exists: the "yes" that confirmed the read-back
    came before the save, and a model that texts on it sends a text nobody was asked about. Words
    that name the text ("yes, and text me") ask for it whenever they were said; when this
    conversation holds no save of its own (an entry found another way), any accepting words count.
    """
    lines = [*ctx.history, *ctx.turn_lines]
    saved_at = next((i for i, ln in enumerate(lines) if _saved(ln)), None)
    answered = saved_at is None or any(ln.role == "user" and ln.content for ln in lines[saved_at:])
    return said_yes(ctx) and (answered or _NAMES_A_TEXT.search(_last_said(ctx)) is not None)


def _saved(line: ChatLine) -> bool:
    """A tool line saying the entry was saved."""
    payload = line.payload if line.role == "tool" and line.payload else {}
    result = payload.get("result")
    return (
        payload.get("name") == "save_waitlist_entry" and isinstance(result, dict) and result.get("ok") is True
    )
