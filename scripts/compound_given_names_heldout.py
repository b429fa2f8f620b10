"""Measure the compound given-name list on names it was not built from (a held-out measure; it writes nothing).

    .venv/bin/python -m pip install --target /tmp/heldout gender-guesser mimesis
    PYTHONPATH=. .venv/bin/python scripts/compound_given_names_heldout.py /tmp/heldout

`knotty/fields/_compound_given_names.py` is generated from every Faker locale, so Faker's names cannot tell how
well it does. Two other sources can: gender-guesser's `nam_dict.txt` (Jörg Michael's dictionary of given names;
"Jean+Pierre" style entries are Arabic, Chinese and Korean names that may also be written as one word) and
mimesis's per-locale `person.json` given names. For each source this prints how many of its compound given names
(two or three words, the list's own filter) the list holds, and what the offline brain does with each typed alone
to the name question: asks for the last name (right) or takes it as a first and a last name. It also prints how
many given-name-plus-surname pairs built from mimesis are wrongly taken as given names only.
"""

from __future__ import annotations

import json
import random
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from compound_given_names import _ENGLISH, _names

from knotty.brains.scripted.understanding import understand
from knotty.fields._compound_given_names import COMPOUND_GIVEN_NAMES
from knotty.fields._given_names import plain_words


def _held_out(root: Path, english_surnames: set[str]) -> dict[str, str]:
    """Compound given names, as `plain_words` writes them, with the source each came from."""

    def fits(words: list[str]) -> bool:
        return (
            1 < len(words) <= 3
            and all(w.isascii() and w.isalpha() and len(w) > 1 for w in words)
            and (words[-1] not in english_surnames)
        )

    held: dict[str, str] = {}
    for line in (root / "gender_guesser" / "data" / "nam_dict.txt").read_text(errors="replace").splitlines():
        gender, name = line[:2].strip(), line[3:29].strip()
        if line.startswith("#") or gender.startswith("=") or not any(c in name for c in "+ -"):
            continue
        if fits(words := plain_words(name.replace("+", " "))):
            held.setdefault(" ".join(words), "nam_dict, joined with +" if "+" in name else "nam_dict")
    for path in sorted((root / "mimesis" / "datasets").glob("*/person.json")):
        names = json.loads(path.read_text()).get("names", {})
        for name in (n for group in (names.values() if isinstance(names, dict) else []) for n in group):
            if fits(words := plain_words(name)):
                held.setdefault(" ".join(words), f"mimesis {path.parent.name}")
    return held


def _pairs(root: Path, rng: random.Random) -> list[str]:
    """Given names and surnames of each mimesis locale, paired at random: a first and a last name."""
    pairs: list[str] = []
    for path in sorted((root / "mimesis" / "datasets").glob("*/person.json")):
        data = json.loads(path.read_text())
        given = [n for g in (data.get("names") or {}).values() for n in g if n.isascii() and n.isalpha()]
        raw = data.get("surnames") or []
        family = [
            n
            for g in (raw.values() if isinstance(raw, dict) else [raw])
            for n in g
            if n.isascii() and n.isalpha()
        ]
        pairs += [f"{rng.choice(given)} {rng.choice(family)}" for _ in range(100)] if given and family else []
    return pairs


def main() -> None:
    root = Path(sys.argv[1])
    english = {w for locale in _ENGLISH for name in _names(locale, "last_name") for w in plain_words(name)}
    held = _held_out(root, english)
    for source, _ in Counter(
        v.split(" ")[0] if v.startswith("mimesis") else v for v in held.values()
    ).items():
        names = [
            n for n, v in held.items() if v == source or (source == "mimesis" and v.startswith("mimesis"))
        ]
        listed = sum(n in COMPOUND_GIVEN_NAMES for n in names)
        typed = [
            understand(" ".join(w.capitalize() for w in n.split()), "full_name", region="US") for n in names
        ]
        asked = sum(bool(r.first_name) and "full_name" not in r.values for r in typed)
        print(
            f"{source}: {len(names)} compound given names, {listed} on the list, last name asked for {asked}"
        )
    pairs = _pairs(root, random.Random(13))
    wrong = [p for p in pairs if "full_name" not in understand(p, "full_name", region="US").values]
    print(f"mimesis given name + surname: {len(pairs)} pairs, {len(wrong)} not taken whole: {wrong[:10]}")


if __name__ == "__main__":
    main()
