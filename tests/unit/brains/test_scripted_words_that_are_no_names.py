"""Complaints and non-answers are no names; every name Faker knows still is.

At the name question, typed in lower case or said on a call, "this is stupid" got "Nice to meet you,
Stupid"; "you're annoying" was saved as "You'Re Annoying", "this is taking forever" as "Taking Forever";
"idk", "n/a", "I'm driving", "none", "test", "help", "menu", "next" and "use my email from before" were
greeted as names too, and "this is stupid" at the phone or role question was taken as the first name Stupid.

The words of the complaints are drawn from Faker's en_US lorem words, less every word that is a first or a
last name in any Faker locale (a surname said alone, "this is Green", may be one): not from the list the fix
reads (knotty/fields/_common_words.py, generated from word frequencies by scripts/common_words.py). The
people come from Faker's first and last names of every locale, and the names that are English words
themselves (Will, Grace, Hope, May, Rose...) are all tried.
"""

from __future__ import annotations

import importlib
import random

import faker.config
import pytest

from knotty.brains.scripted.understanding import understand
from knotty.fields._name_reading import _TITLES, folded
from knotty.fields._name_words import NOT_NAMES
from knotty.fields.name import normalize_name
from knotty.state import Modality
from tests.corpus.strangers import make_strangers
from tests.unit.brains.conftest import Talk

_LOCALES = tuple(faker.config.AVAILABLE_LOCALES)


def _names(locale: str, kind: str) -> list[str]:
    """Every name of one kind ("first", "last") in a Faker locale's person provider, each once."""
    try:
        provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
    except ImportError:
        return []
    found: set[str] = set()
    for attr in dir(provider):
        value = getattr(provider, attr)
        if kind in attr and "name" in attr and isinstance(value, (list, tuple, dict)):
            found.update(str(name) for name in value)
    return sorted(found)


_FIRSTS = {locale: _names(locale, "first") for locale in _LOCALES}
_ALL_LASTS = {locale: _names(locale, "last") for locale in _LOCALES}
_LASTS = {locale: [n for n in names if n.isalpha()] for locale, names in _ALL_LASTS.items()}
_NAME_WORDS = frozenset(
    folded(part)
    for table in (_FIRSTS, _ALL_LASTS)
    for names in table.values()
    for name in names
    for part in name.replace("-", " ").split()
)
_LOREM = importlib.import_module("faker.providers.lorem.en_US").Provider.word_list
WORDS = sorted({w for w in _LOREM if w.isalpha() and w.islower() and folded(w) not in _NAME_WORDS})
"""Everyday English words that are nobody's first or last name in any Faker locale."""
NON_ANSWERS = (
    "idk", "n/a", "none", "test", "testing", "help", "menu", "next", "use my email from before",
    "this is stupid", "you're annoying", "this is taking forever", "I'm driving",
)  # fmt: skip
"""What the tester typed at the name question."""


def _phrasings() -> list[str]:
    """Each word as a complaint, a state or a bare answer, and pairs of them after "this is"."""
    rnd = random.Random(2605)
    said = [f"{lead} {w}" for w in WORDS for lead in ("this is", "you're", "i'm")] + list(WORDS)
    said += [f"this is {rnd.choice(WORDS)} {rnd.choice(WORDS)}" for _ in range(200)]
    return said


PHRASINGS = _phrasings()


def _people() -> list[tuple[str, str, str]]:
    """(locale, first, last): 12 first names of each locale, and every first name that is an English word
    (Faker's lorem words: "will", "grace", "hope"), each with a surname of its locale. Not the first names the
    reader refused before this fix, by an older choice: a word of `NOT_NAMES` ("can rey" in lower case, "True
    Tromp", "My Li") or a title ("Doctor", a first name in Faker's en list)."""
    rnd = random.Random(2606)
    lorem = {w.lower() for w in _LOREM}
    people: list[tuple[str, str, str]] = []
    for locale in _LOCALES:
        firsts = [f for f in _FIRSTS[locale] if " " not in f and f.lower() not in NOT_NAMES | _TITLES]
        if not firsts or not _LASTS[locale]:
            continue
        words = [f for f in firsts if f.lower() in lorem]
        for first in [*rnd.sample(firsts, min(12, len(firsts))), *words]:
            people.append((locale, first, rnd.choice(_LASTS[locale])))
    return people


PEOPLE = _people()


def _no_name(text: str, asking: str, *, spoken: bool) -> bool:
    r = understand(text, asking, region="US", spoken=spoken)
    return "full_name" not in r.values and r.first_name is None


def _plain(name: str) -> str:
    return "".join(c for c in name.casefold() if c.isalnum())


def test_the_sources_have_words_and_names() -> None:
    assert len(WORDS) > 400 and len(PEOPLE) > 500
    assert sum(1 for _, first, _ in PEOPLE if first.lower() in {"will", "grace", "hope", "may", "rose"}) >= 3


@pytest.mark.parametrize("spoken", [False, True], ids=["typed", "said"])
def test_a_complaint_or_non_answer_is_no_name(spoken: bool) -> None:
    taken = [t for t in (*PHRASINGS, *NON_ANSWERS) if not _no_name(t, "full_name", spoken=spoken)]
    assert not taken, f"{len(taken)} of {len(PHRASINGS) + len(NON_ANSWERS)} taken as names: {taken[:30]}"


@pytest.mark.parametrize("asking", ["phone", "email", "role"])
def test_this_is_a_complaint_at_another_question_is_no_first_name(asking: str) -> None:
    said = [f"this is {w}" for w in WORDS] + ["this is stupid", "you're annoying"]
    taken = [t for t in said if not _no_name(t, asking, spoken=False)]
    assert not taken, f"{len(taken)} of {len(said)} taken as names: {taken[:30]}"


@pytest.mark.parametrize("spoken", [False, True], ids=["typed", "said"])
def test_every_faker_name_is_still_taken(spoken: bool) -> None:
    refused = []
    for locale, first, last in PEOPLE:
        for text in (f"this is {first} {last}", f"{first} {last}".lower()):
            r = understand(text, "full_name", region="US", spoken=spoken)
            read = r.values.get("full_name") or r.first_name or ""
            if _plain(read) != _plain(normalize_name(f"{first} {last}")):
                refused.append((locale, text, read))
    assert not refused, f"{len(refused)} refused or changed: {refused[:20]}"


STRANGERS = make_strangers(len(NON_ANSWERS), seed=2607)
"""Faker people of several locales (`tests.corpus.strangers`), one for each non-answer."""


@pytest.mark.parametrize("modality", [Modality.WRITTEN, Modality.SPOKEN], ids=["web", "call"])
@pytest.mark.parametrize("index", range(len(NON_ANSWERS)))
async def test_the_name_is_asked_again_and_the_person_then_saved(index: int, modality: Modality) -> None:
    said, p = NON_ANSWERS[index], STRANGERS[index]
    t = Talk(modality, caller_number="+14155550100", silence_limit=3)
    await t.open()
    r = await t.say(said)
    greeted = normalize_name(said.replace("/", "")).split()[-1]
    assert "name" in r.text.lower() and f", {greeted}" not in r.text and "phone" not in r.text.lower(), r.text
    if modality is Modality.SPOKEN:
        _, first, last = PEOPLE[index * 7]
        r = await t.say(f"{first} {last}".lower())
        assert normalize_name(f"{first} {last}".lower()).split()[0] in r.text, r.text
        return
    r = await t.say(p.full_name)
    assert p.first.split()[0] in r.text, r.text
    for answer in (p.phone, p.email, p.role):
        r = await t.say(answer)
    assert "joining as" in r.text, r.text
    await t.say("yes")
    assert t.saves and t.saves[-1] == p.typed_signup()


SURNAME_WORDS = random.Random(2608).sample(WORDS, 12)


@pytest.mark.parametrize("modality", [Modality.WRITTEN, Modality.SPOKEN], ids=["web", "call"])
@pytest.mark.parametrize("word", SURNAME_WORDS)
async def test_an_everyday_word_is_still_a_surname_when_asked_for_or_spelled(
    word: str, modality: Modality
) -> None:
    """A surname said alone when it is asked for ("it's nice"), or spelled ("n i c e"), is the surname, however
    everyday the word: "Honey Nice" on a call had her surname refused until Knotty gave up."""
    _, first, _ = PEOPLE[len(word)]
    for answer in (f"it's {word}", " ".join(word)):
        t = Talk(modality, caller_number="+14155550100", silence_limit=3)
        await t.open()
        r = await t.say(first)
        assert "last name" in r.text, r.text
        r = await t.say(answer)
        assert "last name" not in r.text and "phone" in r.text.lower(), (answer, r.text)


def _key_runs() -> list[str]:
    """Runs of three to seven keys along a keyboard's rows, one or two of them, as people type instead of an
    answer ("asdf", "qwerty", "asdfgh jkl")."""
    rnd = random.Random(2609)
    rows = ("qwertyuiop", "asdfghjkl", "zxcvbnm")

    def run() -> str:
        row = rnd.choice(rows)
        size = rnd.randint(3, min(7, len(row)))
        start = rnd.randint(0, len(row) - size)
        return row[start : start + size]

    return [run() for _ in range(30)] + [f"{run()} {run()}" for _ in range(30)]


@pytest.mark.parametrize("spoken", [False, True], ids=["typed", "said"])
def test_a_run_of_keys_is_no_name(spoken: bool) -> None:
    runs = [r for r in _key_runs() if max(len(w) for w in r.split()) > 3]  # "yui" alone may be Yui
    taken = [r for r in runs if not _no_name(r, "full_name", spoken=spoken)]
    assert not taken, f"{len(taken)} of {len(runs)} taken as names: {taken}"
