"""`_has_word` finds a word between word boundaries exactly as `re.search(r"\\b" + re.escape(w) + r"\\b")`.

The check that a typed word is no field word mistyped ("Emil" typed with a capital is a name, not
"email") compiled one pattern per word; every name is a new word, so each turn pushed the readers' and
the phone library's patterns out of `re`'s cache. The helper that replaced it must agree with the
pattern everywhere: in Faker sentences and names of several scripts, at the edges, beside digits,
underscores, apostrophes and hyphens.
"""

from __future__ import annotations

import re

from faker import Faker

from knotty.brains.scripted.understanding import _has_word

LOCALES = ("en_US", "de_DE", "fr_FR", "ru_RU", "zh_CN", "ar_AA", "tr_TR", "vi_VN")


def _by_pattern(text: str, word: str) -> bool:
    return bool(re.search(rf"\b{re.escape(word)}\b", text))


def test_agrees_with_the_pattern_on_faker_sentences_and_names() -> None:
    fake = Faker(list(LOCALES))
    fake.seed_instance(8121)
    checked = 0
    for _ in range(250):
        name = fake.name()
        text = f"{fake.sentence()} {name}_{fake.word()} {name[:3]}-{fake.pyint()} '{name}'"
        words = {*text.split(), *name.split(), name, name[:3], name[1:4], "'", "_", "-"}
        for word in words:
            assert _has_word(text, word) == _by_pattern(text, word), (text, word)
            checked += 1
    assert checked > 2000


def test_agrees_with_the_pattern_at_the_edges() -> None:
    for text, word in [
        ("Emil", "Emil"), ("Emily", "Emil"), ("emil", "Emil"), ("x Emil", "Emil"), ("Emil_", "Emil"),
        ("Emil2", "Emil"), ("2Emil", "Emil"), ("Emil-Ana", "Emil"), ("Ana-Emil", "Emil"),
        ("O'Neil", "O'"), ("O'Neil", "'Neil"), ("a -b", "-b"), ("", "Emil"), ("Emil Emily", "Emily"),
        ("EmilEmil Emil", "Emil"), ("Émile", "Émil"), ("Zoë", "Zoë"), ("李Emil", "Emil"),
    ]:  # fmt: skip
        assert _has_word(text, word) == _by_pattern(text, word), (text, word)
