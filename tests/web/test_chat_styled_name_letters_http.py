"""A name typed in full-width or "fancy text" letters is saved in the letters it shows.

Round 17's attacker typed "Ａｎａ Ｌｉｍａ" (an input method left in full width): it was read back and saved
in full-width letters, so the admin's search for "Ana Lima" did not find it, and the same person typing
plainly later was another name. Names pasted from a "fancy text" generator ("𝓐𝓷𝓪 𝓛𝓲𝓶𝓪") were kept as
mathematical symbols. People of several Latin-script locales from Faker; letters outside ASCII (é, ß) have
no full-width or styled form and are typed as they are.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import httpx
import pytest
from faker import Faker

from knotty.fields import normalize_name
from tests.web.conftest import WebVisitor, bubbles, web_app


def _names() -> list[str]:
    names = []
    for locale in ("en_US", "de_DE", "es_ES", "fr_FR", "pt_BR"):
        fake = Faker(locale)
        fake.seed_instance(1717)
        while True:
            first, last = fake.first_name(), fake.last_name()
            if first.isalpha() and last.isalpha():
                names.append(normalize_name(f"{first} {last}"))
                break
    return names


def _wide(name: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in name)


def _styled(base: int) -> Callable[[str], str]:
    """Letters of one mathematical alphabet (bold U+1D400, bold script U+1D4D0, sans bold U+1D5D4)."""

    def styled(name: str) -> str:
        def one(c: str) -> str:
            if "A" <= c <= "Z":
                return chr(base + ord(c) - ord("A"))
            if "a" <= c <= "z":
                return chr(base + 26 + ord(c) - ord("a"))
            return c

        return "".join(one(c) for c in name)

    return styled


_WAYS = {"full-width": _wide, "bold": _styled(0x1D400), "bold-script": _styled(0x1D4D0)}


@pytest.mark.parametrize("way", list(_WAYS))
async def test_the_name_is_read_back_and_saved_in_plain_letters(
    database_url: str, tmp_path: Path, way: str
) -> None:
    names = _names()
    async with web_app(database_url, tmp_path) as (base, runtime):
        for k, name in enumerate(names):
            async with httpx.AsyncClient(base_url=base) as http:  # each person a browser of their own
                visitor = WebVisitor(http)
                await visitor.open("/")
                for text in [_WAYS[way](name), f"415 555 01{k:02d}", f"person{k}@example.com", "client"]:
                    page = await visitor.say(text)
                assert name in bubbles(page.text)[-1], bubbles(page.text)  # the read-back shows it plainly
                page = await visitor.say("yes")
                assert "all set" in bubbles(page.text)[-1], bubbles(page.text)
        saved = sorted(entry.full_name for entry in await runtime.store.list_entries())
        assert saved == sorted(names)
