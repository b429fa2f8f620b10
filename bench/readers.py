"""What each field reader costs a turn: the offline brain runs every one of them on every message.

    python -m bench.readers                 # 2,000 generated utterances, each reader on each
    python -m bench.readers --utterances 500 --seed 7

The utterances are what people say and type to Knotty, generated with Faker in several locales (a
name in a sentence, a phone number in digits or spoken as words, an email spelled out or typed, a
role, a question, a long rambling answer), so the figures are not those of a few sentences the
readers were tuned on. Prints, per reader, the mean and the slowest call in microseconds of this
process's CPU; on a shared machine compare two versions in the same minutes.
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Callable

from faker import Faker

from knotty.fields import (
    extract_email,
    extract_name,
    extract_name_spelling,
    extract_phone,
    extract_role,
    mentions_own_number,
    phone_digits_heard,
    preload_numbering_plans,
)

__all__ = ["READERS", "main", "utterances"]

READERS: dict[str, Callable[[str], object]] = {
    "extract_email": extract_email,
    "extract_name": extract_name,
    "extract_name (asked)": lambda text: extract_name(text, expecting=True),
    "extract_name_spelling": extract_name_spelling,
    "extract_phone": extract_phone,
    "extract_role": extract_role,
    "mentions_own_number": mentions_own_number,
    "phone_digits_heard": phone_digits_heard,
}

LOCALES = ["en_US", "en_GB", "de_DE", "es_MX", "fr_FR", "pt_BR", "it_IT", "pl_PL", "nl_NL", "en_IN"]

_DIGITS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]


def _spoken_digits(digits: str) -> str:
    return " ".join(_DIGITS[int(d)] for d in digits)


def _spoken_email(address: str) -> str:
    """An address as a recogniser writes it: "ana dot lima at gmail dot com"."""
    return address.lower().replace(".", " dot ").replace("@", " at ").replace("_", " underscore ")


_SHAPES: list[Callable[[Faker, random.Random], str]] = [
    lambda f, r: f"Hi, my name is {f.name()} and I'm a {r.choice(['massage therapist', 'client'])}",
    lambda f, r: f"it's {f.first_name().lower()} {f.last_name().lower()}",
    lambda f, r: f"my number is {_spoken_digits(f.numerify('415#######'))}",
    lambda f, r: f"{f.phone_number()}, and my email is {f.email()}",
    lambda f, r: f"sure it's {_spoken_email(f.email())} thanks",
    lambda f, r: f.sentence(nb_words=r.randint(6, 30)),
    lambda f, r: f"um, yeah, I'm looking to book a massage near {f.city()}, what do I do?",
    lambda f, r: " ".join(f.words(r.randint(20, 60))),
    lambda f, r: f"{f.name()}, {f.numerify('+1 ### ### ####')}, {f.email()}, therapist",
]


def utterances(count: int, seed: int) -> list[str]:
    """`count` generated things people say and type to Knotty."""
    rng = random.Random(seed)
    fakers = {locale: Faker(locale) for locale in LOCALES}
    for i, faker in enumerate(fakers.values()):
        faker.seed_instance(seed + i)
    return [rng.choice(_SHAPES)(fakers[rng.choice(LOCALES)], rng) for _ in range(count)]


def _measure(reader: Callable[[str], object], texts: list[str]) -> tuple[float, float]:
    """Mean and slowest CPU microseconds of one call."""
    for text in texts[:50]:
        reader(text)  # warm up: phonenumbers loads its metadata lazily
    slowest, total = 0.0, 0.0
    for text in texts:
        started = time.thread_time_ns()
        reader(text)
        spent = (time.thread_time_ns() - started) / 1000
        total += spent
        slowest = max(slowest, spent)
    return total / len(texts), slowest


def main() -> None:
    """Command line entry point."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--utterances", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    texts = utterances(args.utterances, args.seed)
    preload_numbering_plans()  # as the app does when it starts
    print(f"{len(texts)} utterances, {sum(map(len, texts)) / len(texts):.0f} characters on average")
    together = 0.0
    for name, reader in READERS.items():
        mean, slowest = _measure(reader, texts)
        together += mean
        print(f"  {name:<24} mean {mean:7.1f} µs   slowest {slowest:8.1f} µs")
    print(f"  {'all of them':<24} mean {together:7.1f} µs per message")


if __name__ == "__main__":
    main()
