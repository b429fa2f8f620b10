"""Tools are grounded like fields: ending or texting needs the person to have asked for it.

The judge is the offline brain's intent reading (`understand`), the same one that drives its own
flow, so the model can never end a conversation on "Hi, I'd like to join" or text someone who did
not say yes. Imported lazily: the offline brain itself imports the tools.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from knotty.brains.scripted.understanding import understand

if TYPE_CHECKING:
    from knotty.brains.base import BrainContext

__all__ = ["said_leaving", "said_yes"]


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
