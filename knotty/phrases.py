"""Short, channel-agnostic classifications of whole utterances that the agent itself needs."""

from __future__ import annotations

import re

__all__ = ["is_pleasantry"]

_PLEASANTRY = re.compile(
    r"^\s*(?:ok(?:ay)?|k|kk|thanks?(?: you)?(?: so much| very much| again)?|thank u|thx|ty|great|perfect|cool|"
    r"awesome|got it|sounds good|bye|goodbye|good bye|bye bye|cheers|you too|same to you|have a good (?:one|day|night)|"
    r"will do|nice|yay|👍|🙏|😊|🙂|❤️)(?:[\s,!.]+(?:ok(?:ay)?|thanks?(?: you)?|bye|cheers|great|"
    r"perfect|you too|have a good (?:one|day|night)|😊|🙂|👍|🙏))*[\s!.]*$",
    re.IGNORECASE,
)


def is_pleasantry(text: str) -> bool:
    """True for a closing remark ("thanks!", "ok bye") that should not reopen a finished signup."""
    return bool(_PLEASANTRY.match(text))
