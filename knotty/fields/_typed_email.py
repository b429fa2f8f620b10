"""An address typed with its marks set apart or written another way, put back together before it is read.

People type "ana . lima @ example . com" (a space around each mark), "ana(at)example(dot)com" or "ana [at]
example [dot] com" (to keep robots off), on a Chinese or Japanese keyboard "ana＠example．com" (the
full-width marks, or all of it full-width), and on a phone "o’brien@" (its keyboard's curly apostrophe). Read as they were, the first lost its dots (analima@example.com), "ana . lima@..." kept
only lima@, and the full-width ones were no address at all.
"""

from __future__ import annotations

import re

__all__ = ["typed_marks"]

_WIDE_MARKS = str.maketrans({
    **{chr(code): chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F)},
    "﹫": "@", "｡": ".", "。": ".", "’": "'", "ʼ": "'",
})  # fmt: skip
"""Full-width marks, letters and digits (U+FF01-U+FF5E are ASCII's in another width: an input method left in
full-width types the whole address so, "ｂｏ．ｃｈｅｎ＠ｅｘａｍｐｌｅ．ｃｏｍ", which was never read), and the curly
apostrophe a phone's keyboard types for "'" ("sean.o’brien@gmail.com": the address had been read from after
it, and brien@gmail.com saved)."""
_UNUSUAL = re.compile(
    r"[\uFF01-\uFF5E﹫｡。’ʼ]|[(\[{<]\s*(?:at|dot)\s*[)\]}>]|\s@|@\s|\s[._]\s", re.IGNORECASE
)
"""Any sign that the marks of an address may be typed apart: the cheap test before anything is rewritten."""
_BRACKETED = re.compile(r"\s*[(\[{<]\s*(at|dot)\s*[)\]}>]\s*", re.IGNORECASE)
_SPACED_ADDRESS = re.compile(
    r"(?<![\w.+'-])((?:[\w+'-]+[ \t]*[._-][ \t]*)*[\w+'-]+)([ \t]*@[ \t]*)([\w-]+(?:[ \t]*\.[ \t]*[\w-]+)+)"
)
_SPACED_JOINER = re.compile(r"[ \t]+([._])[ \t]+")
"""A dot or underscore with a space on both sides: a sentence's full stop has none before it ("Ana Lima.
ana@x.com" keeps its doubt), and a dash between spaces is a separator ("Ana Lima - ana@x.com"), left alone."""
_SPACE = re.compile(r"[ \t]+")


def _joined(m: re.Match[str]) -> str:
    local, at, domain = m.group(1), m.group(2), m.group(3)
    if at.strip() != at or _SPACE.search(domain):  # "ana . lima @ example . com": every mark spaced alike
        return _SPACED_JOINER.sub(r"\1", local) + "@" + _SPACE.sub("", domain)
    # "stacey . mccoy@hotmail.com": as a keyboard's "stacey. mccoy@", asked about ("did you mean ...?"), since
    # "Ana Lima . ana@x.com" may be a name and then the address; it had kept mccoy@ without a word.
    return _SPACED_JOINER.sub(r"\1 ", local) + "@" + domain


def typed_marks(text: str) -> str:
    """``text`` with an address's marks put back: full-width ＠ and ． as @ and ., "(at)", "[dot]" as @ and .,
    and the spaces around the @ and the domain's dots dropped, with those of a dot or underscore spaced on
    both sides before the @ ("ana . lima @ example . com" is ana.lima@example.com). Before an @ typed
    without spaces, such a dot is read as a keyboard's "ana. lima@", which is asked about. Anything else is
    left as typed."""
    if not _UNUSUAL.search(text):
        return text
    text = text.translate(_WIDE_MARKS)
    text = _BRACKETED.sub(lambda m: "@" if m.group(1).lower() == "at" else ".", text)
    return _SPACED_ADDRESS.sub(_joined, text)
