"""Issue 11: a returning email on the web chat, over real HTTP.

The web proves no phone or email. Once, a person who gave a listed email was told it is already on
the waitlist and asked whether to update that signup; that told anyone whether someone's address is
listed, one address after another. Membership is now never told to an unproven contact
(`tests/security/test_membership_oracle.py`): the visitor is asked what anyone is asked, nothing
stored is read out, and the store keeps their signup apart for the admin instead of changing someone
else's entry, without a word about it.
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


async def test_a_listed_email_is_not_recognised_and_nothing_stored_is_read_out(
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
            assert "already" not in said and "therapist" in said.lower(), said  # the next question
            for stored in ("Jane", "0100"):
                assert stored not in said
            page = await visitor.say("never mind, goodbye")
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
            for text in ("Janet Doe", "415 555 0199"):
                await visitor.say(text)
            page = await visitor.say("jane.doe@example.com")
            assert "therapist" in bubbles(page.text)[-1].lower()
            await visitor.say("client")
            page = await visitor.say("yes")
            [said] = bubbles(page.text)[-1:]
            assert "waitlist" in said and "team" not in said and "another" not in said, said
        entries = sorted(await runtime.store.list_entries(), key=lambda e: e.id or 0)
        assert (entries[0].full_name, entries[0].role, entries[0].review_reason) == (
            "Jane Doe",
            "therapist",
            None,
        )
        assert entries[1].full_name == "Janet Doe" and entries[1].review_reason
