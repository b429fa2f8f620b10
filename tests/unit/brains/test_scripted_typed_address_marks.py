"""Addresses typed the ways people type them, read back exactly as meant or asked about.

"ana . lima @ example . com" (a space around every mark) was read back as analima@example.com;
"ana . lima@example.com" kept lima@ without a word; "ana＠example．com", typed on a Chinese or Japanese
keyboard, was no address at all. The addresses come from Faker in many locales (its own, and ones built
from its names with a dot or an underscore); each is typed with spaces around its marks, "dot" and "at"
as words, "(at)", "[dot]", full-width marks, a full stop after it, as a mailto: link and in angle brackets.
"""

from __future__ import annotations

import random
import unicodedata

import pytest
from faker import Faker

from knotty.state import Modality
from tests.unit.brains.conftest import Talk

_LOCALES = (
    "en_US", "de_DE", "fr_FR", "es_ES", "pt_BR", "it_IT", "nl_NL", "pl_PL", "ja_JP", "ko_KR", "zh_TW", "vi_VN",
    "tr_TR", "sv_SE", "ru_RU", "hi_IN", "id_ID", "el_GR", "he_IL", "th_TH",
)  # fmt: skip


def _plain(word: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", word) if c.isascii() and c.isalnum()).lower()


def _addresses() -> list[str]:
    rng = random.Random(1109)
    found: list[str] = []
    for locale in _LOCALES:
        fake = Faker(locale)
        fake.seed_instance(1109)
        found.append(fake.email().lower())
        for _ in range(20):
            first, last = _plain(fake.first_name()), _plain(fake.last_name())
            if len(first) > 1 and len(last) > 1:
                found.append(f"{first}{rng.choice('._')}{last}@{fake.free_email_domain()}")
                break
    return found


def _typed(address: str) -> list[tuple[str, str]]:
    local, domain = address.split("@")
    return [
        ("spaced", f"{local.replace('.', ' . ')} @ {domain.replace('.', ' . ')}"),
        ("spaced before the at", f"{local.replace('.', ' . ').replace('_', ' _ ')}@{domain}"),
        ("spaced at", f"{local} @ {domain}"),
        ("words", f"{local.replace('.', ' dot ')} at {domain.replace('.', ' dot ')}"),
        ("brackets", f"{local}(at){domain.replace('.', '(dot)')}"),
        ("square brackets", f"{local} [at] {domain.replace('.', ' [dot] ')}"),
        ("full-width", f"{local.replace('.', '．')}＠{domain.replace('.', '．')}"),
        ("full stop", f"it's {address}."),
        ("mailto", f"mailto:{address}"),
        ("angle brackets", f"<{address}>"),
        ("name and angle brackets", f"Ana <{address}>"),
    ]


_CASES = [(how, typed, address) for address in _addresses() for how, typed in _typed(address)]


def test_faker_gives_such_addresses() -> None:
    addresses = {address for _, _, address in _CASES}
    joined = [a for a in addresses if any(mark in a.split("@")[0] for mark in "._")]
    assert len(addresses) >= 25 and len(joined) >= 10, addresses


@pytest.mark.parametrize(("how", "typed", "address"), _CASES)
async def test_a_typed_address_is_read_back_as_meant(how: str, typed: str, address: str) -> None:
    t = Talk(Modality.WRITTEN)
    await t.open()
    for line in ("Dana Whitfield", "+1 415 555 0134"):
        await t.say(line)
    r = await t.say(typed)
    if "did you mean" in r.text.lower():
        assert address in r.text.lower(), (how, typed, r.text)  # asked about the address meant
        r = await t.say("yes")
    if "last name" in r.text.lower():  # an address naming another surname (ebernad@) asks for it once
        r = await t.say("that's my whole name")
    r = await t.say("client")
    assert f"email {address};" in r.text.lower(), (how, typed, r.text)
    await t.say("yes")
    assert [s["email"] for s in t.saves] == [address], (how, typed, t.saves)
