"""STOP, START and HELP: the carrier keywords a text message may consist of, and nothing more.

Only a message that is just the keyword counts ("stop texting me" is a sentence for the agent), as
carriers and Twilio treat it. YES opts back in only a number that opted out: otherwise it is the
answer to Knotty's last question. When Twilio already acted on a keyword it says which in
`OptOutType` (Advanced Opt-Out may be set up with words in other languages: "ARRET", "PARAR"); its
verdict stands whatever the words, or the number Twilio opted out would be answered as a name.
"""

from __future__ import annotations

import re
from enum import StrEnum

__all__ = ["Keyword", "classify"]


class Keyword(StrEnum):
    """What a keyword message asks for."""

    STOP = "stop"
    START = "start"
    HELP = "help"


_WORDS = {
    **dict.fromkeys(
        (
            "STOP",
            "STOPALL",
            "STOP ALL",
            "UNSUBSCRIBE",
            "CANCEL",
            "END",
            "QUIT",
            "REVOKE",
            "OPTOUT",
            "OPT OUT",
        ),
        Keyword.STOP,
    ),
    **dict.fromkeys(("START", "UNSTOP", "SUBSCRIBE"), Keyword.START),
    **dict.fromkeys(("HELP", "INFO"), Keyword.HELP),
}
_TWILIO_TYPES = frozenset(keyword.value for keyword in Keyword)
_NOISE = re.compile(r"[\s.!?,;:'\"]+")


def classify(body: str, *, opted_out: bool = False, twilio_type: str = "") -> Keyword | None:
    """The keyword this whole message is, if it is one (`twilio_type`: Twilio's `OptOutType`)."""
    told = twilio_type.strip().lower()
    if told in _TWILIO_TYPES:
        return Keyword(told)
    word = _NOISE.sub(" ", body).strip().upper()
    if word == "YES" and opted_out:
        return Keyword.START
    return _WORDS.get(word)
