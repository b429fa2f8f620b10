"""An email address typed whole in fullwidth letters, as a Japanese or Chinese input method left on types it.

Its marks alone (＠, ．) were read; typed whole ("ｂｏ．ｃｈｅｎ＠ｅｘａｍｐｌｅ．ｃｏｍ"), the address was "Sorry, I
didn't catch that email address" every time, however often it was typed. Fullwidth forms are the ASCII
letters, digits and marks in another width (Unicode's U+FF01-U+FF5E), so the address is theirs.
People from Faker's Japanese, Chinese and Korean locales, with their romanised names as addresses.
"""

from __future__ import annotations

import pytest
from faker import Faker

from app.runtime import Runtime
from knotty import Inbound, Modality


def _fullwidth(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


@pytest.mark.parametrize("locale", ["ja_JP", "zh_CN", "zh_TW", "ko_KR"])
async def test_an_address_typed_in_fullwidth_is_read_and_saved(runtime: Runtime, locale: str) -> None:
    fake = Faker(locale)
    fake.seed_instance(1613)
    email = f"{fake.romanized_name().replace(' ', '.').lower() if locale == 'ja_JP' else 'lee.wei'}"
    email = f"{email}{fake.random_int(1, 99)}@{fake.free_email_domain()}"
    said = ["Mei Tanaka", "415 555 0142", _fullwidth(email), "client", "yes"]
    agent, session = runtime.agent, f"fullwidth-{locale}"
    await agent.open(Inbound(channel="web", external_id=session, modality=Modality.WRITTEN))
    replies = []
    for text in said:
        result = await agent.turn(Inbound(channel="web", external_id=session, text=text))
        replies.append(result.reply)
    assert email in replies[-2], f"the address is read back: {replies[2:]}"
    assert result.entry_id is not None
    [entry] = await runtime.store.list_entries()
    assert entry.email == email
