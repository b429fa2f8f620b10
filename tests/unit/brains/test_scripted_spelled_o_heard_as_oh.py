"""A surname spelled from its "O", which a recogniser writes "oh": "oh pee a l a see h" is Opalach.

Noisy-line seed 904417 at level 2.5: Igor Opalach spelled his surname and the line wrote "oh pee a l a
see h". "Oh" starts a spelling only when single letters follow it, and "pee" is the letter p as a
recogniser writes it: Knotty read "Palach", three times, and ended the call. Letters written as words
now count. Surnames from Faker that start with an O, in several locales, spelled the way the line
writes letters (`tests.corpus.line.LETTER_WORDS`).
"""

from __future__ import annotations

from faker import Faker

from knotty.state import Modality
from tests.corpus.line import LETTER_WORDS
from tests.unit.brains.callers import plain
from tests.unit.brains.conftest import Talk

LOCALES = ("en_US", "en_GB", "pl_PL", "es_ES", "nl_NL", "de_DE", "en_IE", "it_IT")
WANTED = 16


def _o_surnames() -> list[str]:
    found: list[str] = []
    for n, locale in enumerate(LOCALES):
        fake = Faker(locale)
        fake.seed_instance(n)
        for _ in range(3000):
            last = plain(fake.last_name())
            if last.startswith("o") and last.isalpha() and len(last) >= 4 and last not in found:
                found.append(last)
                if len(found) >= WANTED * (n + 1) // len(LOCALES):
                    break
    assert len(found) >= WANTED // 2, found
    return found


def _as_the_line_spells(word: str) -> str:
    return " ".join(LETTER_WORDS.get(c, c) for c in word)


async def test_a_surname_spelled_from_its_o_keeps_it() -> None:
    wrong = []
    for last in _o_surnames():
        t = Talk(Modality.SPOKEN, caller_number="+14155550100", silence_limit=3)
        await t.open()
        asked = await t.say("igor")
        assert "last name" in asked.text.lower(), asked.text
        said = _as_the_line_spells(last)
        assert said.startswith("oh ")
        r = await t.say(said)
        assert "phone" in r.text.lower(), r.text
        name = f"Igor {last.capitalize()}"
        for line in ("this number", "igor at example dot com", "I'm a client"):
            r = await t.say(line)
        if f"name is {name}, spelled {' '.join(last)}." not in r.text:
            wrong.append(f"{said!r} -> read back {r.text[:90]!r}")
    assert not wrong, "\n".join(wrong)
