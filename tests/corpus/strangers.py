"""People the project never met: Faker names from many locales, with the addresses and numbers they build.

The fixed corpus (`people.py`) has 20 first names and 20 surnames, and passing it says little about
anyone else. Here names come from Faker across locales (particles, hyphens, apostrophes, accents,
two-word first names), plus people whose names are everyday words (Sandy Baker, Bill Rivers, Will
Strong); addresses are built from the name the ways people build them (initials, digits, dots,
underscores, a business domain); numbers come from several countries. Same seed, same people.
"""

from __future__ import annotations

import random
import unicodedata
from functools import cache

import phonenumbers
from faker import Faker

from knotty.fields import FieldError, normalize_email
from knotty.fields._name_words import PARTICLES
from tests.corpus.people import Person
from tests.corpus.people import ascii_letters as plain_letters

__all__ = ["LOCALES", "make_strangers", "plain_given_names"]

LOCALES = (
    "en_US", "en_GB", "en_IE", "en_AU", "en_IN", "es_ES", "es_MX", "pt_BR", "fr_FR", "de_DE", "it_IT",
    "nl_NL", "pl_PL", "sv_SE", "tr_TR",
)  # fmt: skip
_REGIONS = {
    "en_GB": "GB", "en_IE": "IE", "en_AU": "AU", "en_IN": "IN", "es_ES": "ES", "es_MX": "MX", "pt_BR": "BR",
    "fr_FR": "FR", "de_DE": "DE", "it_IT": "IT", "nl_NL": "NL", "pl_PL": "PL", "sv_SE": "SE", "tr_TR": "TR",
}  # fmt: skip
_WORD_FIRSTS = (
    "Sandy", "Bill", "Pat", "Dusty", "Destiny", "Will", "Hope", "Grace", "Faith", "Joy", "Mark", "Frank", "Drew",
    "Chase", "Hunter", "Summer", "Autumn", "Sunny", "Crystal", "Amber", "Ruby", "Penny", "Rich", "Art", "May",
    "Rose", "Iris", "Hazel", "River", "Sky", "Honey", "Dawn", "Robin", "Guy", "Earnest", "Christian", "Don",
)  # fmt: skip
_WORD_LASTS = (
    "Baker", "Rivers", "Bell", "Strong", "Wise", "Sharp", "Little", "Young", "Long", "King", "Black", "White",
    "Brown", "Green", "Hill", "Wood", "Stone", "Fox", "Hunt", "Cook", "Love", "Day", "Early", "Best", "Good",
    "Small", "Moody", "Bright", "Price", "Church", "Hope", "Rich", "Mark", "Booker", "Waters", "Street", "Spring",
    "Winter", "Knight", "Sweet", "Gold", "Major", "Nice", "Miles", "Wells", "Summers", "Fields", "Lane", "Cash",
)  # fmt: skip
_PROVIDERS = ("gmail.com", "yahoo.com", "outlook.com", "hotmail.com", "icloud.com", "aol.com", "proton.me",
              "protonmail.com", "live.com", "msn.com", "gmx.de", "web.de", "orange.fr", "libero.it", "yahoo.co.uk",
              "btinternet.com", "uol.com.br", "mail.com")  # fmt: skip
_BUSINESS = ("massage", "bodywork", "wellness", "spa", "therapy", "healing", "touch", "relax")
_BUSINESS_TLDS = ("com", "net", "co", "studio", "spa", "massage", "co.uk", "org")


@cache
def _faker(locale: str) -> Faker:
    return Faker(locale)


def _as_said(name: str) -> str:
    """A name from Faker's lists as its owner says it: "Emine." without the full stop a list left on it (tr_TR),
    and a catalogue's "Dussen van" (de_DE) in the order people say it, "van Dussen"."""
    if name.endswith(".") and len(name.rstrip(".")) > 2:
        name = name.rstrip(".")
    words = name.split()
    if len(words) > 1 and words[-1] in PARTICLES:
        name = " ".join([words[-1], *words[:-1]])
    return name


def _name(rng: random.Random) -> tuple[str, str, str]:
    """(first, last, locale); one person in four has a first or last name that is an everyday word."""
    locale = rng.choice(LOCALES)
    fake = _faker(locale)
    fake.seed_instance(rng.randrange(2**32))
    first, last = _as_said(fake.first_name()), _as_said(fake.last_name())
    roll = rng.random()
    if roll < 0.1:
        first = rng.choice(_WORD_FIRSTS)
    elif roll < 0.2:
        last = rng.choice(_WORD_LASTS)
    elif roll < 0.25:
        first, last = rng.choice(_WORD_FIRSTS), rng.choice(_WORD_LASTS)
    elif roll < 0.3:
        last = f"{last}-{fake.last_name().split()[-1]}"  # a double-barrelled surname
    return first, last, locale


def _surname_letters(last: str) -> str:
    """The surname's plain letters, as an address uses them ("O'Brien-Smith" -> "obriensmith")."""
    words = plain_letters(last).lower().replace("-", " ").replace("'", "").split()
    return "".join(w for w in words if w.isalpha())


def _local_part(first: str, last: str, rng: random.Random) -> str:
    f = "".join(c for c in plain_letters(first).lower() if c.isalpha() or c == " ").split()
    l_whole = _surname_letters(last)
    given = f[0]
    digits = str(rng.choice([rng.randint(1, 9), rng.randint(10, 99), rng.randint(1950, 2005)]))
    return rng.choice([
        f"{given}.{l_whole}", f"{given}_{l_whole}", f"{given}{l_whole}", f"{given[0]}{l_whole}",
        f"{given[0]}.{l_whole}", f"{given}.{l_whole[0]}", f"{given}{digits}", f"{given}.{l_whole}{digits}",
        f"{l_whole}.{given}", f"{given}_{l_whole}{digits}", f"{given}-{l_whole}", f"{l_whole}{given[0]}",
    ])  # fmt: skip


def _address(first: str, last: str, rng: random.Random) -> str:
    local = _local_part(first, last, rng)
    if rng.random() < 0.75:
        return f"{local}@{rng.choice(_PROVIDERS)}"
    surname = "".join(w for w in plain_letters(last).lower().replace("-", " ").split() if w.isalpha())
    business = rng.choice([f"{surname}{rng.choice(_BUSINESS)}", f"{rng.choice(_BUSINESS)}by{surname}"])
    local = rng.choice([local, "hello", "info", "book", plain_letters(first).lower().split()[0]])
    return f"{local}@{business}.{rng.choice(_BUSINESS_TLDS)}"


def _number(region: str, rng: random.Random) -> str:
    kind = (
        phonenumbers.PhoneNumberType.MOBILE if rng.random() < 0.7 else phonenumbers.PhoneNumberType.FIXED_LINE
    )
    example = phonenumbers.example_number_for_type(region, kind) or phonenumbers.example_number(region)
    assert example is not None
    base = phonenumbers.format_number(example, phonenumbers.PhoneNumberFormat.E164)
    for _ in range(200):
        raw = base[:-4] + f"{rng.randint(0, 9999):04d}"
        if phonenumbers.is_valid_number(phonenumbers.parse(raw, None)):
            return raw
    return base


def _valid_address(email: str) -> bool:
    try:
        normalize_email(email)
    except FieldError:
        return False
    return True


def make_strangers(count: int, seed: int) -> list[Person]:
    """`count` people with unique phones and emails; a third of them not from the US."""
    rng = random.Random(seed)
    people: list[Person] = []
    seen: set[str] = set()
    while len(people) < count:
        first, last, locale = _name(rng)
        if "," in first or "," in last:
            continue  # Faker's "Werl-Arnsberg, van" is a catalogue entry, not how anyone writes their name
        if not all(c.isalpha() or c in " -'." or unicodedata.combining(c) for c in first + last):
            continue  # tr_TR's "N˜zamett˜n": a list's broken encoding, not a name (seed 47075); no one else changes
        if not _surname_letters(last) or not any(c.isalpha() for c in plain_letters(first)):
            continue  # no plain letters to build an address from (seed 2468 made one); nobody else changes
        email = _address(first, last, rng)
        if not _valid_address(email):
            continue  # a name Faker wrote with a full stop ("Ma.") made "ma.@..." (seed 1357)
        region = _REGIONS.get(locale, "US") if rng.random() < 0.5 else "US"
        phone = _number(region, rng)
        if email in seen or phone in seen:
            continue
        seen.update((email, phone))
        people.append(Person(first, last, email, phone, rng.choice(["therapist", "client"]), region != "US"))
    return people


def plain_given_names(count: int, seed: int) -> list[str]:
    """`count` different first given names of generated people, lower-case ASCII letters, three or more
    ("ivecen", "tygo"): the given half of a name a test builds around a surname it chooses."""
    found: list[str] = []
    for p in make_strangers(40 * count, seed):
        given = plain_letters(p.first.split()[0]).lower()
        if given.isalpha() and len(given) > 2 and given not in found:
            found.append(given)
    return found[:count]
