"""A word of a name put right by a spelling said apart from it ("Ana Smith. S-M-Y-T-H.").

The name's reader takes a spelling that runs on from the name ("Ana Smith, that's S-M-Y-T-H"); one said
after a full stop, after words of its own ("Ana Smith, no, S-M-Y-T-H.", "Brown with an E, B-R-O-W-N-E") or
one turn late, to the next question, is apart from the name, and had been dropped: "Ana Smith" was read
back to a caller who had spelled Smyth. Such a spelling is taken only when it is plainly of a word of the
name: the same first letter, one letter changed in a short word, two in a longer (`close_spelling`), and
no word already spelled so; never letters of an address, nor of another script.
"""

from __future__ import annotations

import re

from knotty.fields._name_reading import SOMEONE, close_spelling, folded, spelling_changes
from knotty.fields.spoken import spelled_runs

__all__ = ["late_spelling", "spelled_word_put_right", "spelling_runs"]

_SHORTEST = 3
"""Letters a spelling needs to be taken for a word of the name: two ("a y" of "with a Y") are a remark."""


def _most_changes(word: str) -> int:
    """Letters a spelling may change in a word of the name: one in a short word ("Ana" is no "a b c"), two in a
    longer one ("Kowalsky", "k o v a l s k i")."""
    return 1 if len(word) <= _SHORT_WORD else 2


_SHORT_WORD = 5


def spelling_runs(text: str) -> set[str]:
    """Words spelled in ``text`` (`spelled_runs`), also each sentence's alone ("with an O. Z-A-D-O-R-A." spells
    zadora, not ozadora), but none of a part that is an address ("S-M-Y-T-H at gmail dot com")."""
    pieces = _SENTENCE_OR_PAUSE.split(text)
    runs = set() if _ADDRESS_WORD.search(text) else spelled_runs(text)
    for piece in pieces:
        if len(pieces) > 1 and not _ADDRESS_WORD.search(piece):
            runs |= spelled_runs(piece)
    return runs


_SENTENCE_OR_PAUSE = re.compile(r"[,;!?]|\.(?:\s|$)")
_ADDRESS_WORD = re.compile(r"@|\b(?:at|dot)\b", re.IGNORECASE)


def spelled_word_put_right(
    name: str, runs: set[str], said: str = "", *, surname_only: bool = False
) -> str | None:
    """``name`` with the word a spelled run is of replaced by it, or None when no run is plainly a spelling of
    one of its words (or every such run spells its word as it is, or a word ``said`` beside the name that is
    unlike the name's: "Mark Ellis, Dora, D-O-R-A" spells Dora; "Ana Smith, no, Smyth, S-M-Y-T-H" the surname
    said again). The closest word wins; a tie, the later. ``surname_only``: only the last word may be put
    right (a first name's spelling, "J-O-H-N" from Jon, is more likely the start of an address)."""
    words = name.split()
    plain = [folded(w) for w in words]
    others = {folded(w) for w in said.split()} - set(plain)
    if not others.isdisjoint(SOMEONE):
        return None  # "Mark Ellis, my wife is Mary, M-A-R-Y": the spelling may be of someone else's name
    best: tuple[int, int, str] | None = None
    for run in runs:
        if len(run) < _SHORTEST or not folded(run).isascii() or folded(run) in plain:
            continue  # "Kısakürek, K I S A K Ü R E K" spells the word as it is; "बुद्ध" has no letters spelled
        for k, word in enumerate(plain):
            if surname_only and k < len(plain) - 1:
                continue
            if (
                close_spelling(word, run)
                and spelling_changes(word, run) <= _most_changes(word)
                and (folded(run) not in others or spelling_changes(word, run) <= 1)
            ):
                changes = spelling_changes(word, run)
                if best is None or (changes, -k) < (best[0], -best[1]):
                    best = (changes, k, run)
    if best is None:
        return None
    words[best[1]] = best[2].capitalize()
    return " ".join(words)


_MOST_OTHER_WORDS = 4
"""Words beside a late spelling ("no, sorry, it's Smyth, S-M-Y-T-H"); more, and it is some other answer."""


def late_spelling(text: str, known: str, *, surname_only: bool = False) -> str | None:
    """The name ``known`` put right by a spelling answered to the next question ("S-M-Y-T-H", to "Which phone
    number?"): the caller was still on the name. It had been "I didn't get the whole number", the spelling
    dropped and "Ana Smith" read back. Only an answer that is little besides the spelling, with no digits.
    At the email question (``surname_only``) only the surname's: a spelled first name may begin the address."""
    if any(c.isdigit() for c in text):
        return None
    runs = spelling_runs(text)
    if not runs:
        return None
    spelled = {
        folded(run) for run in runs
    }  # "it's Smyth with a Y, S-M-Y-T-H": the word said is no other word
    others = [
        w for w in re.findall(r"[^\W\d_]+(?:['’][^\W\d_]+)?", text) if len(w) > 1 and folded(w) not in spelled
    ]
    if len(others) > _MOST_OTHER_WORDS:
        return None
    return spelled_word_put_right(known, runs, surname_only=surname_only)
