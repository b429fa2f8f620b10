"""The people of the corpus and the many ways they say each field, written or through speech recognition.

Everything is generated from small tables with a seeded random generator, so the corpus is large,
varied and reproducible. Each `say_*` function returns what the person would type (WRITTEN) or what a
phone line's speech recogniser would hand over (SPOKEN: lower case, digits often as words, emails as
"at ... dot ...", little punctuation).
"""

from __future__ import annotations

import random
import re
import unicodedata
from dataclasses import dataclass

import phonenumbers

from knotty.fields import normalize_email, normalize_name
from knotty.fields._name_words import PARTICLES
from knotty.state import Modality

__all__ = [
    "EMAIL_STYLES",
    "NAME_STYLES",
    "PHONE_STYLES",
    "ROLE_STYLES",
    "Person",
    "make_people",
    "say_email",
    "say_first_name",
    "say_name",
    "say_phone",
    "say_role",
]

_FIRST = [
    "Ana", "John", "Mary-Jane", "José", "Siobhan", "DeShawn", "Zoe", "Priya", "Wei", "Olusegun",
    "Fatima", "Liam", "Chloe", "Mateo", "Aisha", "Kenji", "Ingrid", "Rafael", "Nadia", "Tom",
]  # fmt: skip
_LAST = [
    "Lima", "Smith", "O'Neil", "Álvarez", "Nguyen", "McDonald", "Kowalski", "Raghunathan", "Chen",
    "Adeyemi", "Haddad", "Murphy", "Dubois", "da Silva", "Khan", "Tanaka", "Johansson", "Ortega",
    "Petrova", "Baker-Jones",
]  # fmt: skip
_DOMAINS = ["gmail.com", "yahoo.com", "outlook.com", "icloud.com", "hotmail.com", "proton.me", "example.org",
            "relaxspa.co", "mail.com", "bodywork.net"]  # fmt: skip
_US_AREAS = ["212", "310", "415", "512", "617", "702", "305", "206", "773", "303"]
_INTERNATIONAL = ["GB", "BR", "DE", "FR", "AU", "IN", "MX", "PT", "ES", "CA"]
_DIGIT_WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
_LETTER_WORDS = {
    "a": "alpha", "b": "bravo", "c": "charlie", "d": "delta", "e": "echo", "f": "foxtrot", "g": "golf",
    "h": "hotel", "i": "india", "j": "juliet", "k": "kilo", "l": "lima", "m": "mike", "n": "november",
    "o": "oscar", "p": "papa", "q": "quebec", "r": "romeo", "s": "sierra", "t": "tango", "u": "uniform",
    "v": "victor", "w": "whiskey", "x": "x-ray", "y": "yankee", "z": "zulu",
}  # fmt: skip

PHONE_STYLES = (
    "dashes",
    "parens",
    "plain",
    "plus",
    "dots",
    "words",
    "oh",
    "double",
    "groups",
    "mixed",
    "pieces",
)
EMAIL_STYLES = ("typed", "upper", "spoken", "spelled", "nato", "mixed")
NAME_STYLES = ("plain", "lower", "filler", "intro", "spelled_surname", "misheard")
ROLE_STYLES = ("word", "lmt", "living", "book", "customer", "plain")


@dataclass(frozen=True)
class Person:
    """Someone joining the waitlist, with the true values of their four fields."""

    first: str
    last: str
    email: str
    phone: str
    """E.164."""
    role: str
    international: bool

    @property
    def full_name(self) -> str:
        return f"{self.first} {self.last}"

    def expected_name(self, modality: Modality, style: str = "plain") -> str:
        """The name as it should be saved: as typed, or as a recogniser writes it (lower case, no accents)."""
        if modality == Modality.SPOKEN:
            name = normalize_name(_spoken_name(self.full_name))
        else:
            name = normalize_name(self.full_name.lower() if style == "lower" else self.full_name)
        words = name.split()
        if words[-1] in PARTICLES and " " not in self.last and self.last[:1].isupper():
            # "Hunter De", "Thu Le": a surname that is a particle alone keeps its capital, said or typed lower-case.
            words[-1] = words[-1][:1].upper() + words[-1][1:]
        return " ".join(words)

    @property
    def expected_email(self) -> str:
        return normalize_email(self.email)

    def typed_signup(self) -> dict[str, str]:
        """The four fields as a signup typed by this person should save them."""
        return {
            "full_name": self.expected_name(Modality.WRITTEN),
            "phone": self.phone,
            "email": self.expected_email,
            "role": self.role,
        }


_FOLD = str.maketrans({"ł": "l", "Ł": "L", "ı": "i", "ø": "o", "Ø": "O", "ß": "ss", "đ": "d", "Đ": "D",
                       "æ": "ae", "Æ": "Ae", "œ": "oe", "þ": "th"})  # fmt: skip


def _ascii(text: str) -> str:
    """Without accents, as a phone recogniser writes a name and as addresses are made ("Łukasz" -> "Lukasz")."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_FOLD))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


ascii_letters = _ascii


def _spoken_name(name: str) -> str:
    return _ascii(name).lower()


def _us_number(rng: random.Random) -> str:
    while True:
        raw = (
            f"+1{rng.choice(_US_AREAS)}{rng.randint(2, 9)}{rng.randint(0, 99):02d}{rng.randint(0, 9999):04d}"
        )
        number = phonenumbers.parse(raw, None)
        if phonenumbers.is_valid_number(number):
            return raw


def _international_number(rng: random.Random) -> str:
    region = rng.choice(_INTERNATIONAL)
    example = phonenumbers.example_number_for_type(region, phonenumbers.PhoneNumberType.MOBILE)
    assert example is not None
    base = phonenumbers.format_number(example, phonenumbers.PhoneNumberFormat.E164)
    while True:
        raw = base[:-3] + f"{rng.randint(0, 999):03d}"
        if phonenumbers.is_valid_number(phonenumbers.parse(raw, None)):
            return raw


def make_people(count: int, seed: int = 7) -> list[Person]:
    """`count` different people (unique phones and emails)."""
    rng = random.Random(seed)
    people: list[Person] = []
    seen: set[str] = set()
    while len(people) < count:
        first, last = rng.choice(_FIRST), rng.choice(_LAST)
        base = _ascii(f"{first}.{last}").lower().replace("'", "").replace(" ", "")
        local = rng.choice([base, base.replace(".", "_"), base.replace(".", ""), f"{base}{rng.randint(1, 99)}",
                            base.split(".")[0] + "-" + base.split(".")[-1]])  # fmt: skip
        email = f"{local}@{rng.choice(_DOMAINS)}"
        international = rng.random() < 0.2
        phone = _international_number(rng) if international else _us_number(rng)
        if email in seen or phone in seen:
            continue
        seen.update((email, phone))
        role = rng.choice(["therapist", "client"])
        people.append(Person(first, last, email, phone, role, international))
    return people


# --- phone -------------------------------------------------------------------------------------


def _national_groups(e164: str) -> list[str]:
    number = phonenumbers.parse(e164, None)
    formatted = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return ["".join(c for c in g if c.isdigit()) for g in formatted.replace("(", " ").replace(")", " ").split()
            if any(c.isdigit() for c in g)]  # fmt: skip


def _words(digits: str, *, oh: bool = False, double: bool = False) -> str:
    out: list[str] = []
    i = 0
    while i < len(digits):
        d = digits[i]
        if double and i + 1 < len(digits) and digits[i + 1] == d:
            out.append("double " + _DIGIT_WORDS[int(d)])
            i += 2
            continue
        out.append("oh" if oh and d == "0" else _DIGIT_WORDS[int(d)])
        i += 1
    return " ".join(out)


def say_phone(person: Person, style: str, modality: Modality) -> list[str]:
    """How the person gives the phone; more than one string when said in pieces (several turns)."""
    number = phonenumbers.parse(person.phone, None)
    intl = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    if person.international:
        cc = str(number.country_code)
        national = phonenumbers.national_significant_number(number)  # Italy keeps its leading 0
        if modality == Modality.WRITTEN:
            return [intl if style != "plain" else person.phone]
        spoken = f"plus {_words(cc)} {_words(national, oh=style == 'oh', double=style == 'double')}"
        return [spoken]
    digits = person.phone[2:]
    area, exchange, line = digits[:3], digits[3:6], digits[6:]
    if modality == Modality.WRITTEN:
        return [
            {
                "dashes": f"{area}-{exchange}-{line}",
                "parens": f"({area}) {exchange}-{line}",
                "plain": digits,
                "plus": f"+1 {area} {exchange} {line}",
                "dots": f"{area}.{exchange}.{line}",
            }.get(style, f"{area} {exchange} {line}")
        ]
    if style == "pieces":
        return [_words(area), f"{_words(exchange)} {_words(line)}"]
    if style == "oh":
        return [f"{_words(area, oh=True)} {_words(exchange, oh=True)} {_words(line, oh=True)}"]
    if style == "double":
        return [f"{_words(area, double=True)} {_words(exchange, double=True)} {_words(line, double=True)}"]
    if style == "groups":
        return [f"{_words(area)}, {_words(exchange)}, {_words(line)}"]
    if style == "mixed":
        return [f"{area} {_words(exchange)} {line}"]
    if style == "plus":
        return [f"plus one {_words(area)} {_words(exchange)} {_words(line)}"]
    return [f"{_words(area)} {_words(exchange)} {_words(line)}"]


# --- email -------------------------------------------------------------------------------------

_SYMBOLS = {".": "dot", "_": "underscore", "-": "dash"}


def _spell_part(part: str, nato: bool) -> str:
    out: list[str] = []
    for c in part:
        if c in _SYMBOLS:
            out.append(_SYMBOLS[c])
        elif c.isdigit():
            out.append(_DIGIT_WORDS[int(c)])
        elif nato:
            out.append(f"{c} as in {_LETTER_WORDS[c]}")
        else:
            out.append(c)
    return " ".join(out)


def _name_words(person: Person) -> set[str]:
    words = f"{person.first} {person.last}".replace("-", " ").replace("'", "")
    return {w for w in _ascii(words).lower().split() if len(w) > 1}


def _say_letters(run: str, names: set[str]) -> str:
    """A run of letters as a person says it: name words as words, an initial then a name, else spelled."""
    if run in names or run in _LOCAL_WORDS:
        return run
    for name in names:  # "jsmith": "j smith"; "smithj": "smith j"; "anasmith": "ana smith"
        if run.endswith(name) and (len(run) - len(name) == 1 or run[: -len(name)] in names):
            return f"{_say_letters(run[: -len(name)], names)} {name}"
        if run.startswith(name) and len(run) - len(name) == 1:
            return f"{name} {run[len(name) :]}"
    return " ".join(run)


_LOCAL_WORDS = frozenset({"hello", "info", "book", "massage", "bodywork", "wellness", "spa", "therapy", "healing",
                          "touch", "relax", "by"})  # fmt: skip


def _spoken_local(local: str, person: Person | None = None) -> str:
    if person is None:
        spelled = local
        for symbol, word in _SYMBOLS.items():
            spelled = spelled.replace(symbol, f" {word} ")
        return " ".join(spelled.split())
    names = _name_words(person)
    out: list[str] = []
    for piece in re.findall(r"[a-z]+|\d+|[._-]", local):
        if piece in _SYMBOLS:
            out.append(_SYMBOLS[piece])
        elif piece.isdigit():
            out.append(_words(piece))
        else:
            out.append(_say_letters(piece, names))
    return " ".join(out)


def _split_label(label: str, words: set[str]) -> str:
    """A business domain's name as said: "limamassage" -> "lima massage", "massagebylima" -> "massage by lima"."""
    for word in words:
        rest = label[len(word) :]
        if label.startswith(word) and rest:
            if rest in words:
                return f"{word} {rest}"
            if rest.startswith("by") and rest[2:] in words:
                return f"{word} by {rest[2:]}"
    return label


def _spoken_domain(domain: str, person: Person) -> str:
    words = _name_words(person) | _LOCAL_WORDS
    return " dot ".join(_split_label(label, words) for label in domain.split("."))


def say_email(person: Person, style: str, modality: Modality) -> str:
    """How the person gives the email."""
    local, domain = person.email.split("@")
    if modality == Modality.WRITTEN:
        if style == "upper":
            return person.email.title()
        if style == "spoken":
            return f"{_spoken_local(local, person)} at {_spoken_domain(domain, person)}"
        return person.email
    spoken_domain = _spoken_domain(domain, person)
    if style == "spelled":
        return f"{_spell_part(local, nato=False)} at {spoken_domain}"
    if style == "nato":
        return f"{_spell_part(local, nato=True)} at {spoken_domain}"
    if style == "mixed":
        return f"{_spoken_local(local, person)} at {domain}"
    return f"{_spoken_local(local, person)} at {spoken_domain}"


# --- name and role -----------------------------------------------------------------------------


def say_name(person: Person, style: str, modality: Modality, *, first_only: bool = False) -> str:
    """How the person gives their name."""
    name = person.first if first_only else person.full_name
    if modality == Modality.SPOKEN:
        name = _spoken_name(name)
    if style == "lower":
        name = name.lower()
    if style == "surname_first" and not first_only and modality == Modality.WRITTEN:
        return f"{person.last}, {person.first}"
    if style == "filler":
        return f"um, yeah, my name's {name}"
    if style == "intro":
        return f"hi, this is {name}" if modality == Modality.SPOKEN else f"Hi! I'm {name}"
    if style == "misheard" and not first_only and modality == Modality.SPOKEN and _simple(person.last):
        # The recogniser mangles the surname; the caller spells it, which is what must be saved.
        heard = _spoken_name(person.last)
        return f"{_spoken_name(person.first)} {_mishear(heard)}, that's {' '.join(heard)}"
    if style == "spelled_surname" and not first_only:
        last = _spoken_name(person.last) if modality == Modality.SPOKEN else person.last
        letters = [c for c in _ascii(last).lower() if c.isalpha()]
        if " " not in last and "-" not in last and "'" not in last:
            return f"{name}, that's {' '.join(letters)}"
    return name


def _simple(word: str) -> bool:
    return word.isalpha() and " " not in word


def _mishear(word: str) -> str:
    """How a recogniser might write a surname it did not know: "lima" -> "leema"."""
    for old, new in (("i", "ee"), ("a", "e"), ("o", "oh"), ("e", "a"), ("u", "oo")):
        if old in word[1:]:
            return word[0] + word[1:].replace(old, new, 1)
    return word + "e"


def say_last_name(person: Person, modality: Modality, *, spell: bool = False, lower: bool = False) -> str:
    """The surname alone, as asked for (letter by letter when asked to spell it); in lower case by someone
    who typed their name in lower case (who expects "McDonald" read back, not the "Mcdonald" of a list)."""
    last = _spoken_name(person.last) if modality == Modality.SPOKEN else person.last
    last = last.lower() if lower else last
    if spell:
        return " ".join(c for c in _ascii(last).lower() if c.isalpha())
    return f"it's {last}"


def say_first_name(person: Person, modality: Modality, *, spell: bool = False) -> str:
    """The first name alone, as asked for once the surname is kept (letter by letter when asked to spell it)."""
    first = _spoken_name(person.first) if modality == Modality.SPOKEN else person.first
    if spell:
        return " ".join(c for c in _ascii(first).lower() if c.isalpha())
    return first


def say_role(person: Person, style: str) -> str:
    """How the person says what they are."""
    if person.role == "therapist":
        return {
            "word": "I'm a therapist",
            "lmt": "I'm an LMT",
            "living": "I give massages for a living",
            "book": "I'm a massage therapist",
            "customer": "therapist",
        }.get(style, "therapist")
    return {
        "word": "I'm a client",
        "lmt": "client please",
        "living": "I just want to get massages",
        "book": "I want to book a massage",
        "customer": "just a customer",
    }.get(style, "client")
