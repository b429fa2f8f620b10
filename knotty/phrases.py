"""What the agent itself says and recognises, whatever the channel and the brain.

The replies the agent gives on its own (not a brain's): a message too long to read, the last resort
when even the offline brain failed, and the answer to a "thanks" after a finished signup; and the
classifications of whole utterances it needs. The channels' own wording (menus, apologies for an
outage, keyword replies) is in `channels.wording`.
"""

from __future__ import annotations

import re

__all__ = [
    "LAST_RESORT_REPLY",
    "POST_SIGNUP_REPLY",
    "TOO_LONG_REPLY",
    "TOO_MANY_TURNS_REPLY",
    "TOO_MANY_TURNS_SAVED_REPLY",
    "is_pleasantry",
    "web_chat_line",
]

TOO_LONG_REPLY = "That message is a bit long for me. Could you send it in under 1,000 characters?"
LAST_RESORT_REPLY = "Sorry, I didn't quite catch that. Could you say it again?"
POST_SIGNUP_REPLY = "You're welcome! You're all set on the MasseurMatch early-access list. Have a great day."
TOO_MANY_TURNS_REPLY = (
    "We've been at this for a while, so I'll stop here for now. Your details weren't saved, but you're "
    "welcome to come back anytime to join the waitlist. Goodbye!"
)
TOO_MANY_TURNS_SAVED_REPLY = (
    "We've been at this for a while, so I'll stop here for now. Your signup is saved as you confirmed it. "
    "Goodbye!"
)


def web_chat_line(host: str) -> str:
    """Where a caller the line could not hear can sign up by typing, the host said twice as it is spoken
    ("knotty dot example dot com"): `Settings.web_chat_host`."""
    where = host.replace(".", " dot ")
    return f"You can sign up by typing instead, in the chat on our website, {where}. That's {where}."


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
