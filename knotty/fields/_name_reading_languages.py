"""How people say "my name is" in other languages, for reading the name after it.

A person asked for their name in English may answer in their own language: "اسمي محمد العلي", "меня зовут
Иван Петров", "ich heiße Klaus Schmidt", "我叫张伟", "김민준입니다". The reader of names knows English cues;
these phrases are said to it as the English ones ("my name is", "I'm"), and the words that only close such a
sentence ("है", "است", "입니다", "です") are left out, so they are never read as part of the name (it had
greeted "Nice to meet you, اسمي", and saved "Меня Зовут Иван Петров").
"""

from __future__ import annotations

import re

__all__ = ["in_english"]

_MY_NAME_IS = (
    # Spanish, Portuguese, French, Italian, Romanian, Catalan
    "me llamo", "mi nombre es", "me chamo", "chamo-me", "meu nome é", "meu nome e", "o meu nome é",
    "je m'appelle", "mon nom est", "mon nom c'est", "moi c'est", "mi chiamo", "il mio nome è", "mio nome è",
    "mă numesc", "ma numesc", "numele meu este", "em dic",
    # German, Dutch, Scandinavian
    "ich heiße", "ich heisse", "mein name ist", "ik heet", "mijn naam is", "jag heter", "jeg heter",
    "jeg hedder", "mitt namn är", "mitt navn er",
    # Slavic, Baltic, Hungarian, Greek, Turkish
    "меня зовут", "моё имя", "мое имя", "мене звати", "моє ім'я", "казвам се", "зовем се",
    "nazywam się", "mam na imię", "jmenuji se", "jmenuju se", "volám sa", "zovem se", "a nevem",
    "με λένε", "ονομάζομαι", "το όνομά μου είναι", "benim adım", "adım", "benim ismim", "ismim",
    # Arabic, Persian, Hebrew, Hindi, Urdu
    "أنا اسمي", "انا اسمي", "اسمي هو", "اسمي", "اسم من", "اسمم", "שמי", "קוראים לי", "השם שלי",
    "मेरा नाम", "میرا نام",
    # South-East Asia, Africa
    "tên tôi là", "tôi tên là", "nama saya", "ang pangalan ko ay", "jina langu ni",
)  # fmt: skip
"""Phrases for "my name is", written apart from the name."""

_MY_SURNAME_IS = (
    "mi apellido es", "mis apellidos son", "el apellido es", "meu sobrenome é", "meu sobrenome e",
    "o meu apelido é", "o meu apelido e", "o sobrenome é", "mon nom de famille est", "mon nom de famille c'est",
    "le nom de famille est", "il mio cognome è", "il mio cognome e", "il cognome è", "mein nachname ist",
    "mein familienname ist", "der nachname ist", "mijn achternaam is", "de achternaam is", "mitt efternamn är",
    "mitt etternavn er", "moje nazwisko to", "nazwisko to", "moje příjmení je", "моя фамилия", "фамилия",
    "soyadım", "soyadim",
)  # fmt: skip
"""Phrases for "my last name is", said to correct or give a surname ("no, mi apellido es Lyma")."""

_MY_NAME_IS_JOINED = (
    "我的名字是", "我的名字叫", "我叫", "私の名前は", "わたしの名前は", "僕の名前は", "제 이름은", "내 이름은",
)  # fmt: skip
"""Phrases for "my name is" in scripts written without spaces: the name may follow at once ("我叫张伟")."""

_I_AM = (
    "soy", "yo soy", "je suis", "ich bin", "eu sou", "ik ben", "jag är", "я", "أنا", "انا", "मैं",
    "saya", "tôi là", "ako si", "저는", "나는",
    # "this is", "here is" as people of these languages start an answer with their name
    "c'est", "ici", "sono", "io sono", "jestem", "ja jestem", "hier ist", "hier spricht", "hier is", "här är",
    "aquí", "aqui", "jsem", "olen",
)  # fmt: skip
"""Phrases for "I'm", taken only where the answer starts: "soy" or "я" inside a sentence are other words.
"c'est Claire Dubois", "sono Marco Rossi", "jestem Anna Nowak" had been greeted "C'Est", "Sono", "Jestem"."""

_HELLO = (
    "bonjour", "bonsoir", "salut", "coucou", "hallo", "guten tag", "grüß gott", "grüss gott", "gruss gott", "servus",
    "moin", "grüezi", "gruezi", "ciao",
    "buongiorno", "buonasera", "olá", "bom dia", "boa tarde", "buenos días", "buenos dias",
    "buenas tardes", "buenas noches", "hola", "goedendag", "goedemiddag", "hej", "hallå", "dzień dobry",
    "dzien dobry", "cześć", "czesc", "ahoj", "dobrý den", "dobry den", "szia", "merhaba", "namaste",
)  # fmt: skip
"""Greetings of other languages that start an answer before the name ("Bonjour, c'est Claire Dubois"): said as
"hi", so the reader of names skips them as it skips "hi" (it had greeted "Thanks, Bonjour."). None is a given name
too (Ola, Selam, Oi are left out)."""

_I_AM_JOINED = ("我是", "私は", "わたしは", "僕は")

_CLOSING = (
    "है", "हूँ", "हूं", "ہے", "ہوں", "است", "هستم", "هست", "입니다", "이에요", "예요", "이라고 합니다", "라고 합니다",
    "と申します", "といいます", "です",
)  # fmt: skip
"""Words that close a sentence giving a name ("मेरा नाम राहुल शर्मा है", "김민준입니다", "山田太郎です")."""


def _phrases(words: tuple[str, ...]) -> str:
    """The phrases as alternatives, the longest first, their apostrophes and spaces matched loosely."""
    ordered = sorted(words, key=len, reverse=True)
    return "|".join(re.escape(p).replace("'", "['’]").replace(r"\ ", r"\s+") for p in ordered)


_INTRO = re.compile(
    rf"(?:(?<![^\W\d_])(?:{_phrases(_MY_NAME_IS)})(?=[\s,:]|$)|(?:{_phrases(_MY_NAME_IS_JOINED)}))\s*",
    re.IGNORECASE,
)
_SURNAME_INTRO = re.compile(rf"(?<![^\W\d_])(?:{_phrases(_MY_SURNAME_IS)})(?=[\s,:]|$)\s*", re.IGNORECASE)
_START = re.compile(
    rf"^(?:(?:{_phrases(_I_AM)})(?=[\s,]|$)|(?:{_phrases(_I_AM_JOINED)}))\s*",
    re.IGNORECASE,
)
_HELLO_START = re.compile(rf"^\s*(?:{_phrases(_HELLO)})(?=[\s,.!]|$)[\s,.!]*", re.IGNORECASE)
_END = re.compile(rf"\s*(?:{_phrases(_CLOSING)})\s*[.!。！]?\s*$")
_FOREIGN_WORDS = frozenset({
    "llamo", "nombre", "chamo", "appelle", "nom", "moi", "chiamo", "mio", "numesc", "numele", "dic", "heisse",
    "mein", "heet", "mijn", "heter", "hedder", "mitt", "soy", "suis", "sou", "ik", "ich", "saya", "ako", "ang",
    "jina", "ismim", "adim", "nevem", "mam", "jmenuji", "jmenuju", "zovem", "meu",
    "apellido", "apellidos", "sobrenome", "apelido", "famille", "cognome", "nachname", "familienname",
    "achternaam", "nazwisko", "soyadim", "efternamn", "etternavn",
    "est", "ici", "sono", "jestem", "hier", "aqui", "jsem", "olen", "har",
    "bonjour", "bonsoir", "salut", "coucou", "hallo", "guten", "gruss", "servus", "moin", "gruezi", "ciao", "buongiorno",
    "buonasera", "bom", "buenos", "buenas", "hola", "goedendag", "goedemiddag", "hej", "dzien", "czesc", "ahoj",
    "dobry", "szia", "merhaba", "namaste",
})  # fmt: skip
"""A word of each phrase written in plain ASCII letters (`tests/unit/fields`: every such phrase has one)."""
_LETTERS = re.compile(r"[a-z]+")


def _may_be_foreign(text: str) -> bool:
    """A cheap test that a text may hold one of the phrases: most answers are plain English and skip the rest.
    Any letter beyond ASCII, or one of `_FOREIGN_WORDS` among the words (a set lookup: the same test as
    one regular expression of the words was a twentieth of reading a turn)."""
    return not text.isascii() or not _FOREIGN_WORDS.isdisjoint(_LETTERS.findall(text.lower()))


def in_english(text: str) -> str:
    """``text`` with another language's "my name is", "my last name is" or "I'm" said as the English cue, and the
    word closing the sentence left out: "меня зовут Иван Петров" is "my name is Иван Петров", "mi apellido es Lyma"
    "my last name is Lyma"."""
    if not _may_be_foreign(text):
        return text
    text = _SURNAME_INTRO.sub(" my last name is ", text, count=1)
    hello = _HELLO_START.match(text)
    greeted = hello is not None and hello.end() < len(text)  # "Hola" alone stays what it is
    if hello is not None and greeted:
        text = "hi, " + text[hello.end() :]
    said = _INTRO.sub(" my name is ", text, count=1)
    if said == text:
        rest = text[4:] if greeted else text.lstrip()
        said = ("hi, " if greeted else "") + _START.sub("i'm ", rest, count=1)
    return _END.sub("", said).strip()
