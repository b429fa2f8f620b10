"""People's names: check a given one, find one in what a person said.

A name is kept as the person gave it when they typed it with care ("DeShawn
McDonald"), and given sensible capitals when they did not ("ana lima", "ANA
LIMA", a recogniser's lower-case output). We refuse what is plainly not a
name (digits, an e-mail address, "um", "yes") but are generous otherwise:
real names have hyphens, apostrophes, accents and particles. Reading a name
out of a sentence is done by :mod:`knotty.fields._name_reading`.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from knotty.fields._common_words import COMMON_WORDS
from knotty.fields._family_first import opens_with_family_name
from knotty.fields._name_reading import (
    FIRST_CUES,
    INTRODUCING,
    LAST_CUES,
    LEGAL_CUES,
    NICKNAME_CUES,
    SIGNUP_CUES,
    STRONG_CUES,
    VIETNAMESE_MIDDLE,
    WEAK_CUES,
    cue_ends,
    folded,
    name_tokens,
    read_name,
)
from knotty.fields._name_reading_languages import in_english
from knotty.fields._name_words import FILLERS, NOT_NAMES, PARTICLES, in_word_mark, irish_article
from knotty.fields._traits import states_a_trait
from knotty.fields.errors import FieldError
from knotty.fields.spoken import LETTER_NAMES, read_spelling
from knotty.fields.spoken import tokenize as spoken_tokens

__all__ = [
    "UNSEEN_LETTERS",
    "as_seen",
    "extract_name",
    "extract_name_spelling",
    "greeting_name",
    "is_full_name",
    "join_names",
    "led_by_other_field",
    "letter_names_joined",
    "name_words",
    "nobodys_name",
    "normalize_name",
    "same_first_name",
    "same_surname",
    "says_no_surname",
    "says_single_name",
    "swap_name_order",
    "without_aka",
    "without_nicknames",
    "without_single_name_words",
    "written_family_first",
]

_MAX_LENGTH = 100
_SHORTENED = 3  # the shortest first name taken as a shortening of a longer one ("Sam", "Samantha")
_NAME_PUNCTUATION = frozenset("-'. ")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "ʼ": "'"})
UNSEEN_LETTERS = "".join([
    "\u3164\u115f\u1160\uffa0",  # Hangul fillers: letters to Unicode, blank to the eye ("ㅤ ㅤ")
    "\u034f\u17b4\u17b5",  # the combining grapheme joiner, Khmer's two invisible vowels
    *map(chr, range(0xFE00, 0xFE10)),  # variation selectors 1-16 (an emoji's presentation)
])  # fmt: skip
"""Characters that show nothing, which Unicode counts as letters or marks: typed into a name (a blank
game nickname, a pasted emoji's selector), they were saved ("ㅤㅤ Lea Wu"), and a name of them alone was
taken. The agent drops them from every utterance (`agent._printable`); a name checked here (a model's
tool call) drops them too. The ideographic variation selectors (U+E0100 on), which pick a Japanese
name's kanji, are kept."""
_WIDE = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
"""Full-width letters and marks (U+FF01-U+FF5E, an input method left in full width: "Ａｎａ Ｌｉｍａ") as the
letters they are: saved as typed, the name read "Ａｎａ" back, the admin found no "Ana Lima" in it, and the
same person typing plainly later was a different name."""
_TYPED_AS_SEEN = {**_APOSTROPHES, **_WIDE, **str.maketrans(dict.fromkeys(UNSEEN_LETTERS))}
"""One pass over a name: unseen letters dropped, every apostrophe the plain one, full width made plain."""
_STYLED = re.compile("[\U0001d400-\U0001d7ff]+")
"""Mathematical letters, which "fancy text" generators type names in ("𝓐𝓷𝓪 𝓛𝓲𝓶𝓪", "𝐀𝐧𝐚"): styled forms of
plain letters (their compatibility decomposition), kept as the letters."""


def as_seen(text: str) -> str:
    """`text` in the letters a reader sees in it: composed (NFC), without unseen letters, with plain
    apostrophes, and full-width and styled ("𝐀𝐧𝐚") letters as the plain ones they show."""
    text = unicodedata.normalize("NFC", text).translate(_TYPED_AS_SEEN)
    if text and max(text) >= "\U0001d400":
        text = _STYLED.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)
    return text


_STRIP = ' \t,;:!?"()[]'
_MARKS = frozenset({"Mn", "Mc"})


def _one_letter(piece: str) -> bool:
    """One letter, with the vowel signs of its script ("C", "सी"): what an initial is written with."""
    return bool(piece) and piece[0].isalpha() and all(unicodedata.category(c) in _MARKS for c in piece[1:])


def _ends_in_initial(text: str) -> bool:
    """Whether ``text`` ends in an initial and its dot ("Ana L.", "K.C.", "के.सी."), a dot kept."""
    return text.endswith(".") and _one_letter(text[:-1].rsplit(None, 1)[-1].rsplit(".", 1)[-1])


def _initials_joined(text: str) -> str:
    """Two or three initials that end a name after a word ("Ram K. C.", "राम के. सी."): a surname written so, as the
    Nepali K.C. (Khatri Chhetri) and B.K. are, joined as it is written ("Ram K.C."). "J. R. Smith" is left."""
    words = text.split(" ")
    tail = 0
    while tail < min(3, len(words) - 1) and _one_letter(words[-1 - tail].rstrip(".")):
        tail += 1
    if tail < 2 or not all(w.endswith(".") for w in words[-tail:-1]):
        return text
    return " ".join(words[:-tail]) + " " + "".join(words[-tail:])


_ELIDED = frozenset({"o", "d", "l", "n", "m", "dell", "dall", "nell", "sant", "all"})
"""Words elided or joined before a name that keeps its capital: Irish O' (O'Brien), d' and l' (D'Angelo, D'Souza,
L'Amour), West African N' and M' (N'Golo, N'Diaye, M'Bow), Italian Dell', Sant' (Dell'Acqua, Sant'Angelo)."""
_PREFIXES = frozenset({"de", "da", "la", "le", "ke", "ka", "te", "ty", "sha"})
"""Syllables put before a given name in names such as De'Andre, La'Shawn, Da'Quan, Ke'Andre, Sha'Quille: the name
after the apostrophe keeps its capital when it is a name of three letters or more."""


def _capital_after_apostrophe(head: str, tail: str) -> bool:
    """Whether the letters after an apostrophe start a name of their own ("o'brien": O'Brien). Most apostrophes
    inside a name mark a sound, not a join, as Unicode's word rules have them: Hausa and Arabic 'ayn ("sa'idu",
    "ja'far": Sa'idu, Ja'far, which had been Sa'Idu), Uzbek "e'zoza", Zulu "s'fiso", Kenyan "ng'ang'a",
    Ukrainian "мар'яна"; "'s" never does."""
    if len(tail) < 2:
        return False
    return head in _ELIDED or (head in _PREFIXES and len(tail) >= 3)


def _capitalize_piece(piece: str) -> str:
    """Capitalise one hyphen-free piece: "o'neil" -> "O'Neil", "mcdonald" -> "McDonald"."""
    if not piece:
        return piece
    if "'" in piece:
        head, _, tail = piece.partition("'")
        if _capital_after_apostrophe(head, tail):
            tail = _capitalize_piece(tail)
        return _capitalize_piece(head) + "'" + tail
    if piece.startswith("mc") and len(piece) > 3:
        return "Mc" + piece[2].title() + piece[3:]
    return piece[0].title() + piece[1:]


def _capitalize_part(part: str, first: bool) -> str:
    """Capitalise one space-free, lower-case part of a name."""
    if not first and part in PARTICLES:
        return part
    return "-".join(_capitalize_piece(piece) for piece in part.split("-"))


def _recase(parts: list[str]) -> list[str]:
    """Give capitals to a name typed or transcribed without care. The article of an Irish surname stays
    lower-case ("Mac an Bhaird"), as a particle does."""
    letters = "".join(parts)
    lower = letters == letters.lower() or letters == letters.upper()
    out: list[str] = []
    for i, part in enumerate(parts):
        if i and irish_article(parts[i - 1], part) and (lower or part == part.lower()):
            out.append(part.lower())
        elif lower:
            out.append(_capitalize_part(part.lower(), i == 0))
        else:  # mixed case: keep what the person chose, but lift parts left all lower-case
            out.append(_capitalize_part(part, i == 0) if part == part.lower() else part)
    return out


def _vietnamese_given_letter(text: str) -> bool:
    """Whether ``text`` ends with a one-letter Vietnamese given name after Văn or Thị ("Nguyen Van A."): its
    dot ends the sentence, it marks no initial."""
    words = text.split()
    return len(words) > 2 and folded(words[-2]) in VIETNAMESE_MIDDLE and len(words[-1].rstrip(".")) == 1


_HYPHEN_SPELLING = re.compile(r"(?:[^\W\d_]-){2,}[^\W\d_]")
"""Three or more single letters joined by hyphens: how Whisper writes a word spelled aloud ("S-M-Y-T-H")."""


def _hyphens_spelled(piece: str) -> str:
    """The word a piece spells when it is letters joined by hyphens ("S-M-Y-T-H" is smyth): read as a word
    with hyphens, "Last name is wrong, S-M-Y-T-H" had been read back and saved as "Ana S-M-Y-T-H"."""
    if "-" in piece and _HYPHEN_SPELLING.fullmatch(piece):
        return piece.replace("-", "").lower()
    return piece


def normalize_name(raw: str, *, spelled: bool = False) -> str:
    """Check a name given on its own and return it tidied.

    Strips and collapses spaces, and capitalises a name given all lower-case
    or all upper-case ("mary-jane o'neil" -> "Mary-Jane O'Neil"); mixed case
    is kept. A first name alone is accepted: see :func:`is_full_name`.

    Raises:
        FieldError: The value is empty, too long, has digits or symbols, or
            is not plausibly a name ("um", "yes", a single letter).
    """
    text = " ".join(as_seen(raw).split()).strip(_STRIP)
    if text.endswith(".") and (not _ends_in_initial(text) or _vietnamese_given_letter(text)):
        text = text.rstrip(".").rstrip(_STRIP)
    if not text:
        raise FieldError("full_name", "I didn't catch a name")
    if len(text) > _MAX_LENGTH:
        raise FieldError("full_name", "that name is longer than I can take")
    if "@" in text:
        raise FieldError("full_name", "that looks like an email address rather than a name")
    if any(c.isdigit() for c in text):
        raise FieldError("full_name", "a name shouldn't have numbers in it")
    if any(not (c.isalpha() or c in _NAME_PUNCTUATION or in_word_mark(c)) for c in text):
        raise FieldError("full_name", "that name has a character I can't use")
    parts = [_hyphens_spelled(p) for p in text.split(" ") if any(c.isalpha() for c in p)]
    if _letters(text) < 2:  # a Chinese character or Korean syllable is a whole given name ("伟")
        raise FieldError("full_name", "that seems too short to be a name")
    # A word spelled letter by letter ("n i c e") was meant as a name: everyday words are surnames too.
    if not spelled and all(p.lower().strip(".-'") in NOT_NAMES for p in parts):
        raise FieldError("full_name", "that doesn't sound like a name")
    # Composed again after the capitals: "i̇nönü" (a Turkish İ lower-cased: i and a dot) gives "İnönü" as one
    # letter, the same name the save reads back, so what is read back is what is saved.
    tidied = _initials_joined(unicodedata.normalize("NFC", " ".join(_recase(parts))))
    if len(tidied) > _MAX_LENGTH:  # a capital can be longer than its letter ("ﬃ" is "Ffi")
        raise FieldError("full_name", "that name is longer than I can take")
    return tidied


_SINGLE_NAME = re.compile(
    r"\b(?:(?:and|but|so)\s+)?(?:i\s+|i've\s+|ive\s+)?(?:(?:only|just)\s+(?:have|use|go\s+by|got)\s+(?:one|a\s+single|1)\s+name"
    r"|(?:have|got|there's|there\s+is)\s+(?:no|only\s+one|just\s+one)\s+(?:last\s+|family\s+|sur)?name"
    r"|(?:don't|dont|do\s+not)\s+have\s+(?:a|any)\s+(?:last|family|second)\s+name"
    r"|(?:don't|dont|do\s+not)\s+have\s+(?:a|any)\s+surname"
    r"|no\s+(?:last|family)\s+name|no\s+surname|mononym|(?:just|only)\s+(?:the\s+)?one\s+name"
    r"|(?:just|only)\s+(?:one|a\s+single)\s+word"
    r"|(?:that's|thats|that\s+is|it's|its|it\s+is)\s+my\s+(?:whole|full|only|entire)\s+name)\b",
    re.IGNORECASE,
)


def says_single_name(text: str) -> bool:
    """Whether the person says they have only one name ("I only have one name", "no last name", "Cher, that's
    my whole name"). Only then may a single name be saved as the full name (see `is_full_name`)."""
    return bool(_SINGLE_NAME.search(text.replace("’", "'")))


def without_single_name_words(text: str) -> str:
    """The utterance without the phrase saying it is a single name ("just Cher, I only have one name": "just Cher")."""
    rest = _SINGLE_NAME.sub(" ", text.replace("’", "'")).strip(" ,.;!")
    return _JUST.sub("", rest)


_JUST = re.compile(r"^(?:it's\s+|its\s+|it\s+is\s+)?(?:just|only|simply)\s+", re.IGNORECASE)


_NO_SURNAME = re.compile(
    r"^(?:(?:um+|uh+|oh|well|sorry|so|ok|okay|no|nope|nah|yeah)[\s,.]+)*"
    r"(?:none|n/a|n\.a\.?|not\s+applicable|nothing|idk|i\s+(?:don't|dont|do\s+not)\s+know"
    r"|(?:i\s+)?(?:don't|dont|do\s+not)\s+have\s+(?:one|any|it)|(?:i\s+)?have\s+none"
    r"|(?:that's|thats|that\s+is)\s+(?:it|all|everything)|(?:just|only)\s+(?:the\s+)?(?:one|first(?:\s+name)?)"
    r"|(?:just|only)\s+(?:my\s+)?first\s+name)"
    r"(?:\s+(?:sorry|thanks|thank\s+you|lol))?[\s.!]*$",
    re.IGNORECASE,
)
_NA = re.compile(r"^\s*(?:na|NA)[\s.!]*$")
""""na" or "NA" typed for "n/a"; "Na" with its capital is the surname (Li Na's family name, Korean 나)."""
_JUST_THE_NAME = re.compile(
    r"^(?:(?:(?:it's|its|it\s+is)\s+)?(?:just|only|simply)"
    r"|i\s+(?:just\s+|only\s+)?go\s+by(?:\s+just|\s+only)?)\s+(?P<name>.+?)[\s.!]*$",
    re.IGNORECASE,
)
"""The first name again after "just" ("just Ana"), or after "I go by" ("I just go by Paz", "I go by just Paz")."""


def says_no_surname(text: str, first_name: str) -> bool:
    """Whether an answer to "and your last name?", after ``first_name``, says there is none: "none", "n/a",
    "idk", "I don't have one", "that's it", "just Ana", "I just go by Ana" (the first name again). Knotty then goes
    on with the single name, as it does for "I only have one name"; these had been saved as "Ana None", or
    asked again and again. A surname said after "just" ("just Lima") is a surname, and "Na" typed with its
    capital is one too."""
    text = text.replace("’", "'").strip()
    if _NO_SURNAME.match(text) or _NA.match(text):
        return True
    just = _JUST_THE_NAME.match(text)
    return just is not None and folded(just.group("name")) == folded(first_name)


def is_full_name(name: str, *, mononym: bool = False) -> bool:
    """Whether ``name`` has a first name and a surname, not just one of them.

    "Ana Lima", "Ana da Silva" and "J. R. Smith" are full names; "Ana",
    "Ana L." and "Ana da" are not. A Chinese or Korean name written in its own script without a space
    ("张伟", "김민준") is a full name: a family name and a given name, the way they are written. With ``mononym`` (the person said they have only one name), one
    name of two letters or more is the whole name ("Cher").
    """
    parts = [p for p in name.split() if any(c.isalpha() for c in p)]
    if mononym and len(parts) == 1:
        return _letters(parts[0]) >= 2
    if len(parts) == 1 and sum(_syllabic(c) for c in parts[0]) >= 2 and all(_cjk(c) for c in parts[0]):
        return True  # "张伟", "김민준", "山田太郎", "佐々木陽子": family and given name written together, as they are
    if len(parts) < 2:
        return False
    last = parts[-1]
    if last.lower() in PARTICLES and last == last.lower():
        return False  # "Ana da": the surname is still to come; a capitalised "De" or "Van" is a surname
    if len(parts) > 2 and parts[-2].lower() in PARTICLES and last.isalpha() and last.isupper():
        return True  # "Arturo de la O", and "Nguyen Van A": a Vietnamese given name of one letter after Văn
    if len(parts) > 2 and folded(parts[-2]) in VIETNAMESE_MIDDLE and len(last) == 1 and last.isalpha():
        return True  # "Tran Thị Ý": the given name after Thị, one letter, never an initial (that has a dot)
    return _letters(last) >= 2


_INITIALS = re.compile(r"[^\W\d_](?:\.[^\W\d_])*\.?")


def greeting_name(name: str) -> str:
    """What to call a person by: the first word of their name, or the whole name when the first word is no
    name to greet them by. That is an initial ("J. R. R. Tolkien" is not greeted "Nice to meet you, J.."), a
    family name written first ("Nguyen Van An", "Wang Wei", "Nagy Ferenc": "Thanks, Nguyen." had been said) or
    the I or Ni of a Balinese name ("I Made Wirawan", "Ni Luh Putu Sari": "Nice to meet you, Ni.")."""
    words = name.split()
    if not words:
        return name
    if _INITIALS.fullmatch(words[0]) or opens_with_family_name(words, _korean_in_a_greeting):
        return name
    return words[0]


_KOREAN_SPELLINGS = frozenset({"woo", "wook", "woong", "young", "yong"})
"""Syllables of Korean given names as they are often written, beyond the regular ones (Kim Woo Jin, Lee Young Ho)."""


def _korean_in_a_greeting(word: str) -> bool:
    """Whether ``word`` (folded) is a syllable of a Korean given name, for greeting "Kim Min Jun" whole."""
    return word in _KOREAN_SPELLINGS or _korean_given(word)


def _syllabic(char: str) -> bool:
    """Whether ``char`` is a Chinese character (Hanzi, Kanji, Hanja) or a Korean syllable: one of them is a
    whole syllable of a name ("稔", "偉"), never an initial."""
    code = ord(char)
    return (
        0x4E00 <= code <= 0x9FFF
        or 0x3400 <= code <= 0x4DBF
        or 0xF900 <= code <= 0xFAFF
        or 0x20000 <= code <= 0x3134F
        or 0xAC00 <= code <= 0xD7A3
    )


def _letters(part: str) -> int:
    """How many letters a part of a name has, for telling a name from an initial ("L."): a vowel sign or
    virama counts ("সিং" is the surname Singh, not one letter), and a Chinese character or Korean syllable
    counts as two (the one-character given name "稔" in "佐藤 稔")."""
    return sum(2 if _syllabic(c) else 1 for c in part if c.isalpha() or in_word_mark(c))


def nobodys_name(name: str) -> bool:
    """Whether every word of ``name`` is a common English word that is nobody's name: "Stupid", "Idk", "Taking
    Forever", "You're Annoying" are a complaint or a non-answer read as a name, never to be greeted by.

    The words are in `COMMON_WORDS`, generated by scripts/common_words.py from English word frequencies less
    every first and last name Faker knows: Will, Grace, My, Baker and Young stay names. A run of keys ("asdf
    jkl") is no name either. One word that is neither ("Idk Lima") makes it a name."""
    words = [folded(w) for w in name.replace("-", " ").split()]
    runs = [w for w in words if w not in COMMON_WORDS]
    return bool(words) and all(map(_keyboard_run, runs)) and (not runs or max(map(len, runs)) > _KEYS_ALONE)


_KEYS_ALONE = 3
"""Three keys side by side may be a name alone (the Japanese Yui); beside a longer run ("asdfgh jkl") not."""
_KEY_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
"""The rows of letters on a keyboard, whose runs people type instead of an answer ("asdf", "qwerty")."""


def _keyboard_run(word: str) -> bool:
    """Whether ``word`` is three or more keys side by side on a keyboard's row ("asdf", "qwerty", "jkl"): a
    hand run along the keys, not a name."""
    return len(word) >= 3 and any(word in row for row in _KEY_ROWS)


def join_names(first: str, surname: str) -> str:
    """A first name and a surname given apart, as one name ("DeShawn" + "Da Silva").

    A surname said on its own starts with a capital even when it begins with a particle; inside the
    full name the particle is lower-case again, as :func:`normalize_name` writes it. A surname that is a
    particle alone ("De", "Da") keeps its capital, whatever case it was said in.
    """
    if _family_first(first, surname):
        if first.startswith(surname) and len(first) > len(surname):
            return normalize_name(first)  # "김구", then "김" for the family name: the name given was whole
        return normalize_name(surname + first)  # "伟", then "王": 王伟, as it is written
    words = surname.split()
    if len(words) > 1 and words[0].lower() in PARTICLES:
        words[0] = words[0].lower()
    elif len(words) == 1 and words[0].lower() in PARTICLES and words[0].isalpha():
        words[0] = words[0][:1].title() + words[0][1:]  # "it's de", asked for the last name: "Ria De"
    return normalize_name(f"{first} {' '.join(words)}")


def _family_first(first: str, surname: str) -> bool:
    """Whether a given name and a family name said apart are both written in Chinese characters, Korean
    syllables or Japanese kana: such a name is written family name first, without a space ("王伟", "김민준",
    "佐藤さくら"). Joined the Western way, "伟 王" had been read back and saved."""
    return all(_cjk(c) for c in first + surname) and any(_syllabic(c) for c in surname)


def _cjk(char: str) -> bool:
    """A Chinese character, a Korean syllable, Japanese kana or the mark that repeats a character ("々" of 佐々木)."""
    return _syllabic(char) or 0x3040 <= ord(char) <= 0x30FF or char == "々"


def written_family_first(word: str) -> bool:
    """Whether ``word`` is written in Chinese characters, Korean syllables or Japanese kana, the scripts in
    which a name is written family name first and without a space ("王伟" from "伟" and "王" said apart)."""
    return bool(word) and all(_cjk(c) for c in word)


def swap_name_order(name: str) -> str | None:
    """The name with its family name moved to the other end, for "wrong order", "the other way round" at the
    read-back: "Wei Wang" gives "Wang Wei", "王伟" gives "伟王". None when the parts cannot be told apart (three
    words or more, as "Nguyen Van An" may be wanted either way; three characters or more, as "山本治" has a
    family name of two and "王小明" of one): the name is then asked for again as it should be written."""
    words = name.split()
    if len(words) == 2:
        return f"{words[1]} {words[0]}"
    if len(words) == 1 and len(name) == 2 and all(_cjk(c) for c in name):
        return name[1] + name[0]
    return None


def _checked(words: list[str], *, spelled: bool = False) -> str | None:
    try:
        return normalize_name(" ".join(words), spelled=spelled)
    except FieldError:
        return None


def _filler_like(low: list[str], start: int) -> int:
    """1 when the name after "my name is" follows the filler "like" ("my name is like sandy baker"): "like" is
    never the name there. Only after a name cue: "i'd like to sign up" and "i'm like so tired" are not names."""
    return int(start + 1 < len(low) and low[start] == "like" and low[start + 1] not in NOT_NAMES)


_VALUE_LEADS = (("should", "be"), ("ought", "to", "be"), ("has", "to", "be"), ("must", "be"), ("actually",),
                ("really",), ("now",), ("changed", "to"), ("change", "to"), ("has", "changed", "to"),
                ("has", "been", "changed", "to"), ("to",))  # fmt: skip
"""Words between a name's label and the name that say it is a correction: "my first name is actually Hortense",
"wrong surname, should be Collard", "my name is really Ana Lima", "last name changed to Jones", "change surname
to Jones". Read as the name, they had stopped it: no name at all, and at the read-back "What's your full name?"
from the start; "changed" had been read back as the surname ("Ana Changed")."""


def _value_lead(low: list[str], start: int) -> int:
    """How many words of `_VALUE_LEADS` follow a label at ``start`` (after "name", "first name", "surname")."""
    at = start
    while at < len(low) and (
        lead := next((w for w in _VALUE_LEADS if tuple(low[at : at + len(w)]) == w), None)
    ):
        at += len(lead)
    return at - start if at < len(low) else 0


_FIRST_PERSON = frozenset({"i'm", "im", "am"})
"""The last word of "I'm", "im", "I am": a trait may follow them ("I'm autistic"), not "this is" or "it's"."""


def _after_cues(
    tokens: list[str],
    pauses: set[int],
    cues: tuple[tuple[str, ...], ...],
    *,
    weak: bool,
    cased: bool,
) -> str | None:
    low = [t.lower() for t in tokens]
    for end in dict.fromkeys(cue_ends(low, cues, pauses)):
        start = end + (
            _filler_like(low, end) if cues in (STRONG_CUES, NICKNAME_CUES, LEGAL_CUES, SIGNUP_CUES) else 0
        )
        if cues is not WEAK_CUES:
            start += _value_lead(low, start)
        read = read_name(tokens, pauses, start, weak=weak, cased=cased)
        if (
            read is not None
            and cues is WEAK_CUES
            and low[end - 1] in _FIRST_PERSON
            and states_a_trait(read.words[0], cased=cased)
        ):
            continue  # "I'm autistic", "i'm visually impaired": what they are, not who
        if read is not None and (name := _checked(read.words, spelled=read.spelled)) is not None:
            return name
    return None


_SENTENCE_GOES_ON = frozenset({
    "this", "that", "these", "those", "are", "were", "you", "your", "do", "does", "did", "can",
    "could", "would", "should", "about", "it", "there", "up", "going", "doing", "the", "me", "him", "her",
})  # fmt: skip
"""Words that, right after a would-be name, show a sentence rather than a name ("hey whats this")."""


_KOREAN_SYLLABLE = re.compile(
    r"(?:kk|tt|pp|ss|jj|ch|g|k|n|d|t|r|l|m|b|p|s|j|h)?"
    r"(?:yae|yeo|wae|ae|ya|eo|ye|wa|oe|yo|wo|we|wi|yu|eu|ui|oo|ee|ou|a|e|o|u|i)(?:ng|k|n|t|l|m|p)?",
    re.IGNORECASE,
)
"""One syllable of a Korean name written in Latin letters ("yeon", "min", "hee", "jun")."""
_FILLERS_THAT_ARE_SYLLABLES = frozenset({"so", "oh"})
"""Fillers that start Korean names too: the given name So-yeon ("So Yeon Kim"), the family name Oh."""


def _korean_start(tokens: list[str], pauses: set[int], *, cased: bool) -> bool:
    """Whether the answer's first word, a filler, is the first syllable of a Korean name written apart: "So Yeon
    Kim", "Oh Min Jun". Only right before a syllable of such a name, with no pause between ("So, Ana Lima" and
    "So Ana Lima" begin with the filler). Typed without care for capitals, or said, every word must be such a
    syllable ("so yeon kim"; "so ben smith" is a filler and a name); "Oh" only typed with its capital."""
    first = tokens[0] if tokens else ""
    words: list[str] = []
    for k, token in enumerate(tokens[1:], start=1):
        if (k in pauses and k > 1) or token.lower() in NOT_NAMES or not token.replace("-", "").isalpha():
            break
        words.append(token)
    return (
        len(words) > int(not cased)
        and first.lower() in _FILLERS_THAT_ARE_SYLLABLES
        and (first in ("So", "Oh") or (not cased and first.lower() == "so"))
        and 1 not in pauses
        and all(_korean_given(w) for w in words[: 1 if cased else None])
    )


def _korean_given(word: str) -> bool:
    """One syllable of a Korean name, or a given name of two written with a hyphen ("Oh Min-ho", "So-yeon"; it
    had been read "Min-ho", the family name Oh taken for a filler)."""
    return all(_KOREAN_SYLLABLE.fullmatch(piece) is not None for piece in word.split("-", 1))


_BALINESE_PREFIXES = frozenset({"i", "ni"})
"""What opens a Balinese name: I for a man, Ni for a woman ("I Made Wirawan", "Ni Luh Putu Sari")."""
_BALINESE_ORDER = frozenset({
    "wayan", "putu", "gede", "made", "kadek", "nengah", "nyoman", "komang", "ketut", "luh", "gusti", "dewa",
    "desak", "ayu", "nyomen",
})  # fmt: skip
"""Birth-order and caste names said after I or Ni (Wayan, Made, Nyoman, Ketut; Luh, Gusti, Dewa)."""


def balinese_start(tokens: list[str], pauses: set[int] | frozenset[int] = frozenset()) -> bool:
    """Whether the words open a Balinese name: I or Ni, a birth-order or caste name, then a name word, with no
    pause between ("I Made Wirawan", "Ni Ketut Ayu"). The English "I" had ended the answer there ("I'm sorry, I
    missed your name"); "I made a mistake" and "I Ana Lima" are no such name."""
    return (
        len(tokens) > 2  # the prefix, the birth-order name and a name after them
        and tokens[0].lower() in _BALINESE_PREFIXES
        and folded(tokens[1]) in _BALINESE_ORDER
        and not {1, 2} & set(pauses)
        and tokens[2][:1].isalpha()
        and folded(tokens[2]) not in NOT_NAMES
        and folded(tokens[2]) not in COMMON_WORDS
    )


def _remark_word(tokens: list[str], pauses: set[int], i: int) -> bool:
    """An everyday word said on its own before a comma or a full stop, more to follow: "Honestly, Ana Lima",
    "Lovely. Ana Lima" (they had been "Nice to meet you, Honestly"). `COMMON_WORDS` are nobody's name."""
    if i + 1 >= len(tokens) or not (i + 1 in pauses or tokens[i + 1] == "."):
        return False
    word = folded(tokens[i])
    if word not in COMMON_WORDS:
        return False
    letters = "".join(t for t in tokens[i + 1 :] if len(t) == 1).lower()
    return word not in letters  # "nice, that's n i c e": the word spelled is a name


def _bare(tokens: list[str], pauses: set[int], *, expecting: bool, cased: bool) -> str | None:
    """A name said on its own, after fillers: "um, yeah, Ana Lima", "Ana here"."""
    if balinese_start(tokens, pauses):
        read = read_name(tokens, pauses, 1, weak=False, cased=True)
        following = tokens[read.end].lower() if read is not None and read.end < len(tokens) else ""
        if read is not None and read.words[:1] == [tokens[1]] and (expecting or following in INTRODUCING):
            return _checked([tokens[0], *read.words], spelled=read.spelled)
    korean = _korean_start(tokens, pauses, cased=cased)
    i = int(korean)
    while (
        not korean
        and i < len(tokens)
        and (tokens[i].lower() in FILLERS or tokens[i] == "." or _remark_word(tokens, pauses, i))
    ):
        if _letter_o(tokens, i, " ".join(tokens)):
            break  # "oh d oh n n e l l": the letter o starts the spelling (O'Donnell, not Donnell)
        i += 1
    read = read_name(tokens, pauses, i, weak=False, cased=cased)
    if read is None:
        return None
    if korean:
        read = read._replace(words=[tokens[0], *read.words])
    following = tokens[read.end].lower() if read.end < len(tokens) else ""
    if not expecting and following not in INTRODUCING:
        return None
    if following in _SENTENCE_GOES_ON and read.end not in pauses:
        return None  # "hey whats this": a sentence, not a name said on its own
    return _checked(read.words, spelled=read.spelled)


_QUOTED_NICKNAME = re.compile(r"(?<=[^\W\d_])\s+[\"“”„«'(]\s*[^\W\d_][^\W\d_'\-]*\s*[\"”“»')]\s+(?=[^\W\d_])")
"""A nickname in quotes or brackets inside a name: "Robert "Bob" Smith", "Robert (Bob) Smith". It is what the person
is called, not a part of the name (as "Robert Smith, call me Bob"); it had been saved as a middle name, and in
curly quotes cut the name short ("Robert")."""


_NICKNAME_AT_END = re.compile(
    r"(?<=[^\W\d_])\s+[\"“”„«'(\[]\s*[^\W\d_][^\W\d_'\-]*\s*[\"”“»')\]]\s*[.!]?\s*$"
)
"""One word in quotes or brackets after a name, at its end: "Bob Smith (Robert)", "Smith, Robert "Bob"". What the
person is also called, not a part of the name: it had been saved as a last word ("Bob Smith Robert")."""


_OTHER_FIELD_LEAD = re.compile(
    r"\W*(?:(?:um|uh|so|ok|okay|well|and)\W+)*(?:my\s+|the\s+|our\s+)?"
    r"(?:e-?\s?mail(?:\s+address)?|address|phone(?:\s+number)?|(?:cell|mobile)(?:\s+number)?|number)"
    r"(?:\s+(?:is|was)|'s|\s*[:,])",
    re.IGNORECASE,
)
"""An answer led by another field's cue ("My email is, Mariaats email.com.", the real recogniser's "my email
is maria at gmail dot com"; "my phone number is, ..."): what follows is that field's, never a bare name."""


_AKA = re.compile(
    r"(?<=[^\W\d_])\s*,?\s+(?:aka|a\.\s?k\.\s?a\.?|a/k/a|also\s+known\s+as|(?:who\s+)?goes\s+by|known\s+as)"
    r"\s+[\"“'(]?[^\W\d_][^\W\d_'\-]*[\"”')]?(?=\s*(?:[,.;!]|$))",
    re.IGNORECASE,
)
"""A nickname after "aka", "also known as" or "goes by" at the end of a name or before a comma: "Robert Smith aka
Bobby", "Elizabeth Smith, goes by Liz". It had been saved as part of the name ("Robert Smith Aka Bobby")."""
_AKA_SIGNS = ("aka", "a.k", "a. k", "a/k", "known as", "goes by")


def without_aka(text: str) -> str:
    """``text`` without a nickname after "aka" or "goes by" ("Robert Smith aka Bobby"); the cheap test first, so
    a message with none of the words costs one lower-casing."""
    low = text.lower()
    return _AKA.sub("", text) if any(sign in low for sign in _AKA_SIGNS) else text


def without_nicknames(text: str) -> str:
    """``text`` without a nickname in quotes or brackets inside a name or after it ("Robert "Bob" Smith",
    "Smith, Robert (Bob)"), or after "aka" (`without_aka`)."""
    return _NICKNAME_AT_END.sub("", _QUOTED_NICKNAME.sub(" ", without_aka(text)))


def led_by_other_field(text: str) -> bool:
    """Whether an answer opens with another field's cue ("my email is, ...", "phone number: ...")."""
    return _OTHER_FIELD_LEAD.match(text) is not None


def _full_name_after(
    tokens: list[str], pauses: set[int], cues: tuple[tuple[str, ...], ...], *, cased: bool
) -> str | None:
    """The name after one of ``cues``, when it is a full name."""
    name = _after_cues(tokens, pauses, cues, weak=False, cased=cased)
    return name if name and is_full_name(name) else None


def extract_name(text: str, expecting: bool = False) -> str | None:
    """Find a person's name in an utterance and return it normalized.

    Understands cues anywhere ("my name is ...", "I'm ...", "this is ...",
    "call me ...", "Name: ...", "Ana here"), and, when ``expecting`` (the
    agent just asked for the name), a bare answer ("um, yeah, Ana Lima").
    Stops at the end of the name (", and my email is", "and I'm a
    therapist"), and reads spellings: "Ana, A N A, Lima L I M A" is "Ana
    Lima", and "Leema, that's L-I-M-A" is "Lima". "I'm a therapist" or
    "I'm looking to book" give None, as does anything unsure.

    "My first name is Ana and my last name is Lima" gives "Ana Lima"; a
    surname said alone ("my last name is Lima") gives just "Lima".
    """
    text = in_english(as_seen(text))
    text = without_nicknames(text)
    tokens, pauses = name_tokens(text)
    if not tokens:
        return None
    cased = any(c.isupper() for c in text) and any(c.islower() for c in text)
    first = _after_cues(tokens, pauses, FIRST_CUES, weak=False, cased=cased)
    last = _after_cues(tokens, pauses, LAST_CUES, weak=False, cased=cased)
    if first and last:
        return _checked([first, last])
    legal = _after_cues(tokens, pauses, LEGAL_CUES, weak=False, cased=cased)
    found = (
        (legal if legal and is_full_name(legal) else None)  # "I go by Liz, legally Elizabeth Smith"
        or first
        or _after_cues(tokens, pauses, STRONG_CUES, weak=False, cased=cased)
        or _full_name_after(tokens, pauses, SIGNUP_CUES, cased=cased)  # "put me down as Ana Lima"
        or _after_cues(tokens, pauses, WEAK_CUES, weak=not expecting, cased=cased)
        or (
            None if _OTHER_FIELD_LEAD.match(text) else _bare(tokens, pauses, expecting=expecting, cased=cased)
        )
        or _after_cues(tokens, pauses, NICKNAME_CUES, weak=False, cased=cased)
    )
    if found and last and not is_full_name(found) and found != last:
        return _checked([found, last])  # "my name is Ana and my last name is Lima"
    return found or last


_SPELLING_LEAD = frozenset({
    "that's", "thats", "that", "it's", "its", "it", "is", "spelled", "spelt", "spelling",
    "my", "name", "last", "first", "surname", "the", "so", "like", "as", "letters",
})  # fmt: skip
_JOINS = {"dash": "-", "hyphen": "-", "-": "-", "apostrophe": "'", "space": " "}


def _letter_o(tokens: list[str], i: int, text: str) -> bool:
    """Whether "oh" at ``tokens[i]`` is the letter o: letters follow it (as a recogniser writes them too:
    "oh pee a l a see h" is Opalach, not Palach), and no comma does."""
    if tokens[i].lower() != "oh" or i + 2 >= len(tokens):
        return False
    letters = all((len(t) == 1 and t.isalpha()) or t.lower() in LETTER_NAMES for t in tokens[i + 1 : i + 3])
    return letters and not re.search(r"\boh\s*,", text, re.IGNORECASE)


def extract_name_spelling(text: str) -> str | None:
    """Return the word an utterance spells out, capitalised, or None.

    "L I M A", "l-i-m-a" and "L as in Lima, I, M, A" give "Lima"; "M A R Y
    dash J A N E" gives "Mary-Jane". The spelling must be the whole answer,
    apart from lead-ins ("that's", "it's spelled") and fillers.
    """
    return _spelled_word(text)


_LETTER_ONLY_NAMES = frozenset({
    "cee", "dee", "ef", "eff", "aitch", "haitch", "el", "ell", "em", "en", "es", "ess", "ar", "vee", "wye",
    "zee", "zed", "jee",
})  # fmt: skip
"""Letter names a recogniser writes that are no everyday word or given name ("ell", "en", "aitch"), unlike
"eye", "oh", "see", "kay": beside another letter name they spell a two-letter surname ("ell eye" Li, "en gee"
Ng, "oh aitch" Oh). Two letter names were no spelling at all (a run needs a bare letter or three letters)."""
_SPELLING_SAID = frozenset({"spelled", "spelt", "spelling", "letters", "that's", "thats"})
"""Lead-ins that say a spelling follows: after them, any two letter names spell ("spelled kay oh" is Ko)."""


_LETTER_NAME = "|".join(sorted(LETTER_NAMES, key=len, reverse=True))
_LETTER_PAIR_AT_END = re.compile(
    rf"(?<![\w'])({_LETTER_NAME}|[a-z])[\s,-]+({_LETTER_NAME}|[a-z])(?P<end>[\s.!]*)$", re.IGNORECASE
)


_EVERYDAY_PAIRS = frozenset({("see", "you"), ("are", "you"), ("you", "are"), ("you", "see"), ("see", "see")})
"""Two letter names that say something else when they are the whole answer ("see you", "are you")."""


def letter_names_joined(text: str, *, surname: bool = False) -> str:
    """A spoken name whose last word a recogniser wrote as two letter names: the letters joined ("wei en gee" is
    "wei ng", "ana ell eye" is "ana li") when one of them is no everyday word, or when the two are the whole
    answer after "spelled" or "that's", or the whole answer to the last name's question (``surname``: "tea eye"
    is Ti, "kay oh" Ko). Said so, a surname of two letters (Li, Ng, Ko) had been saved as two words ("Ana Ell
    Eye", "Wen-Chieh Tea Eye") or lost ("Kay")."""
    found = _LETTER_PAIR_AT_END.search(text)
    if found is None:
        return text
    pair = (found.group(1).lower(), found.group(2).lower())
    if not any(letter in LETTER_NAMES for letter in pair):
        return text  # "l i": letters, read as they are
    before = [w.strip(",.!:;") for w in text[: found.start()].lower().split()]
    alone = all(w in FILLERS or w in _SPELLING_LEAD for w in before)
    if not any(letter in _LETTER_ONLY_NAMES for letter in pair) and (
        pair in _EVERYDAY_PAIRS or not alone or not (surname or any(w in _SPELLING_SAID for w in before))
    ):
        return text
    # Alone, the letters as letters ("l i"), which the readers of spellings take; after a name's words, one
    # word ("wei ng"): letters there read as the initials or the spelling of the words before them.
    letters = (" " if alone else "").join(LETTER_NAMES.get(letter, letter) for letter in pair)
    return f"{text[: found.start()]}{letters}{found.group('end')}"


def _two_letter_names(tokens: list[str]) -> str | None:
    """The two letters of a whole answer said as two letter names after lead-ins ("ell eye", "en gee";
    "kay oh" only after "spelled" or "that's"), or None."""
    said = [t.lower() for t in tokens if t != "."]
    rest, before = said[-2:], said[:-2]
    if len(rest) != 2 or not all(t in LETTER_NAMES for t in rest):
        return None
    if not all(t in FILLERS or t in _SPELLING_LEAD for t in before):
        return None
    lead = any(t in _SPELLING_SAID for t in before)
    if not lead and not any(t in _LETTER_ONLY_NAMES for t in rest):
        return None
    return "".join(LETTER_NAMES[t] for t in rest)


_ABBREVIATION = re.compile(r"\b[^\W\d_]/[^\W\d_]\b")
"""Two letters with a slash between them: an abbreviation ("n/a", "w/e", "i/o"), never letters spelled."""


@lru_cache(maxsize=256)
def _spelled_word(text: str) -> str | None:
    """`extract_name_spelling`'s reading, remembered: understanding reads a text twice, grounding again."""
    if _ABBREVIATION.search(text):
        return None  # "n/a", "w/e": letters joined by a slash abbreviate a word, they spell no name
    tokens = spoken_tokens(text)
    i = 0
    while i < len(tokens) and (tokens[i].lower() in FILLERS or tokens[i].lower() in _SPELLING_LEAD):
        if _letter_o(tokens, i, text):
            break  # "oh r t i z": the letter o, as a recogniser writes it, starts the spelling
        i += 1
    parts: list[str] = []
    while i < len(tokens):
        join = _JOINS.get(tokens[i].lower())
        if join is not None and parts and parts[-1] not in _JOINS.values():
            parts.append(join)
            i += 1
            continue
        read = read_spelling(tokens, i)
        if read is None and len(tokens[i]) == 1 and tokens[i].isalpha():
            beside_join = bool(parts) or (i + 1 < len(tokens) and tokens[i + 1].lower() in _JOINS)
            read = (tokens[i].lower(), i + 1) if beside_join else None  # the "O" of "O'Neil"
        if read is None:
            break
        parts.append(read[0])
        i = read[1]
    rest = [t for t in tokens[i:] if t.lower() not in FILLERS and t != "."]
    if not parts and (pair := _two_letter_names(tokens)) is not None:
        parts, rest = [pair], []
    if not parts or rest or parts[-1] in _JOINS.values():
        return None
    try:
        return normalize_name("".join(parts).lower(), spelled=True)
    except FieldError:
        return None


def same_first_name(one: str, other: str) -> bool:
    """Whether two full names begin with one first name, as one person's would: the same word without
    its case, accents or punctuation, or one a shortening of the other ("Chris", "Christopher").

    A number proves the phone, not the person: a couple or a family sharing one has different first
    names, and a person who married or corrects a surname keeps theirs."""
    firsts = [folded(name.split()[0]) if name.split() else "" for name in (one, other)]
    a, b = sorted(firsts, key=len)
    return bool(a) and (a == b or (len(a) >= _SHORTENED and b.startswith(a)))


def same_surname(one: str, other: str) -> bool:
    """Whether two full names carry one surname after their first names: the same words without case,
    accents or punctuation, or the words of one all within the other's (a middle name or a second
    surname added or dropped: "Ana Lima", "Ana Maria Lima", "Ana Lima-Silva").

    With `same_first_name`, tells a holder correcting or changing one thing from another person of
    the same first name on a shared phone (two people called Alex)."""
    a, b = (_surname_words(name) for name in (one, other))
    if a & _GENERATIONS != b & _GENERATIONS:  # "Alex Smith" and "Alex Smith Jr": father and son
        return False
    if not a or not b:  # a single name ("Madonna") has no surname to share with "Madonna Smith"
        return a == b
    return a <= b or b <= a


_GENERATIONS = frozenset({"jr", "sr", "junior", "senior", "ii", "iii", "iv", "filho", "neto", "hijo"})
"""Words after a surname that tell a parent from a child of the same name."""


def _surname_words(name: str) -> frozenset[str]:
    """The folded words after the first name (hyphenated parts apart)."""
    words = " ".join(name.split()[1:]).replace("-", " ").split()
    return frozenset(w for w in map(folded, words) if w)


def name_words(name: str | None) -> frozenset[str]:
    """The words of a name, lower-case, as they may be said in an address ("dawn", "seven"): an address
    reader takes "d dot seven" for Dawn Seven as d.seven@, not d.7@ (`extract_email`'s ``names``). A
    hyphenated name is there whole too ("britobrito" for Brito-Brito, whose address may say it twice)."""
    if not name:
        return frozenset()
    lower = name.lower().split()
    words = [*" ".join(lower).replace("-", " ").split(), *(w.replace("-", "") for w in lower if "-" in w)]
    plain = (unicodedata.normalize("NFKD", w).encode("ascii", "ignore").decode() for w in words)
    return frozenset(w for w in (*words, *plain) if len(w) > 1 and w.isalpha())
