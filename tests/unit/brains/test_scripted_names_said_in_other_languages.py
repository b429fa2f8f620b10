""" "My name is ..." said in the person's own language, asked for their name in English (outside tester's find).

"اسمي محمد العلي" (Arabic for "my name is Mohammed Al-Ali") was greeted "Nice to meet you, اسمي" and saved
with "اسمي" in the name; "меня зовут Иван Петров" was read back as "Меня Зовут Иван Петров", "mein Name ist
Klaus Schmidt" as "Mein", "我叫张伟" and "김민준입니다" saved whole with the words around the name. The phrase is
now read as the English "my name is" (or "I'm"), and the word closing the sentence ("है", "입니다", "です") is
left out. The people come from Faker's locale for each language; the phrasings are the failure's own.
"""

from __future__ import annotations

import unicodedata

import pytest
from faker import Faker

from tests.unit.brains.conftest import Talk

_SAID = {
    "ar_SA": ("اسمي {first} {last}", "اسمي هو {first} {last}", "أنا {first} {last}"),
    "ru_RU": ("меня зовут {first} {last}", "Меня зовут {first} {last}", "Я {first} {last}"),
    "uk_UA": ("мене звати {first} {last}",),
    "es_MX": ("me llamo {first} {last}", "Hola, mi nombre es {first} {last}", "soy {first} {last}"),
    "fr_FR": (
        "je m'appelle {first} {last}",
        "Bonjour, je m’appelle {first} {last}",
        "je suis {first} {last}",
    ),
    "de_DE": ("ich heiße {first} {last}", "mein Name ist {first} {last}", "Ich bin {first} {last}"),
    "it_IT": ("mi chiamo {first} {last}", "il mio nome è {first} {last}"),
    "pt_BR": ("me chamo {first} {last}", "meu nome é {first} {last}"),
    "nl_NL": ("ik heet {first} {last}", "mijn naam is {first} {last}"),
    "pl_PL": ("nazywam się {first} {last}",),
    "tr_TR": ("benim adım {first} {last}", "Adım {first} {last}"),
    "sv_SE": ("jag heter {first} {last}",),
    "he_IL": ("שמי {first} {last}",),
    "fa_IR": ("اسم من {first} {last} است",),
    "hi_IN": ("मेरा नाम {first} {last} है",),
    "zh_CN": ("我叫{last}{first}", "我的名字是{last}{first}"),
    "ko_KR": ("{last}{first}입니다", "저는 {last}{first}입니다", "제 이름은 {last}{first}입니다"),
    "ja_JP": ("私の名前は{last} {first}です",),
    "hr_HR": ("zovem se {first} {last}", "Zovem se {first} {last}"),
    "pt_PT": ("meu nome e {first} {last}",),
}
_TOGETHER = frozenset({"zh_CN", "ko_KR"})
_FAMILY_FIRST = frozenset({"zh_CN", "ko_KR", "ja_JP"})
_PLAIN_KEYBOARD = frozenset({"hr_HR", "pt_PT"})
"""Typed without the language's accents, as on an English keyboard: every letter ASCII ("zovem se Ivan
Horvat" had been saved as "Zovem Se Ivan Horvat")."""


def _plain(word: str) -> str:
    """``word`` without its accents (đ as d), as typed on an English keyboard."""
    decomposed = unicodedata.normalize("NFKD", word.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _written(word: str) -> bool:
    """One word of letters and in-word marks, as a person writes a name (no Faker prefixes or hyphens)."""
    return bool(word) and all(c.isalpha() or unicodedata.category(c).startswith("M") for c in word)


def _cases() -> list[tuple[str, str, str, str]]:
    """(locale, what is typed, the name as saved, the name Knotty calls them by) for each phrasing."""
    cases: list[tuple[str, str, str, str]] = []
    for n, (locale, phrasings) in enumerate(_SAID.items()):
        fake = Faker(locale)
        fake.seed_instance(5200 + n)
        for said in phrasings:
            first, last = fake.first_name(), fake.last_name()
            while not (_written(first) and _written(last)):
                first, last = fake.first_name(), fake.last_name()
            if locale in _PLAIN_KEYBOARD:
                first, last = _plain(first), _plain(last)
            if locale in _TOGETHER:
                name = called = f"{last}{first}"
            elif locale in _FAMILY_FIRST:
                name, called = f"{last} {first}", last
            else:
                name, called = f"{first} {last}", first
            cases.append((locale, said.format(first=first, last=last), name, called))
    return cases


@pytest.mark.parametrize(("locale", "typed", "name", "called"), _cases())
async def test_my_name_is_in_another_language_gives_the_name_alone(
    locale: str, typed: str, name: str, called: str
) -> None:
    t = Talk()
    await t.open()
    r = await t.say(typed)
    assert f", {called}." in r.text or f", {called}!" in r.text, r.text  # greeted by the name
    for line in ("+14155550123", "kw2041@gmail.com", "client"):
        r = await t.say(line)
    assert f"name {name};" in r.text, r.text
    await t.say("yes")
    assert t.saves and t.saves[-1]["full_name"] == name
