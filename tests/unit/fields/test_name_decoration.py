"""A name typed with an emoji, a heart or an invisible mark beside it is the same name (issue 11).

"Ana 🌸 Lima" lost its surname and looped to "having trouble" (found by the second attack round):
the pictograph ended the name. Decoration between, before or after the words of a name is skipped;
the oracle is the same person's name typed plain, read by the same reader.
"""

from __future__ import annotations

import pytest

from knotty.fields import extract_name
from tests.corpus.strangers import make_strangers

PEOPLE = make_strangers(60, 20261205)
DECORATIONS = ("🌸", "❤️", "👩\u200d⚕️", "✨", "\u200b", "\u2067")


def _plain(first: str, last: str) -> str | None:
    return extract_name(f"{first} {last}", expecting=True)


@pytest.mark.parametrize("mark", DECORATIONS)
def test_decoration_between_the_names_is_no_part_of_them(mark: str) -> None:
    wrong = [
        (p.full_name, got)
        for p in PEOPLE
        if (got := extract_name(f"{p.first} {mark} {p.last}", expecting=True)) != _plain(p.first, p.last)
    ]
    assert not wrong, wrong[:5]


@pytest.mark.parametrize("mark", DECORATIONS)
def test_decoration_around_a_name_is_no_part_of_it(mark: str) -> None:
    wrong = [
        (p.full_name, got)
        for p in PEOPLE
        if (got := extract_name(f"{mark} my name is {p.first} {p.last} {mark}", expecting=True))
        != extract_name(f"my name is {p.first} {p.last}", expecting=True)
    ]
    assert not wrong, wrong[:5]


def test_the_plain_names_are_read_at_all() -> None:
    """The oracle reads these people (a reader that returned None for everything would pass above)."""
    assert sum(_plain(p.first, p.last) is not None for p in PEOPLE) >= 55
