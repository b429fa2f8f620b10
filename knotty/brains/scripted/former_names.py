"""A name given with the one it replaced ("Ana Lynn born Lima", "Ana Lima, married name Lynn"): the name to save
is the current one.

Answered to the name question, "Ana Lynn born Lima" and "Ana Lynn nee Lima" had been read back "Ana Lynn Born
Lima", "Ana Lynn geb. Lima" "Ana Lynn Geb", and "Ana Lima, married name Lynn" or "Ana Lima, now Lynn" saved
"Ana Lima", the name she no longer has.
"""

from __future__ import annotations

import re

__all__ = ["current_name"]

_WORD = r"[^\W\d_][\w'’-]*"
_FORMER = re.compile(
    r"(?:\s*[,(;]\s*|\s+)(?:n[ée]e|born|formerly|previously|maiden\s+name(?:\s+(?:was|is))?|birth\s+name"
    r"|geb\.?|geborene?|z\s+domu|nata|nato|nacida|nascida|f[öø]dd|født|rozen[áa]|roz\.|sz\.|született"
    r"|o\.\s?s\.|omaa\s+sukua)\s+"
    rf"{_WORD}(?:\s+{_WORD})?(?=\s*(?:[,;.)]|$))\)?",
    re.IGNORECASE,
)
"""A former name beside the current one: "née Lima", "(born Lima)", "geb. Lima", "z domu Lima", "född Lima",
"maiden name Lima". "born in Lima", "born on ..." are no name: the name must end the clause."""
_NOW = re.compile(
    rf"^(?P<before>.*?{_WORD})\s*[,;]?\s+(?:(?:my\s+)?married\s+name(?:\s+(?:is|was))?|now|but\s+now)\s+"
    rf"(?P<new>{_WORD})\s*[.!]?\s*$",
    re.IGNORECASE,
)
"""The current surname after the name it replaced: "Ana Lima, married name Lynn", "Ana Lima, now Lynn"."""
_CUES = re.compile(
    r"n[ée]e\b|born|former|previous|maiden|birth|geb|z\s+domu|nat[ao]|f[öø]d|rozen|married|now\b"
)
"""The cheap test first: a word of a former or current name in the message at all."""


def current_name(text: str) -> str:
    """``text`` with a former name taken out and a current surname put in place of the one it replaced, or
    ``text`` itself when it names no former name."""
    if not _CUES.search(text.lower()):
        return text
    text = _FORMER.sub("", text)
    now = _NOW.match(text)
    if now is None:
        return text
    words = now.group("before").strip(" ,;:").split()
    if not words or len(words) > 3:
        return text
    kept = words[:-1] if len(words) > 1 else words
    return " ".join([*kept, now.group("new")])
