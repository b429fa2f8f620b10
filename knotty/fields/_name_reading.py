"""Reading the words of a person's name out of an utterance.

The machinery behind :func:`knotty.fields.name.extract_name`: a tokenizer that
keeps pauses (commas) and sentence ends, the cues that introduce a name ("my
name is", "I'm", "call me"), and a reader that takes name words after a cue
until the name ends: at a pause, a word that is not a name ("and", "a",
"therapist", "looking"), a digit or an e-mail address. Spellings are read as
they come: "Ana, A N A" confirms "Ana", "Leema, that's L-I-M-A" corrects it.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import NamedTuple

from knotty.fields._common_words import COMMON_WORDS
from knotty.fields._given_names import given_name
from knotty.fields._name_words import (
    NOT_NAMES,
    PARTICLES,
    SENTENCE_WORDS,
    WAITLIST_WORDS,
    WORD_TAIL,
    irish_article,
)
from knotty.fields.spoken import read_spelling

__all__ = [
    "FIRST_CUES",
    "INTRODUCING",
    "LAST_CUES",
    "LEGAL_CUES",
    "NICKNAME_CUES",
    "SIGNUP_CUES",
    "SOMEONE",
    "STRONG_CUES",
    "VIETNAMESE_MIDDLE",
    "WEAK_CUES",
    "NameRead",
    "before_a_name_only",
    "close_spelling",
    "cue_ends",
    "describes",
    "folded",
    "name_tokens",
    "particles_spelled",
    "read_name",
    "spelling_changes",
    "title",
]

_WORD_RE = re.compile(
    r"(?<!\S)'[^\W\d_](?=\s+[^\W\d_])|[^\W\d_]{1,2}'(?=\s+[^\W\d_])|(?:[^\W\d_]\.-(?=[^\W\d_]))?"
    rf"[^\W\d_]{WORD_TAIL}(?:['\-][^\W\d_]{WORD_TAIL})*"
    r"|\d+|[^\w\s]"
)
"""Words (with "d'" of "d' Heripon" and the Dutch "'t" of "van 't Riet" whole, the apostrophe beside a space,
an initial joined to the rest of a double given name, "H.-Dieter", and the marks written inside words:
accents NFC cannot join to their letter, as in "i̇hsanoğlu", the Turkish İ lower-cased, and the vowel
signs of Devanagari, Bengali, Tamil, Thai or Arabic), digits and symbols."""
_ENDS_IN_INITIAL = re.compile(r"^(?:[^\W\d_]{2,}-)?[^\W\d_]$")
"""A single letter, or a given name and the initial of the second joined by a hyphen ("Klaus-D")."""
_MARKS = frozenset({"Mn", "Mc"})


def _initial(token: str) -> bool:
    """A single letter ("J"), a given name and the initial of the second ("Klaus-D"), or one letter of a script
    written with vowel signs, with its signs ("के" of the Nepali surname "के.सी.", K.C.: its "सी" had been lost)."""
    if _ENDS_IN_INITIAL.match(token):
        return True
    return len(token) > 1 and token[0].isalpha() and all(unicodedata.category(c) in _MARKS for c in token[1:])


_HYPHEN_SPELLED_RE = re.compile(r"^(?:[^\W\d_]-)+[^\W\d_]$")
_PAUSES = frozenset(",;:")
_LABEL_MARKS = frozenset("=>→⇒⟶➡➔—–")
"""Marks people type between a label and its value besides ":" ("surname = Jones", "last name -> Jones")."""
_LABEL_MARK_RE = re.compile(r"\s*(?:[-=]+>|=+|[→⇒⟶➡➔]\ufe0f?)\s*|\s+[—–]+\s+")
_ENDS = frozenset(".!?")


def _title_at_end(tokens: list[str]) -> bool:
    """Whether the last token is a title ("Dr", "Sra"): one of another language only with no name before it
    ("John Smith Sr." ends a sentence)."""
    low = tokens[-1].lower()
    if low in _TITLES:
        return True
    return low in _BEFORE_A_NAME and (
        len(tokens) == 1 or not tokens[-2][:1].isupper() or tokens[-2].lower() in _NEVER_CAPITAL_NAMES
    )  # "Hi, Sr. José García": no name before the title


def title(word: str) -> bool:
    """Whether ``word`` is a title in English or another language ("Dr", "Mrs", "Sra", "Herr")."""
    low = word.lower().rstrip(".")
    return low in _TITLES or low in _TITLES_BEFORE


def before_a_name_only(word: str) -> bool:
    """Whether ``word`` is a religious or service title written out ("Pastor", "Father", "Coach"), a title
    only before a name: with no name after it, a given name or how the person is called ("Pi, Pastor",
    written surname first, is Pastor Pi; it had been "Pi" alone, and "Pi Pi" once the surname was asked)."""
    return len(word) >= 4 and word.isalpha() and word.lower() in _SERVICE_TITLES


def name_tokens(text: str) -> tuple[list[str], set[int]]:
    """Words, digits and symbols of ``text``, and which tokens follow a pause (a comma).

    Pause marks are dropped from the list, so spellings read across them
    ("L as in Lima, I, M, A"); sentence ends are kept as "." so a name stops
    there. A dot after a single letter ("J. R. Smith") marks an initial.
    """
    tokens: list[str] = []
    pauses: set[int] = set()
    if not _LABEL_MARKS.isdisjoint(text):
        text = _LABEL_MARK_RE.sub(" : ", text)  # "surname = Jones", "last name -> Jones": a pause, as ":" is
    for token in _WORD_RE.findall(text):
        if token == "." and tokens and _title_at_end(tokens):  # noqa: S105 - a word, not a secret
            continue  # "Dr. Ana Lima", "Sr. José García": not the end of a sentence
        if token in _PAUSES:
            pauses.add(len(tokens))
        elif token in _ENDS:
            if token == "." and tokens and _initial(tokens[-1]) and not _ends_letters(tokens):  # noqa: S105
                tokens[-1] += "."  # an initial ("J.", "Klaus-D."), kept whole so it is not read as spelling
            else:
                tokens.append(".")
        elif _HYPHEN_SPELLED_RE.match(token):
            tokens.extend(token.split("-"))
        elif token not in {"'", '"', "(", ")"} and not _decoration(token):
            tokens.append(token)
    return tokens, pauses


def _ends_letters(tokens: list[str]) -> bool:
    """Whether the last token is the last of letters spelled one by one ("S-M-I-T-H.", "S, M, I, T, H."): the
    dot after it ends the sentence, not an initial. A recogniser ends what it heard with a dot, so "Ana
    Smith, that's S-M-I-T-H." had been read "Ana Smit H." and its surname asked again."""
    return len(tokens) > 1 and len(tokens[-1]) == 1 and len(tokens[-2]) == 1 and tokens[-2].isalpha()


_DECORATION = frozenset({"So", "Sk", "Mn", "Me", "Cf", "Co"})
"""Emoji and other pictographs, their joiners and variation selectors, invisible format marks."""


def _decoration(token: str) -> bool:
    """A symbol no name is written with ("Ana 🌸 Lima"): skipped, so it neither ends the name nor joins it."""
    return len(token) == 1 and unicodedata.category(token) in _DECORATION


def _cues(*phrases: str) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(p.split()) for p in phrases)


FIRST_CUES = _cues(
    "my first name is", "first name is", "my first name's", "first name's", "first name",
    "my given name is", "given name is", "given name", "my forename is", "forename is", "forename",
    "my christian name is", "christian name is", "christian name",
)  # fmt: skip
LAST_CUES = _cues(
    # "last name is spelled l y m a": the spelling after "spelled" is the surname (said at a read-back).
    "my last name is spelled", "last name is spelled", "my last name's spelled", "last name's spelled",
    "my last name is spelt", "last name is spelt", "my surname is spelled", "surname is spelled",
    "my last name is", "last name is", "my last name's", "last name's", "my surname is",
    "surname is", "my family name is", "family name is", "last name", "surname",
)  # fmt: skip
STRONG_CUES = _cues(
    "my full name is", "full name is", "my full name's", "full name", "my name is", "my name's", "my names",
    "the name is", "the name's", "name is", "name's", "name",
    "me llamo", "mi nombre es", "je m'appelle", "meu nome é", "meu nome e", "ich heiße",
    "ich heisse", "mi chiamo",
)  # fmt: skip
LEGAL_CUES = _cues(
    "legally", "my legal name is", "legal name is", "my legal name's", "legal name's", "legal name",
    "my full legal name is", "full legal name is", "full legal name", "officially", "my official name is",
    "official name is", "official name", "my name on my id is", "name on my id is", "on my id",
    "my name on my passport is", "name on my passport is", "on my passport",
)  # fmt: skip
"""Cues for the legal name, which is the one to save whatever other name is said beside it ("I go by Liz,
legally Elizabeth Smith" had been saved Liz Smith; "legally Elizabeth Smith" read back "Legally Elizabeth Smith")."""
SIGNUP_CUES = _cues(
    "put me down as", "put me down under", "sign me up as", "sign me up under", "list me as", "register me as",
    "add me as", "put me on the list as",
)  # fmt: skip
"""Cues of the name to sign up under ("you can put me down as Reijo Rantanen": it had been "I missed your name"):
a full name after them only, as "sign me up as soon as possible" and "put me down as a therapist" say no name."""
NICKNAME_CUES = _cues(
    "you can call me", "call me", "i go by", "people call me", "everyone calls me", "they call me",
)  # fmt: skip
"""Cues for the name a person likes to be called: the name to save is the one given beside it, if any
("Robert Smith, but call me Bob" is Robert Smith; "call me Bob" alone is Bob)."""
WEAK_CUES = _cues("i'm", "i am", "im", "this is", "it's", "it is", "its", "this's")
_SPELLING_CUES = _cues(
    "that's spelled", "it's spelled", "spelled", "spelt", "that's", "that is", "thats",
    "spelled like", "as in",
)  # fmt: skip
_NOT_OUR_NAME = frozenset({
    "first", "last", "middle", "user", "email", "e-mail", "business", "company", "practice",
    "spa", "studio", "family", "screen", "maiden", "brand", "shop", "salon", "his", "her",
    "their", "your", "dog's", "wife's", "husband's", "street", "file",
})  # fmt: skip
_HESITATIONS = frozenset({"um", "umm", "uh", "uhh", "uhm", "er", "erm", "ah", "eh", "hmm"})
_EMAIL_NEXT = frozenset(
    {"at", "@", "dot", "underscore", "arroba", "arobase", "chiocciola", "punto", "ponto", "punkt"}
)
_VERB_SUFFIXES = ("ing", "ly", "ful", "ous", "ive", "able", "ible", "ied", "ish", "less")
INTRODUCING = frozenset({"here", "speaking"})
_TITLES = frozenset({
    "dr", "mr", "mrs", "ms", "miss", "mx", "prof", "professor", "sir", "madam",
    "mister", "missus", "doctor",  # as a recogniser writes them: "it's mister okafor" is Okafor
})  # fmt: skip
_TITLES_BEFORE = frozenset({
    "sr", "sra", "srta", "señor", "señora", "señorita", "senor", "senora", "senorita", "dra", "doña",
    "herr", "frau", "mme", "mlle", "monsieur", "madame", "mademoiselle", "signor", "signora", "signorina",
    "sig", "dott", "sheikh", "shaikh",
    "dña", "ing", "inż", "inz", "mgr", "lic", "licda", "lcdo", "lcda", "arq", "mag", "pani",
    "ssa",  # "Dott.ssa Giulia Bianchi" (Italian dottoressa) reads as "Dott", "." and "ssa"
})  # fmt: skip
"""Titles of other languages, taken as titles only before a name ("Sr. José García", "Frau Anna Müller", "Mme
Claire Dubois", "Dña. Rosa Blanco", "Ing. Marco Rossi", "Pani Anna Nowak"): they had been greeted "Nice to meet
you, Sr." ("Thanks, Dña.", "Thanks, Ing." and never signed up, saved "Pani Anna Nowak"). After a name "Sr" is a
generation ("John Smith Sr"); "Don", "Dom", "Dona" are names, and "Pan" a Chinese surname ("Pan Wei")."""
_SERVICE_TITLES = frozenset({
    "rev", "revd", "reverend", "fr", "father", "pastor", "rabbi", "capt", "captain", "sgt", "sergeant", "lt", "col",
    "coach", "dame",
})  # fmt: skip
"""Religious and service titles, titles only before a name ("Rev. John Smith", "pastor john smith"): alone they
stay words a name may be (the Spanish surname Pastor, asked for the last name)."""
_BEFORE_A_NAME = _TITLES_BEFORE | _SERVICE_TITLES
_TITLES_THAT_ARE_NAMES = frozenset({"don", "dom", "dona", "pan"})
"""Titles that are names too: the Spanish and Italian Don, the Portuguese Dom and Dona, the Polish Pan. A title
only before a given name and a surname ("Don Alejandro Vega", "Pan Jan Kowalski": it had greeted "Thanks, Don."
and saved "Don Alejandro Vega"); a name otherwise ("Don Draper", "Pan Wei", the Chinese surname)."""
_ALSO_NAMES = frozenset({
    "an", "do", "don", "will", "may", "hope", "grace", "joy", "faith", "art", "sue", "pat",
    "bill", "mark", "long", "young", "king", "rich", "sunny", "summer", "new", "ten", "so", "dot", "dash", "true",
})  # fmt: skip
"""Everyday words that are also names, accepted inside a name when capitalised."""
_NEVER_CAPITAL_NAMES = frozenset({
    "i", "i'm", "im", "i've", "i'll", "i'd", "hi", "hello", "hey", "bye", "goodbye", "thanks", "thank",
    "please", "sorry", "yes", "no", "ok", "okay", "and", "or", "but", "my", "here", "speaking",
})  # fmt: skip
"""Words written with a capital that still end a name ("Ana Lima Thanks", "Ana Lima Here")."""
_MAX_PARTS = 10
"""Words a name may have: "Sky Coreth von und zu Coredo und Starkenberg" has seven."""


@functools.cache
def _by_first_word(cues: tuple[tuple[str, ...], ...]) -> dict[str, tuple[tuple[str, ...], ...]]:
    """The cues grouped by their first word, each group in the cues' own order."""
    groups: dict[str, list[tuple[str, ...]]] = {}
    for cue in cues:
        groups.setdefault(cue[0], []).append(cue)
    return {word: tuple(group) for word, group in groups.items()}


def cue_ends(low: list[str], cues: tuple[tuple[str, ...], ...], pauses: set[int]) -> list[int]:
    """Where a name would start after each cue found in ``low``, in order.

    Only the cues starting with a word are tried at it (every word against every cue was the offline
    brain's costliest loop): the first cue in order that fits still wins.
    """
    ends: list[int] = []
    starting = _by_first_word(cues)
    for i, word in enumerate(low):
        for cue in starting.get(word, ()):
            end = i + len(cue)
            if tuple(low[i:end]) != cue:
                continue
            if cue[0] in {"name", "name's"} and i > 0 and low[i - 1] in _NOT_OUR_NAME:
                continue
            if cue == ("name",) and end not in pauses:  # only "Name: Ana Lima"
                continue
            ends.append(end)
            break
    return ends


def _spelling_at(tokens: list[str], i: int) -> tuple[str, int, bool] | None:
    """A spelling at ``i``, perhaps after "that's" or "spelled": (letters, end, cued)."""
    low = [t.lower() for t in tokens[i : i + 3]]
    for cue in _SPELLING_CUES:
        if tuple(low[: len(cue)]) == cue:
            read = read_spelling(tokens, i + len(cue))
            if read is not None:
                return read[0], read[1], True
    read = read_spelling(tokens, i)
    return (read[0], read[1], False) if read is not None else None


@functools.lru_cache(maxsize=8192)
def folded(word: str) -> str:
    """Lower case without accents or punctuation: what spelling a word aloud gives. Cached: a turn folds
    the same few words about a dozen times (the name's readers, the Spanish signs), and most words
    people say are a few thousand everyday ones."""
    decomposed = unicodedata.normalize("NFKD", word.lower().translate(_UNDECOMPOSABLE))
    return "".join(c for c in decomposed if c.isalpha() and not unicodedata.combining(c))


_UNDECOMPOSABLE = str.maketrans(
    {"ł": "l", "ø": "o", "đ": "d", "ß": "ss", "æ": "ae", "œ": "oe", "ı": "i", "þ": "th"}
)
"""Letters Unicode does not split into a base letter and an accent, spelled aloud as these."""


def _same_word(word: str, letters: str) -> bool:
    """Whether ``letters`` spell ``word``, allowing for a misheard word ("Leema", "lima")."""
    word = word.lower()
    return word == letters or (word[0] == letters[0] and abs(len(word) - len(letters)) <= 1)


def _word_spelled(words: list[str], letters: str, *, cued: bool) -> int | None:
    """Which of the name's words ``letters`` spell: the last, else an earlier one ("Jon Reid, J-O-H-N" spells
    the first name; it had been added as a third word, "Jon Reid John"), else the last when a cue said a
    spelling follows ("that's ..."); None when they spell none of them (a word of the name not yet said)."""
    if _same_word(words[-1], letters):
        return len(words) - 1
    earlier = [k for k in range(len(words) - 1) if close_spelling(words[k], letters)]
    if earlier:
        return earlier[-1]
    return len(words) - 1 if cued else None


def close_spelling(word: str, letters: str) -> bool:
    """Whether ``letters`` are ``word`` spelled, changed in at most two letters ("Jon", "john"; "Katie",
    "katy"), with its first letter: closer than `_same_word`, as an earlier word is not the one just said
    ("John Smith, J-O-N-E-S" spells no first name)."""
    word = folded(word)
    return bool(word) and word[0] == letters[0] and spelling_changes(word, letters) <= _SPELLING_CHANGES


def spelling_changes(word: str, letters: str) -> int:
    """Letters added, dropped or changed between a folded ``word`` and ``letters`` (both a name's length)."""
    row = list(range(len(letters) + 1))
    for a, ca in enumerate(word, 1):
        prev, row[0] = row[0], a
        for b, cb in enumerate(letters, 1):
            prev, row[b] = row[b], min(row[b] + 1, row[b - 1] + 1, prev + (ca != cb))
    return row[-1]


_SPELLING_CHANGES = 2


def _spells_words(words: list[str], letters: str) -> bool:
    """Whether ``letters`` spell the last few words together ("ana lima" as "analima")."""
    joined = ""
    for word in reversed(words):
        joined = folded(word) + joined
        if joined == letters:
            return True
        if len(joined) >= len(letters):
            return False
    return False


_SPELLED_PARTICLES = frozenset({
    "de", "den", "der", "van", "von", "ter", "ten", "te", "op", "in", "het", "zu", "zum", "zur", "vom", "am",
    "im", "da", "das", "do", "dos", "di", "du", "del", "della", "la", "le",
})  # fmt: skip
"""Particles a spelled surname may start with, run together with the rest ("v a n d e n h o e k")."""
_PARTICLE_SOUNDS = frozenset({
    "the", "then", "there", "their", "they're", "dare", "dear", "fan", "fun", "from", "zoo", "too", "to", "tear",
    "tier", "ten", "up", "hat", "on", "of", "done", "dan", "don", "der", "dumb", "them",
})  # fmt: skip
"""English words a phone line writes for a Dutch or German particle ("the" for de, "fan" for van)."""


@functools.lru_cache(maxsize=256)
def _particle_run(letters: str) -> tuple[str, ...] | None:
    """``letters`` split into particles ("vanden": van, den), or None."""
    if not letters:
        return ()
    for end in range(min(len(letters), 5), 0, -1):
        if letters[:end] in _SPELLED_PARTICLES and (rest := _particle_run(letters[end:])) is not None:
            return (letters[:end], *rest)
    return None


def particles_spelled(words: list[str], letters: str) -> list[str] | None:
    """The words with their particles as spelled, when ``letters`` spell particles run together with the last
    word heard, and the words before it were heard as particles or words a line writes for them: "mirte fan
    kusen, that's v a n k u s e n" is Mirte van Kusen, "angelina the elder, that's d e n e l d e r" Angelina
    den Elder (they had been "Mirte Fan Vankusen" and "Angelina de Denelder"). With no particle heard, a
    spelling run together ("Berg, v a n d e n b e r g") may be one word, Vandenberg: left to the usual reading."""
    last = folded(words[-1])
    if len(last) < 2 or not letters.endswith(last) or len(letters) == len(last):
        return None
    particles = _particle_run(letters[: -len(last)])
    keep = len(words) - 1
    while keep and (words[keep - 1].lower() in PARTICLES or words[keep - 1].lower() in _PARTICLE_SOUNDS):
        keep -= 1
    if not particles or keep == len(words) - 1:
        return None
    return [*words[:keep], *particles, words[-1]]


def _continues(tokens: list[str], i: int) -> bool:
    """After a pause, whether the name goes on: a spelling, or a word then its spelling."""
    if _spelling_at(tokens, i) is not None:
        return True
    after = _spelling_at(tokens, i + 1) if tokens[i][:1].isalpha() else None
    return after is not None and _same_word(tokens[i], after[0])


def _capital_name(token: str, cased: bool) -> bool:
    """Whether an everyday word, capitalised mid-name by someone who writes with capitals, is a name:
    "Frank Early", "Carl Nice", "Ana May". Capitals decide, not a dictionary; only the waitlist's own words
    ("Ana Lima Therapist"), a lone "I" and greetings never are."""
    if not (cased and token[0].isupper() and token[1:].islower()):
        return False
    low = token.lower()
    return low in _ALSO_NAMES or not (low in WAITLIST_WORDS or low in _NEVER_CAPITAL_NAMES)


def _two_capitals(tokens: list[str], i: int, cased: bool) -> bool:
    """Whether ``tokens[i]`` and the next token are both written as names, in the middle of a sentence, by
    someone who writes with capitals: "I'm Said Hammarström", "Hammarström, Said". One capitalised everyday
    word alone ("I'm Good") is no name, nor a capital that only starts the answer ("Just Ana")."""
    after = tokens[i + 1] if i + 1 < len(tokens) else ""
    return (
        i > 0
        and tokens[i - 1] != "."
        and _capital_name(tokens[i], cased)
        and after[:1].isupper()
        and after[1:].islower()
        and after.lower() not in NOT_NAMES
    )


def describes(token: str) -> bool:
    """Whether a word looks like a verb or adjective ("retired", "originally", "pricing"), not a name."""
    low = token.lower()
    return low.endswith(_VERB_SUFFIXES) or (low.endswith("ed") and len(low) > 5)


def _spelled_on(tokens: list[str], pauses: set[int], i: int) -> bool:
    """Whether the words from ``tokens[i]`` run, without a pause, to a spelling of the last of them: "said
    nilsson, that's n i l s s o n", "milosz early, that's e a r l y". A spelling says the words are a name,
    everyday words included; words sentences are built from ("i'm", "my", "and") stay what they are."""
    if tokens[i].lower() in SENTENCE_WORDS:
        return False
    j = i + 1
    while j < len(tokens) and j - i <= _MAX_PARTS:
        spelled = _spelling_at(tokens, j)
        if spelled is not None:
            letters, _, cued = spelled
            return cued and len(letters) > 1 and folded(tokens[j - 1])[:1] == letters[0]
        low = tokens[j].lower()
        if j in pauses or not tokens[j].isalpha() or low in SENTENCE_WORDS or low in WAITLIST_WORDS:
            return False
        j += 1
    return False


def _describes(token: str) -> bool:
    """Whether a lower-case word looks like a verb or adjective ("retired", "originally")."""
    if token[0].isupper() and not token.isupper():
        return False
    return describes(token)


def _before_pause(
    tokens: list[str], pauses: set[int], i: int, spelled: tuple[str, int, bool], words: list[str]
) -> tuple[str, int, bool] | None:
    """A spelling read on from a name's words, cut at the next pause: "de la O, I just want ..." ends at "O".

    Letters across a pause still spell when they confirm or correct the words ("Ana, A N A").
    """
    letters, end, cued = spelled
    cut = next((p for p in sorted(pauses) if i < p < end), None)
    if cut is None or _spells_words(words, letters) or _same_word(words[-1], letters):
        return spelled
    read = read_spelling(tokens[:cut], i)
    return (read[0], read[1], cued) if read is not None else None


VIETNAMESE_MIDDLE = frozenset({"van", "thi"})
"""Văn and Thị, the middle names of a Vietnamese name written family name first ("Nguyễn Văn An"), folded."""


def _one_letter_given_name(words: list[str], tokens: list[str], pauses: set[int], i: int) -> bool:
    """Whether the single letter at ``tokens[i]`` ends a Vietnamese name as its given name: "Nguyen Van A",
    "Tran Thi B". After Văn or Thị, at the end of what is said, "A" is no article (it had saved "Nguyen Van")."""
    after = i + 1
    return (
        len(words) >= 2
        and len(tokens[i]) == 1
        and tokens[i].isalpha()
        and folded(words[-1]) in VIETNAMESE_MIDDLE
        and (after == len(tokens) or tokens[after] == "." or after in pauses)
    )


def _initials(letters: str, tokens: list[str], after: int) -> bool:
    """Whether letters said or typed one by one before a name's word are its initials ("j r smith", "T J
    Miller"): two or three with no vowel, so they spell no name ("Jr", "Tj" had been the first name)."""
    return (
        2 <= len(letters) <= 3
        and not any(c in "aeiouy" for c in letters)
        and after < len(tokens)
        and len(tokens[after]) > 1
        and tokens[after][:1].isalpha()
    )


SOMEONE = frozenset({
    "son", "sons", "daughter", "kid", "kids", "wife", "husband", "hubby", "partner", "mom", "mum", "dad",
    "mother", "father", "brother", "sister", "bro", "sis", "friend", "bf", "gf", "boyfriend", "girlfriend",
    "lord", "god", "gosh", "bae", "boo", "baby", "babe", "dude", "man", "bad", "pleasure", "apologies",
})  # fmt: skip
"""Words after "my" that name someone or make a remark ("my son", "my lord", "my bad"), never a surname."""

_GIVEN_SENTENCE_WORDS = frozenset({"my", "an", "do"})
"""Words sentences are built from that are given names too: Swedish and Danish My, Vietnamese An and Do (Đỗ)."""
_NAME_ENDS = frozenset({"and", "."}) | INTRODUCING


def _given_word_before_names(tokens: list[str], pauses: set[int], i: int) -> bool:
    """Whether ``tokens[i]``, "my", "an" or "do", is a given name: one or two words that are nothing but names
    follow it, and the name ends there (the end, a pause, "here", "and", a spelling). "hi, i'm my lindstrom",
    "this is an berg", "My Brandt, 415 …", "my lindstrom, that's l i n d s t r o m" had been no name at all
    ("I missed your name"). "my son", "my bad", "my email is", "do you", "an hour", "I'm an LMT" stay what they
    are: an English article "an" comes before a vowel sound, so "an" is a name only before a consonant."""
    if tokens[i].lower() not in _GIVEN_SENTENCE_WORDS or i + 1 in pauses:
        return False
    j = i + 1
    while j < len(tokens) and j - i <= 2 and j not in pauses and tokens[j].replace("-", "").isalpha():
        low = tokens[j].lower()
        if low in COMMON_WORDS or low in NOT_NAMES or low in SENTENCE_WORDS or low in SOMEONE:
            break
        if not any(c in "aeiouy" for c in folded(low)):
            return False  # "I'm an RMT", "an lmt": letters of a title, no name
        j += 1
    if j == i + 1 or (tokens[i].lower() == "an" and folded(tokens[i + 1])[:1] in "aeiouh"):
        return False
    return (
        j == len(tokens)
        or j in pauses
        or tokens[j].lower() in _NAME_ENDS
        or _spelling_at(tokens, j) is not None
    )


def _given_name_and_surname(tokens: list[str], pauses: set[int], i: int) -> bool:
    """Whether ``tokens[i]`` is a given name on the list (`given_name`) and a word that may be a name follows it,
    with no pause between: after "Don" or "Pan", the two say the word before them was a title."""
    if i + 1 >= len(tokens) or i + 1 in pauses or not given_name(tokens[i]):
        return False
    after = tokens[i + 1]
    return after[:1].isalpha() and (after.lower() not in NOT_NAMES or after.lower() in PARTICLES)


class NameRead(NamedTuple):
    """The words of a name read from an utterance."""

    words: list[str]
    end: int
    """The index of the token after the name."""
    spelled: bool
    """Letters spelled in the name confirmed, corrected or added a word: it is meant as a name, however
    everyday its words are ("said nilsson, that's n i l s s o n", "early, that's e a r l y")."""


def read_name(tokens: list[str], pauses: set[int], i: int, *, weak: bool, cased: bool) -> NameRead | None:
    """Read the words of a name from ``tokens[i]``; None if none are there."""
    n = len(tokens)
    spelled_in = False
    while i < n and tokens[i].lower() in _HESITATIONS:
        i += 1
    words: list[str] = []
    while i < n and len(words) < _MAX_PARTS:
        if words and i in pauses and not _continues(tokens, i):
            break
        spelled = _spelling_at(tokens, i)
        if spelled is not None and words and not spelled[2]:
            spelled = _before_pause(tokens, pauses, i, spelled, words)
        if spelled is not None and (words or not spelled[2]):
            letters, i, cued = spelled
            spelled_in = True
            if _spells_words(words, letters):
                pass  # "Ana Lima, A N A L I M A": the spelling confirms the words
            elif words and (with_particles := particles_spelled(words, letters)):
                words[:] = with_particles  # "angelina the elder, that's d e n e l d e r": Angelina den Elder
            elif words and (k := _word_spelled(words, letters, cued=cued)) is not None:
                if folded(words[k]) != folded(letters):  # "Álvarez, a l v a r e z", "Kısakürek" keep theirs
                    words[k] = letters  # the spelling corrects what was heard
            elif not words and not cued and _initials(letters, tokens, i):
                # "j r smith": J. R. Smith, never "Jr"
                words.extend(f"{letter.upper()}." for letter in letters)
            else:
                words.append(letters)
            continue
        token = tokens[i]
        low = token.lower()
        if not token[0].isalpha() and not (
            low in PARTICLES and (words or (i + 1 < n and tokens[i + 1][:1].isalpha()))
        ):
            break  # but "van 't Riet", "'s Gravensande" go on
        if not words and _given_word_before_names(tokens, pauses, i):
            words.append(token)  # "i'm my lindstrom": Swedish My, not the pronoun
            i += 1
            continue
        before_a_name = i + 1 < n and i + 1 not in pauses and tokens[i + 1][:1].isalpha()
        if (
            low in _TITLES
            or (not words and low in _BEFORE_A_NAME and before_a_name)
            or (
                not words and low in _TITLES_THAT_ARE_NAMES and _given_name_and_surname(tokens, pauses, i + 1)
            )
        ):
            if words:
                break
            i += 1
            continue
        named = words and (
            low in PARTICLES
            or _capital_name(token, cased)
            or irish_article(words[-1], low)
            or _one_letter_given_name(words, tokens, pauses, i)
        )
        if (
            low in NOT_NAMES
            and not named
            and (words or not _two_capitals(tokens, i, cased))
            and (weak or not _spelled_on(tokens, pauses, i))
        ):
            break  # but "I'm Said Hammarström", "said nilsson, that's n i l s s o n": a name
        if (
            _describes(token)
            and not (words and words[-1].lower() in PARTICLES)  # "de koning": a surname
            and (weak or not _spelled_on(tokens, pauses, i))  # "milosz early, that's e a r l y"
        ):
            if not words and weak:
                return None  # "I'm retired", "it's complicated"
            if words:
                break  # "Ana originally from ..."
        words.append(token)
        i += 1
    after = i
    while after < n and after not in pauses and tokens[after].isdigit():
        after += 1  # "ruza_ivancan90 at gmx.at": the digits end the address's first part, not the name
    if not words or (after < n and tokens[after].lower() in _EMAIL_NEXT):
        return None  # "it's ana lima at gmail dot com" is an address
    if weak and cased and not words[0][0].isupper():
        return None  # "I'm retired", typed with care for capitals elsewhere
    return NameRead(words, i, spelled_in)
