"""Issue 11: a returning email on the web chat, over real HTTP.

The web proves no phone or email, so a person who gives an email that is already listed is told only
that (never the stored name, number or role) and asked whether to update that signup. "No" ends
politely with the entry untouched; "yes" goes on, and the store keeps the update apart for the admin
instead of changing someone else's entry.
"""

from __future__ import annotations

from pathlib import Path

import httpx

from tests.web.conftest import SIGNUP, WebVisitor, bubbles, web_app


async def _signed_up(http: httpx.AsyncClient) -> None:
    first = WebVisitor(http)
    await first.open("/")
    for text in [*SIGNUP, "no thanks"]:
        await first.say(text)


async def test_a_listed_email_is_recognised_and_nothing_stored_is_read_out(
    database_url: str, tmp_path: Path
) -> None:
    async with web_app(database_url, tmp_path) as (base, runtime):
        async with httpx.AsyncClient(base_url=base) as http:
            await _signed_up(http)
        async with httpx.AsyncClient(base_url=base) as http:  # someone else, another browser
            visitor = WebVisitor(http)
            await visitor.open("/")
            await visitor.say("Janet Doe")
            await visitor.say("415 555 0199")
            page = await visitor.say("jane.doe@example.com")
            [said] = bubbles(page.text)[-1:]
            assert "already on our waitlist" in said and "update" in said
            for stored in ("Jane", "0100", "therapist"):
                assert stored not in said
            page = await visitor.say("no, never mind")
            assert 'action="/chat/restart"' in page.text, "the conversation ends politely"
        [entry] = await runtime.store.list_entries()
        assert (entry.full_name, entry.phone, entry.role) == ("Jane Doe", "+14155550100", "therapist")


async def test_an_update_from_someone_unproven_is_kept_apart_not_written_over(
    database_url: str, tmp_path: Path
) -> None:
    async with web_app(database_url, tmp_path) as (base, runtime):
        async with httpx.AsyncClient(base_url=base) as http:
            await _signed_up(http)
        async with httpx.AsyncClient(base_url=base) as http:
            visitor = WebVisitor(http)
            await visitor.open("/")
            for text in ("Janet Doe", "415 555 0199", "jane.doe@example.com"):
                await visitor.say(text)
            page = await visitor.say("yes please")
            assert "therapist" in bubbles(page.text)[-1].lower()
            await visitor.say("client")
            page = await visitor.say("yes")
            assert "team will check" in bubbles(page.text)[-1]
        entries = sorted(await runtime.store.list_entries(), key=lambda e: e.id or 0)
        assert (entries[0].full_name, entries[0].role, entries[0].review_reason) == (
            "Jane Doe",
            "therapist",
            None,
        )
        assert entries[1].full_name == "Janet Doe" and entries[1].review_reason
