"""The two roles in the words of the languages whose sign-up sentences the offline brain already knows.

Asked "therapist or client?", a person who had begun in Swahili answered "Mimi ni mteja" ("I am a client")
or "Mimi ni mtaalamu wa masaji" ("I'm a massage specialist") and heard the question again until Knotty gave
up: the role reader knew English words only, while the name reader knew these languages' sign-up sentences
(`brains/scripted/other_languages.py`). Here are the role words of those languages and of Spanish, folded
(lower case, no accents), read only as the answer to the role question. A negation in the same language
("mimi si mteja", "je ne suis pas masseuse") leaves the role unread: it is asked again, never guessed.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Literal

__all__ = ["role_abroad", "says_not_abroad"]

_THERAPIST = {
    "German": "masseur|masseurin|therapeut|therapeutin|massagetherapeut|massagetherapeutin",
    "French": "masseuse|massotherapeute|therapeute",
    "Spanish": "masajista|terapeuta|masoterapeuta",
    "Portuguese": "massagista|terapeuta|massoterapeuta",
    "Italian": "massaggiatore|massaggiatrice|terapista|massoterapista|massaggiatori",
    "Polish": "masazysta|masazystka|terapeuta|terapeutka",
    "Dutch": "masseur|masseuse|massagetherapeut|therapeut",
    "Swedish": "massor|massos|massageterapeut|terapeut",
    "Turkish": "masor|masoz|terapist|masaj terapisti",
    "Vietnamese": "tho mat xa|tho massage|ky thuat vien massage|ky thuat vien mat xa|nhan vien mat xa",
    "Indonesian": "terapis|tukang pijat|terapis pijat",
    "Tagalog": "masahista|terapista",
    "Swahili": "mtaalamu wa masaji|mtaalamu wa kukanda|mkandaji|mfanya masaji|natoa masaji",
}
"""Who gives massages, a language's words and phrases parted by "|"."""

_CLIENT = {
    "German": "kunde|kundin|klient|klientin",
    "French": "cliente",
    "Spanish": "cliente",
    "Portuguese": "cliente",
    "Italian": "cliente",
    "Polish": "klient|klientka",
    "Dutch": "klant",
    "Swedish": "kund",
    "Turkish": "musteri",
    "Vietnamese": "khach hang",
    "Indonesian": "pelanggan|klien",
    "Tagalog": "kliyente|suki",
    "Swahili": "mteja|wateja",
}
"""Who books them ("client" itself is read as English)."""

_NEGATIONS = (
    "nicht kein keine keiner pas nao nie niet geen inte icke degil\\w* khong bukan tidak hindi sio siyo"
)
""""not" in those languages: with one, the answer is left unread ("mimi si mteja", "je ne suis pas cliente"),
the English role words in it too ("ich bin kein Masseur")."""
_NOT_ALONE = "ne no non si"
"""Short "not"s that are other words elsewhere (English "no", Spanish "sí"): only beside a role word here."""


def _phrases(by_language: dict[str, str]) -> re.Pattern[str]:
    words: set[str] = set()
    for listed in by_language.values():
        words.update(p.strip() for p in listed.split("|"))
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])")


_THERAPIST_RE = _phrases(_THERAPIST)
_CLIENT_RE = _phrases(_CLIENT)
_NEGATION_RE = re.compile(r"(?<![\w-])(?:" + "|".join(_NEGATIONS.split()) + r")(?![\w-])")
_NOT_ALONE_RE = re.compile(r"(?<![\w-])(?:" + "|".join(_NOT_ALONE.split()) + r")(?![\w-])")


def _folded(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text.lower().replace("ı", "i").replace("đ", "d"))
    return " ".join("".join(c for c in plain if not unicodedata.combining(c)).replace("-", " ").split())


def role_abroad(text: str) -> Literal["therapist", "client", "both"] | None:
    """The role an answer names in one of these languages; "both" when it names both; None when it names
    neither, or says "not"."""
    low = _folded(text)
    therapist, client = _THERAPIST_RE.search(low), _CLIENT_RE.search(low)
    if not (therapist or client) or says_not_abroad(low) or _NOT_ALONE_RE.search(low):
        return None
    if therapist and client:
        return "both"
    return "therapist" if therapist else "client"


def says_not_abroad(text: str) -> bool:
    """Whether an answer has one of those languages' "not"s that is no word of English or Spanish."""
    return _NEGATION_RE.search(_folded(text)) is not None
